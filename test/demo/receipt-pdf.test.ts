import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiptPdf } from '../../src/demo/receipt-pdf.ts';
import { sampleReceiptSpec, type ReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import { readPdfFields } from '../../src/receipts/read-pdf-fields.ts';
import { readUblXml } from '../../src/receipts/read-ubl.ts';
import type { PdfReceipt } from '../../src/receipts/receipt-document.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'receipt-pdf-'));
let pool: ReceiptFilePool;
let fileCount = 0;

beforeAll(() => {
  pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
});
afterAll(() => pool.close());

async function extract(spec: ReceiptSpec): Promise<{ text: string; pageCount: number }> {
  fileCount += 1;
  const file = path.join(dir, `receipt-${fileCount}.pdf`);
  writeFileSync(file, await buildReceiptPdf(spec));
  const result = await pool.extract(file);
  if (!result.ok) throw new Error(`expected text, got ${result.code}: ${result.reason}`);
  return result;
}

async function readBack(spec: ReceiptSpec): Promise<PdfReceipt> {
  const { text, pageCount } = await extract(spec);
  return readPdfFields(text, pageCount);
}

describe('buildReceiptPdf round trip', () => {
  const cases: Array<[string, ReceiptSpec]> = [
    ['boleta', sampleReceiptSpec()],
    ['factura', sampleReceiptSpec({ docType: '01', number: 4567 })],
    ['credit note', sampleReceiptSpec({ docType: '07', number: 8 })],
    ['debit note in USD', sampleReceiptSpec({ docType: '08', currency: 'USD', number: 9 })],
  ];

  it.each(cases)('reads back type, series, number, RUC, date and total of a %s', async (_name, spec) => {
    const fields = await readBack(spec);
    expect(fields.docType).toBe(spec.docType);
    expect(fields.series).toBe(spec.series);
    expect(fields.number).toBe(String(spec.number));
    expect(fields.issuerRuc).toBe(spec.issuerRuc);
    expect(fields.issueDate).toBe(spec.issueDate);
    expect(fields.total).toBe('119.90');
    expect(fields.currency).toBe(spec.currency);
    expect(fields.buyer).toEqual({ schemeId: spec.buyer.schemeId, id: spec.buyer.id, name: spec.buyer.name });
    expect(fields.pageCount).toBe(1);
  });

  it('prints the hash that the XML carries as DigestValue', async () => {
    const spec = sampleReceiptSpec({ docType: '01' });
    const xml = readUblXml(Buffer.from(buildReceiptXml(spec)), 'f.xml');
    const fields = await readBack(spec);
    expect(xml).toMatchObject({ ok: true, value: { digestValue: fields.hash } });
    expect(fields.hash).not.toBeNull();
  });

  it('prints the QR content as text', async () => {
    const fields = await readBack(sampleReceiptSpec({ docType: '01' }));
    expect(fields.qr).toEqual({
      issuerRuc: '20601234565',
      docType: '01',
      series: 'F001',
      number: '123',
      igv: '18.29',
      total: '119.90',
      issueDate: '2024-03-15',
      buyerSchemeId: '6',
      buyerId: '20512345671',
    });
  });

  it('reads padded numbers and other date formats', async () => {
    const fields = await readBack(sampleReceiptSpec({ docType: '01', pdf: { numberPadding: 8, dateFormat: 'DD-MM-YYYY' } }));
    expect(fields.number).toBe('00000123');
    expect(fields.issueDate).toBe('2024-03-15');
  });

  it('spills many lines onto a second page and still reads the totals', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => ({ description: `ARTÍCULO ${index + 1}`, quantity: 1, unitPrice: '10.00' }));
    const fields = await readBack(sampleReceiptSpec({ lines }));
    expect(fields.pageCount).toBe(2);
    expect(fields.total).toBe('600.00');
    expect(fields.series).toBe('B001');
  });
});

describe('buildReceiptPdf overrides', () => {
  it('prints a different total than the XML, grouped by thousands', async () => {
    const spec = sampleReceiptSpec({ pdf: { total: '1250.00' } });
    const fields = await readBack(spec);
    const xml = readUblXml(Buffer.from(buildReceiptXml(spec)), 'b.xml');
    expect(fields.total).toBe('1250.00');
    expect(xml).toMatchObject({ ok: true, value: { total: '119.90' } });
  });

  it('prints another RUC, series and number', async () => {
    const fields = await readBack(sampleReceiptSpec({ pdf: { issuerRuc: '20512345671', series: 'B002', number: 77 } }));
    expect(fields.issuerRuc).toBe('20512345671');
    expect(fields.series).toBe('B002');
    expect(fields.number).toBe('77');
  });

  it('keeps a boleta a boleta when its footer says factura', async () => {
    const fields = await readBack(sampleReceiptSpec({ pdf: { footerTitle: 'FACTURA ELECTRÓNICA' } }));
    expect(fields.docType).toBe('03');
  });

  it('prints a factura title on a boleta when asked to', async () => {
    const fields = await readBack(sampleReceiptSpec({ pdf: { title: 'FACTURA ELECTRÓNICA' } }));
    expect(fields.docType).toBe('01');
    expect(fields.series).toBe('B001');
  });

  it('draws an image-only page with no text layer', async () => {
    const { text, pageCount } = await extract(sampleReceiptSpec({ pdf: { imageOnly: true } }));
    expect(text.trim()).toBe('');
    expect(pageCount).toBe(1);
  });

  it('protects the PDF with a user password', async () => {
    const file = path.join(dir, 'protected.pdf');
    writeFileSync(file, await buildReceiptPdf(sampleReceiptSpec({ pdf: { userPassword: 'abc123' } })));
    expect(await pool.extract(file)).toMatchObject({ ok: false, code: 'PDF_ENCRYPTED' });
  });
});

describe('buildReceiptPdf output', () => {
  it('is a PDF with the same bytes for the same spec', async () => {
    const first = await buildReceiptPdf(sampleReceiptSpec());
    const second = await buildReceiptPdf(sampleReceiptSpec());
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(first.equals(second)).toBe(true);
  });

  it('changes bytes when the spec changes', async () => {
    const first = await buildReceiptPdf(sampleReceiptSpec({ number: 1 }));
    const second = await buildReceiptPdf(sampleReceiptSpec({ number: 2 }));
    expect(first.equals(second)).toBe(false);
  });
});
