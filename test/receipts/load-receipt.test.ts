import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';
import type { BatchFile } from '../../src/intake/batch-plan.ts';
import { loadReceipts, type LoadedReceipt } from '../../src/receipts/load-receipt.ts';
import { createReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'load-receipts-'));
const pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
afterAll(() => pool.close());

function xmlFile(number: number, write = true): BatchFile {
  const storedPath = `${number}.xml`;
  const xml = buildReceiptXml(sampleReceiptSpec({ number }));
  if (write) writeFileSync(path.join(workDir, storedPath), xml);
  return { originalName: `B001-${number}.xml`, storedPath, size: Buffer.byteLength(xml) };
}

describe('loadReceipts', () => {
  it('fails only the unreadable receipt', async () => {
    // 23 receipts make three tasks of up to ten, and the missing file is in the second one.
    const numbers = Array.from({ length: 23 }, (_, index) => index + 1);
    const receipts = numbers.map((number) => ({ pdf: null, xml: xmlFile(number, number !== 14), cdr: null }));

    const loaded = await loadReceipts(receipts, { workDir, maxFileBytes: 1024 * 1024, maxXmlBytes: 1024 * 1024, filePool: pool, archive: null });

    expect(loaded).toHaveLength(23);
    expect(loaded[13]).toBeInstanceOf(Error);
    expect((loaded[13] as Error).message).toContain(path.join(workDir, '14.xml'));
    const read = loaded.filter((entry): entry is LoadedReceipt => !(entry instanceof Error));
    expect(read.map((entry) => entry.document?.number)).toEqual(numbers.filter((number) => number !== 14).map(String));
    expect(read.every((entry) => entry.findings.length === 0)).toBe(true);
  });
});
