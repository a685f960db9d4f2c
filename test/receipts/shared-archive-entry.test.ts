import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaults } from '../../config/defaults.ts';
import { claimedArchive } from '../../src/intake/archive-entry.ts';
import { intakeBatch } from '../../src/intake/intake-batch.ts';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import { rawZip, xmlBytes } from '../intake/zip-bytes.ts';

let tempDir: string;
let pool: ReceiptFilePool;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'shared-entry-'));
  pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 100 });
});

afterAll(async () => {
  await pool.close();
  await rm(tempDir, { recursive: true, force: true });
});

describe('receipt file pool with a shared CDR', () => {
  it('reads one archive entry twice at once', async () => {
    // Two XMLs with one stem in different folders pair into two items with the same CDR file.
    const cdr = Buffer.concat([Buffer.from('<?xml version="1.0"?><ApplicationResponse>'), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from('</ApplicationResponse>')]);
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeFile(archivePath, rawZip([
      { name: 'lote1/20100070970-01-F001-1.xml', data: xmlBytes },
      { name: 'lote2/20100070970-01-F001-1.xml', data: xmlBytes },
      { name: 'R-20100070970-01-F001-1.xml', data: cdr, method: 0 },
    ]));
    const workDir = path.join(tempDir, 'work');
    const plan = await intakeBatch({ kind: 'zip', archivePath }, workDir, { ...defaults.limits });
    if (!plan.ok) throw new Error('expected an ok plan');
    const [first, second] = plan.items;
    expect(first!.cdr?.storedPath).toBe(second!.cdr?.storedPath);

    const cdrFile = first!.cdr!;
    const request = {
      filePath: path.join(workDir, cdrFile.storedPath),
      archive: { file: await claimedArchive(archivePath), entry: cdrFile.archiveEntry! },
      fileName: cdrFile.originalName,
      role: 'cdr' as const,
      maxBytes: 16 * 1024 * 1024,
      maxXmlBytes: 1024,
    };
    const failures: unknown[] = [];
    for (let round = 0; round < 20; round += 1) {
      const settled = await Promise.allSettled([pool.read(request), pool.read(request)]);
      failures.push(...settled.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : [])));
    }
    expect(failures).toEqual([]);
    // Buffer.equals, since a deep comparison of 8 MiB element by element takes most of a minute.
    expect((await readFile(request.filePath)).equals(cdr)).toBe(true);
    expect((await readdir(path.dirname(request.filePath))).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
