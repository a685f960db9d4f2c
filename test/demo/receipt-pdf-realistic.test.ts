import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiptPdf } from '../../src/demo/receipt-pdf.ts';
import { realisticFontsNote, type ReceiptPdfOptions } from '../../src/demo/receipt-pdf-style.ts';
import { sampleReceiptSpec, type ReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import { readPdfFields } from '../../src/receipts/read-pdf-fields.ts';
import type { PdfReceipt } from '../../src/receipts/receipt-document.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'receipt-pdf-realistic-'));
const realistic: ReceiptPdfOptions = { style: 'realistic' };
const dejaVuInstalled = realisticFontsNote() === null;
let pool: ReceiptFilePool;
let fileCount = 0;

beforeAll(() => {
  pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
});
afterAll(() => pool.close());

async function extract(pdf: Buffer): Promise<{ text: string; pageCount: number }> {
  fileCount += 1;
  const file = path.join(dir, `receipt-${fileCount}.pdf`);
  writeFileSync(file, pdf);
  const result = await pool.extract(file);
  if (!result.ok) throw new Error(`expected text, got ${result.code}: ${result.reason}`);
  return result;
}

async function readBack(pdf: Buffer): Promise<PdfReceipt> {
  const { text, pageCount } = await extract(pdf);
  return readPdfFields(text, pageCount);
}

function count(pdf: Buffer, pattern: RegExp): number {
  return pdf.toString('latin1').match(pattern)?.length ?? 0;
}

describe('realistic receipt PDF round trip', () => {
  const cases: Array<[string, ReceiptSpec]> = [
    ['boleta', sampleReceiptSpec()],
    ['factura', sampleReceiptSpec({ docType: '01', number: 4567 })],
    ['credit note', sampleReceiptSpec({ docType: '07', number: 8 })],
    ['debit note in USD', sampleReceiptSpec({ docType: '08', currency: 'USD', number: 9 })],
  ];

  it.each(cases)('reads every field of a %s', async (_name, spec) => {
    const fields = await readBack(await buildReceiptPdf(spec, realistic));
    expect(fields.issuerRuc).toBe(spec.issuerRuc);
    expect(fields.docType).toBe(spec.docType);
    expect(fields.series).toBe(spec.series);
    expect(fields.number).toBe(String(spec.number));
    expect(fields.issueDate).toBe(spec.issueDate);
    expect(fields.total).toBe('119.90');
    expect(fields.currency).toBe(spec.currency);
    expect(fields.buyer).toEqual({ schemeId: spec.buyer.schemeId, id: spec.buyer.id, name: spec.buyer.name });
    expect(fields.qr?.series).toBe(spec.series);
    expect(fields.pageCount).toBe(1);
  });

  it.each(cases)('matches the plain-style text of a %s', async (_name, spec) => {
    const plain = await extract(await buildReceiptPdf(spec));
    const styled = await extract(await buildReceiptPdf(spec, realistic));
    expect(styled.text).toBe(plain.text);
  });

  it('reads totals on a second page', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => ({ description: `ARTÍCULO ${index + 1}`, quantity: 1, unitPrice: '10.00' }));
    const fields = await readBack(await buildReceiptPdf(sampleReceiptSpec({ lines }), realistic));
    expect(fields.pageCount).toBe(2);
    expect(fields.total).toBe('600.00');
  });
});

describe('realistic receipt PDF content', () => {
  it.skipIf(!dejaVuInstalled)('embeds two TrueType subsets', async () => {
    const pdf = await buildReceiptPdf(sampleReceiptSpec(), realistic);
    expect(count(pdf, /\/FontFile2 /g)).toBe(2);
    expect(count(pdf, /\/Subtype \/Type0\s+\/BaseFont \/[A-Z]{6}\+DejaVuSans(-Bold)?\b/g)).toBe(2);
    expect(count(pdf, /\/BaseFont \/Helvetica/g)).toBe(0);
  });

  it('embeds logo and QR as images', async () => {
    const pdf = await buildReceiptPdf(sampleReceiptSpec(), realistic);
    expect(count(pdf, /\/Subtype \/Image/g)).toBe(3);
    expect(count(pdf, /\/SMask \d+ 0 R/g)).toBe(1);
    expect(count(pdf, /\/Subtype \/Image\s+\/BitsPerComponent 1\b/g)).toBe(1);
  });

  it.skipIf(!dejaVuInstalled)('is as large as a real one-page receipt', async () => {
    const pdf = await buildReceiptPdf(sampleReceiptSpec(), realistic);
    expect(pdf.length).toBeGreaterThan(30_000);
    expect(pdf.length).toBeLessThan(60_000);
  });

  it('draws an image-only page without text', async () => {
    const { text, pageCount } = await extract(await buildReceiptPdf(sampleReceiptSpec({ pdf: { imageOnly: true } }), realistic));
    expect(text.trim()).toBe('');
    expect(pageCount).toBe(1);
  });

  it('has the same bytes for the same spec', async () => {
    const first = await buildReceiptPdf(sampleReceiptSpec(), realistic);
    const second = await buildReceiptPdf(sampleReceiptSpec(), realistic);
    expect(first.equals(second)).toBe(true);
  });

  it('keeps the plain style unchanged', async () => {
    const pdf = await buildReceiptPdf(sampleReceiptSpec(), { style: 'plain' });
    expect(pdf.equals(await buildReceiptPdf(sampleReceiptSpec()))).toBe(true);
    expect(count(pdf, /\/FontFile2 /g)).toBe(0);
    expect(count(pdf, /\/Subtype \/Image/g)).toBe(0);
  });
});

describe('realistic receipt PDF without DejaVu', () => {
  const emptyFontDir = mkdtempSync(path.join(os.tmpdir(), 'no-fonts-'));

  it('notes missing font files', () => {
    const note = realisticFontsNote(emptyFontDir);
    expect(note).toContain('DejaVuSans.ttf and DejaVuSans-Bold.ttf');
    expect(note).toContain(emptyFontDir);
    expect(note).not.toContain('\n');
  });

  it('falls back to standard fonts', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const spec = sampleReceiptSpec({ docType: '01' });
      const pdf = await buildReceiptPdf(spec, { style: 'realistic', fontDir: emptyFontDir });
      await buildReceiptPdf(spec, { style: 'realistic', fontDir: emptyFontDir });
      await new Promise((resolve) => setImmediate(resolve));
      expect(count(pdf, /\/FontFile2 /g)).toBe(0);
      expect(count(pdf, /\/BaseFont \/Helvetica-Bold/g)).toBe(1);
      expect(count(pdf, /\/Subtype \/Image/g)).toBe(3);
      expect(warnings.map((warning) => warning.message)).toEqual([realisticFontsNote(emptyFontDir)]);

      const fields = await readBack(pdf);
      expect(fields.series).toBe('F001');
      expect(fields.total).toBe('119.90');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
