import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { defaults } from '../../config/defaults.ts';
import { createFileStore } from '../../src/intake/file-store.ts';
import { readArchive } from '../../src/intake/read-archive.ts';

const entryCount = 100;
const entryBytes = 2 * 1024 * 1024;
const archiveBytes = entryCount * entryBytes;

/** Random (incompressible) bytes made on demand, so the test itself never keeps the archive in memory. */
function randomStream(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      const chunk = Math.min(left, 256 * 1024);
      left -= chunk;
      this.push(chunk > 0 ? randomBytes(chunk) : null);
    },
  });
}

let workDir: string;
let archivePath: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'archive-memory-'));
  archivePath = path.join(workDir, 'grande.zip');
  const zip = new yazl.ZipFile();
  for (let index = 0; index < entryCount; index += 1) {
    // Every tenth entry is deflated so both code paths (stored and inflated) stream.
    zip.addReadStream(randomStream(entryBytes), `lote/${index}.pdf`, { compress: index % 10 === 0, size: entryBytes });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(archivePath));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('readArchive memory', () => {
  it('streams 200 MB without holding it', async () => {
    expect((await stat(archivePath)).size).toBeGreaterThan(archiveBytes);
    const store = await createFileStore(path.join(workDir, 'work'));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);

    let result;
    try {
      result = await readArchive(archivePath, store, { ...defaults.limits });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(result.ok).toBe(true);
    expect(await readdir(path.join(workDir, 'work', 'files'))).toHaveLength(entryCount);
    // adm-zip grows by more than the archive size here (about 230 MB for this archive); yauzl by about 25 MB.
    expect(peak - baseline).toBeLessThan(archiveBytes / 3);
  });
});
