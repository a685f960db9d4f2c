import { describe, expect, it } from 'vitest';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { mergeReceipt } from '../../src/receipts/merge-receipt.ts';
import { readPdfFields } from '../../src/receipts/read-pdf-fields.ts';
import { readUblXml } from '../../src/receipts/read-ubl.ts';
import type { CdrReceipt, PdfReceipt, XmlReceipt } from '../../src/receipts/receipt-document.ts';

function xmlOf(overrides: Parameters<typeof sampleReceiptSpec>[0]): XmlReceipt {
  const result = readUblXml(Buffer.from(buildReceiptXml(sampleReceiptSpec(overrides))), 'r.xml');
  if (!result.ok) throw new Error(result.code);
  return result.value;
}

const pdf: PdfReceipt = readPdfFields(
  ['BOLETA DE VENTA ELECTRÓNICA', 'R.U.C. 20512345671', 'B009-77', 'Fecha de emisión: 01/02/2024', 'Cliente: JUAN PÉREZ', 'DNI: 12345678', 'IMPORTE TOTAL S/ 50.00'].join('\n'),
  1,
);

const cdr: CdrReceipt = { source: 'cdr', documentId: '20601234565-03-B001-123', responseCode: '0', description: 'aceptada', notes: [] };

describe('mergeReceipt', () => {
  it('takes every field from the XML when there is one', () => {
    const xml = xmlOf({ docType: '07', modifies: { docType: '03', series: 'B001', number: 5 } });
    const merged = mergeReceipt({ xml, pdf, cdr });
    expect(merged).toMatchObject({
      docType: '07',
      series: 'BC01',
      number: '123',
      issuerRuc: '20601234565',
      issueDate: '2024-03-15',
      currency: 'PEN',
      total: '119.90',
      igv: '18.29',
      taxableBase: '101.61',
      orderReference: '2000123456',
      modifiedDocument: 'B001-5',
      modifiedDocType: '03',
    });
    expect(merged.buyer).toEqual(xml.buyer);
    expect(merged.xml).toBe(xml);
    expect(merged.pdf).toBe(pdf);
    expect(merged.cdr).toBe(cdr);
  });

  it('leaves XML gaps unfilled by the PDF', () => {
    const xml = { ...xmlOf({}), issuerRuc: null };
    expect(mergeReceipt({ xml, pdf, cdr: null }).issuerRuc).toBeNull();
  });

  it('uses the PDF when there is no XML', () => {
    const merged = mergeReceipt({ xml: null, pdf, cdr: null });
    expect(merged).toMatchObject({
      docType: '03',
      series: 'B009',
      number: '77',
      issuerRuc: '20512345671',
      issueDate: '2024-02-01',
      currency: 'PEN',
      total: '50.00',
      igv: null,
      orderReference: null,
      modifiedDocument: null,
      xml: null,
      cdr: null,
    });
    expect(merged.buyer).toEqual({ schemeId: '1', id: '12345678', name: 'JUAN PÉREZ' });
  });

  it('returns an empty document when neither file was read', () => {
    const merged = mergeReceipt({ xml: null, pdf: null, cdr });
    expect(merged.docType).toBeNull();
    expect(merged.buyer).toEqual({ schemeId: null, id: null, name: null });
    expect(merged.cdr).toBe(cdr);
  });
});
