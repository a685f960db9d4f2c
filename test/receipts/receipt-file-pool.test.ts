import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiptPdf } from '../../src/demo/receipt-pdf.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import { cpuHungryPdf, heapHungryPdf } from './hostile-pdfs.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const dir = mkdtempSync(path.join(os.tmpdir(), 'receipt-file-pool-'));
const samplesDir = path.resolve(import.meta.dirname, '../../../shared/samples/real');

function writeFixture(name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const files: Record<string, string> = {};

beforeAll(async () => {
  for (const number of [1, 2, 3, 4, 5, 6]) {
    files[`receipt${number}`] = writeFixture(`receipt-${number}.pdf`, await buildReceiptPdf(sampleReceiptSpec({ number })));
  }
  files.encrypted = writeFixture('encrypted.pdf', await buildReceiptPdf(sampleReceiptSpec({ pdf: { userPassword: 'clave-2024' } })));
  files.garbage = writeFixture('garbage.pdf', Buffer.from('%PDF-1.7\nthis is not a pdf at all\n'.repeat(20)));
  files.png = writeFixture('image.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  files.cpuHungry = writeFixture('cpu-hungry.pdf', cpuHungryPdf(4_000_000));
  files.heapHungry = writeFixture('heap-hungry.pdf', heapHungryPdf(1_000_000));
});

describe('createReceiptFilePool', () => {
  let pool: ReceiptFilePool;
  beforeAll(() => {
    pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
  });
  afterAll(() => pool.close());

  it('extracts the text and page count of a receipt', async () => {
    const result = await pool.extract(files.receipt1 as string);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pageCount).toBe(1);
    expect(result.text).toContain('BOLETA DE VENTA ELECTRÓNICA');
    expect(result.text).toContain('B001-1');
    expect(result.text).not.toContain('-- 1 of 1 --');
  });

  it('extracts files in parallel, each with its own text', async () => {
    const names = ['receipt1', 'receipt2', 'receipt3', 'receipt4', 'receipt5', 'receipt6'];
    const results = await Promise.all(names.map((name) => pool.extract(files[name] as string)));
    results.forEach((result, index) => {
      expect(result, names[index]).toMatchObject({ ok: true, text: expect.stringContaining(`B001-${index + 1}\n`) });
    });
  });

  it('reports a password-protected PDF as PDF_ENCRYPTED', async () => {
    expect(await pool.extract(files.encrypted as string)).toMatchObject({ ok: false, code: 'PDF_ENCRYPTED' });
  });

  it('reports garbage with a PDF header as PDF_UNREADABLE', async () => {
    const result = await pool.extract(files.garbage as string);
    expect(result).toMatchObject({ ok: false, code: 'PDF_UNREADABLE' });
  });

  it('reports an image named .pdf as PDF_UNREADABLE', async () => {
    expect(await pool.extract(files.png as string)).toMatchObject({ ok: false, code: 'PDF_UNREADABLE' });
  });

  it('rejects a missing file, which is not the seller’s fault', async () => {
    const missing = path.join(dir, 'missing.pdf');
    await expect(pool.extract(missing)).rejects.toThrow(missing);
  });
});

describe('ReceiptFilePool.read', () => {
  let pool: ReceiptFilePool;
  const limits = { maxBytes: 1024 * 1024, maxXmlBytes: 64 * 1024 };
  beforeAll(() => {
    pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
  });
  afterAll(() => pool.close());

  it('parses a UBL XML with its hash', async () => {
    const filePath = path.join(samplesDir, '20604051984-03-B001-848.xml');
    const result = await pool.read({ filePath, fileName: 'boleta.xml', role: 'document', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'xml', sha256: sha256(filePath), parsed: { ok: true, value: { source: 'xml', docType: '03', series: 'B001', number: '848' } } });
  });

  it('reads a PDF named .xml', async () => {
    const filePath = files.receipt2 as string;
    const result = await pool.read({ filePath, fileName: 'comprobante.xml', role: 'document', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'pdf', sha256: sha256(filePath), parsed: { ok: true, value: { source: 'pdf', series: 'B001', number: '2' } } });
  });

  it('reads a CDR', async () => {
    const filePath = path.join(samplesDir, 'R-20604051984-03-B001-9927.xml');
    const result = await pool.read({ filePath, fileName: 'R-20604051984-03-B001-9927.xml', role: 'cdr', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'xml', parsed: { ok: true, value: { source: 'cdr', responseCode: '0' } } });
  });

  it('names the file of a malformed XML', async () => {
    const filePath = writeFixture('broken.xml', '<?xml version="1.0"?><Invoice><cbc:ID>F001-1</Invoice>');
    const result = await pool.read({ filePath, fileName: 'F001-1.xml', role: 'document', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'xml', parsed: { ok: false, code: 'XML_MALFORMED', details: { file: 'F001-1.xml' } } });
  });

  it('reports an encrypted PDF', async () => {
    const result = await pool.read({ filePath: files.encrypted as string, fileName: 'x.pdf', role: 'document', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'pdf', sha256: sha256(files.encrypted as string), parsed: { ok: false, code: 'PDF_ENCRYPTED' } });
  });

  it('describes other file types', async () => {
    const result = await pool.read({ filePath: files.png as string, fileName: 'foto.pdf', role: 'document', ...limits });
    expect(result).toMatchObject({ status: 'read', kind: 'other', description: 'imagen PNG' });
  });

  it('skips empty and oversized files', async () => {
    const empty = writeFixture('empty.xml', '');
    const bigXml = writeFixture('big.xml', `<?xml version="1.0"?><Invoice>${'x'.repeat(70 * 1024)}</Invoice>`);
    expect(await pool.read({ filePath: empty, fileName: 'empty.xml', role: 'document', ...limits })).toEqual({ status: 'too-large', size: 0, max: limits.maxBytes });
    expect(await pool.read({ filePath: bigXml, fileName: 'big.xml', role: 'document', ...limits })).toMatchObject({ status: 'too-large', max: limits.maxXmlBytes });
    expect(await pool.read({ filePath: files.receipt1 as string, fileName: 'a.pdf', role: 'document', maxBytes: 100, maxXmlBytes: 100 })).toMatchObject({ status: 'too-large', max: 100 });
  });

  it('rejects a read of a missing file', async () => {
    const missing = path.join(dir, 'missing.xml');
    await expect(pool.read({ filePath: missing, fileName: 'x.xml', role: 'document', ...limits })).rejects.toThrow(missing);
  });
});

describe('createReceiptFilePool limits', () => {
  it('stops a file that runs past the time limit and keeps working', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 1000, memoryMb: 256, recycleAfter: 1000 });
    try {
      const stuck = await pool.extract(files.cpuHungry as string);
      expect(stuck).toEqual({ ok: false, code: 'PDF_UNREADABLE', reason: 'se agotó el tiempo de lectura de 1000 ms' });

      const next = await pool.extract(files.receipt2 as string);
      expect(next).toMatchObject({ ok: true, text: expect.stringContaining('B001-2') });
    } finally {
      await pool.close();
    }
  });

  it('times a file from when its thread starts it', async () => {
    // A fresh thread needs longer than 500 ms to load pdf.js, on its first start and after
    // each timeout, and that wait must not count against the file.
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 500, memoryMb: 256, recycleAfter: 1000 });
    try {
      const first = await pool.extract(files.receipt1 as string);
      expect(first).toMatchObject({ ok: true, text: expect.stringContaining('B001-1') });

      for (const name of ['receipt2', 'receipt3']) {
        const stuck = await pool.extract(files.cpuHungry as string);
        expect(stuck).toEqual({ ok: false, code: 'PDF_UNREADABLE', reason: 'se agotó el tiempo de lectura de 500 ms' });
        const next = await pool.extract(files[name] as string);
        expect(next, name).toMatchObject({ ok: true, text: expect.stringContaining(name.replace('receipt', 'B001-')) });
      }
    } finally {
      await pool.close();
    }
  });

  it('stops a slow read, then goes on', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 1000, memoryMb: 256, recycleAfter: 1000 });
    try {
      const limits = { role: 'document' as const, maxBytes: 64 * 1024 * 1024, maxXmlBytes: 1024 * 1024 };
      const stuck = await pool.read({ filePath: files.cpuHungry as string, fileName: 'lento.pdf', ...limits });
      expect(stuck).toEqual({ status: 'stopped', kind: 'pdf', reason: 'se agotó el tiempo de lectura de 1000 ms' });
      const next = await pool.read({ filePath: files.receipt5 as string, fileName: 'b.pdf', ...limits });
      expect(next).toMatchObject({ status: 'read', kind: 'pdf', parsed: { ok: true } });
    } finally {
      await pool.close();
    }
  });

  it('rereads the files a stop lost', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 1000, memoryMb: 256, recycleAfter: 1000 });
    try {
      const limits = { role: 'document' as const, maxBytes: 64 * 1024 * 1024, maxXmlBytes: 1024 * 1024 };
      // The stopped thread loses the results of both neighbours: the first was read before the stuck file, the last not yet.
      const results = await pool.readReceipt([
        { filePath: files.receipt5 as string, fileName: 'antes.pdf', ...limits },
        { filePath: files.cpuHungry as string, fileName: 'lento.pdf', ...limits },
        { filePath: files.receipt6 as string, fileName: 'despues.pdf', ...limits },
      ]);

      expect(results[0]).toMatchObject({ status: 'read', kind: 'pdf', sha256: sha256(files.receipt5 as string), parsed: { ok: true } });
      expect(results[1]).toEqual({ status: 'stopped', kind: 'pdf', reason: 'se agotó el tiempo de lectura de 1000 ms' });
      expect(results[2]).toMatchObject({ status: 'read', kind: 'pdf', sha256: sha256(files.receipt6 as string), parsed: { ok: true } });
    } finally {
      await pool.close();
    }
  });

  it('times parses apart from reads', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 1000, memoryMb: 256, recycleAfter: 1000 });
    try {
      // 60 reads and hashes of 16 MiB take well over the 1000 ms that each parse may take (about 1.5 s here).
      const large = writeFixture('large.bin', Buffer.alloc(16 * 1024 * 1024, 7));
      const limits = { role: 'document' as const, maxBytes: 64 * 1024 * 1024, maxXmlBytes: 1024 * 1024 };
      const requests = [
        { filePath: files.receipt4 as string, fileName: 'primero.pdf', ...limits },
        ...Array.from({ length: 60 }, (_, index) => ({ filePath: large, fileName: `foto-${index}.bin`, ...limits })),
      ];
      const results = await pool.readFiles(requests);

      expect(results[0]).toMatchObject({ status: 'read', kind: 'pdf', parsed: { ok: true } });
      expect(results.slice(1).every((result) => result.status === 'read' && result.kind === 'other')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('reports a thread that runs out of heap and keeps working', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 120_000, memoryMb: 64, recycleAfter: 1000 });
    try {
      const hungry = await pool.extract(files.heapHungry as string);
      expect(hungry).toEqual({ ok: false, code: 'PDF_UNREADABLE', reason: 'superó el límite de memoria de 64 MiB' });

      const next = await pool.extract(files.receipt3 as string);
      expect(next).toMatchObject({ ok: true, text: expect.stringContaining('B001-3') });
    } finally {
      await pool.close();
    }
  });

  it('replaces its threads after recycleAfter files without losing any', async () => {
    const pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 2 });
    try {
      const names = ['receipt1', 'receipt2', 'receipt3', 'receipt4', 'receipt5', 'receipt6', 'receipt1'];
      const results = await Promise.all(names.map((name) => pool.extract(files[name] as string)));
      expect(results.map((result) => result.ok)).toEqual(names.map(() => true));

      const after = await pool.extract(files.encrypted as string);
      expect(after).toMatchObject({ ok: false, code: 'PDF_ENCRYPTED' });
    } finally {
      await pool.close();
    }
  });

  it('closes once and refuses new files after close', async () => {
    const pool = createReceiptFilePool({ threads: 1, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 10 });
    const running = pool.extract(files.receipt4 as string);
    const firstClose = pool.close();
    expect(pool.close()).toBe(firstClose);

    expect((await running).ok).toBe(true);
    await firstClose;
    await expect(pool.extract(files.receipt4 as string)).rejects.toThrow(/closed/);
  });

  it('rejects options that are not positive integers', () => {
    expect(() => createReceiptFilePool({ threads: 0, timeoutMs: 1000, memoryMb: 64, recycleAfter: 1 })).toThrow(/threads/);
    expect(() => createReceiptFilePool({ threads: 1, timeoutMs: 1.5, memoryMb: 64, recycleAfter: 1 })).toThrow(/timeoutMs/);
    expect(() => createReceiptFilePool({ threads: 1, timeoutMs: 1000, startLimitMs: 0, memoryMb: 64, recycleAfter: 1 })).toThrow(/startLimitMs/);
  });
});
