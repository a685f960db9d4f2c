import { describe, expect, it } from 'vitest';
import { checkPdfXmlPair } from '../../src/checks/check-pdf-xml-pair.ts';
import type { PdfReceipt, QrFields, ReceiptDocument } from '../../src/receipts/receipt-document.ts';
import { codesOf, expectMessagesFilled, factura } from './receipt-fixtures.ts';

function withPdf(changes: Partial<PdfReceipt>, doc: ReceiptDocument = factura()): ReceiptDocument {
  return { ...doc, pdf: { ...doc.pdf!, ...changes } };
}

function withQr(changes: Partial<QrFields>): ReceiptDocument {
  const doc = factura();
  return withPdf({ qr: { ...doc.pdf!.qr!, ...changes } }, doc);
}

describe('checkPdfXmlPair', () => {
  it('passes an agreeing pair', () => {
    expect(checkPdfXmlPair(factura())).toEqual([]);
  });

  it('passes a PDF alone or an XML alone', () => {
    expect(checkPdfXmlPair({ ...factura(), xml: null })).toEqual([]);
    expect(checkPdfXmlPair({ ...factura(), pdf: null })).toEqual([]);
  });

  it('passes fields the PDF does not show', () => {
    const doc = withPdf({ issuerRuc: null, series: null, number: null, total: null, hash: null, qr: null });
    expect(checkPdfXmlPair(doc)).toEqual([]);
  });

  it('passes a total within a cent', () => {
    expect(checkPdfXmlPair(withPdf({ total: '236.01' }))).toEqual([]);
  });

  it('passes a hash printed across lines', () => {
    expect(checkPdfXmlPair(withPdf({ hash: 'qPs3nL1uB0G4tS9k\n2Qx8Ww1fYz0=' }))).toEqual([]);
  });

  it.each([
    ['RUC emisor', { issuerRuc: '20131312955' }, '20131312955', '20100070970'],
    ['serie-número', { series: 'F002' }, 'F002-00000123', 'F001-123'],
    ['serie-número', { number: '124' }, 'F001-124', 'F001-123'],
    ['total', { total: '236.02' }, 'S/ 236.02', 'S/ 236.00'],
    ['hash', { hash: 'otroHash=' }, 'otroHash=', 'qPs3nL1uB0G4tS9k2Qx8Ww1fYz0='],
  ] as const)('rejects a different %s', (field, changes, pdfValue, xmlValue) => {
    const findings = checkPdfXmlPair(withPdf(changes));
    expect(findings).toEqual([{ code: 'PDF_XML_MISMATCH', details: { field, pdfValue, xmlValue } }]);
    expectMessagesFilled(findings);
  });
});

describe('QR corroboration', () => {
  it('passes a QR with the type as a word and a day-first date', () => {
    expect(checkPdfXmlPair(withQr({ docType: 'FACTURA', issueDate: '10-05-2024', number: '00000123' }))).toEqual([]);
  });

  it('passes without a QR', () => {
    expect(checkPdfXmlPair(withPdf({ qr: null }))).toEqual([]);
  });

  it.each([
    [{ issuerRuc: '20131312955' }, 'RUC 20131312955', 'RUC 20100070970'],
    [{ docType: 'BOLETA' }, 'tipo 03 (boleta de venta)', 'tipo 01 (factura)'],
    [{ series: 'F009' }, 'serie F009', 'serie F001'],
    [{ number: '9' }, 'correlativo 9', 'correlativo 123'],
    [{ igv: '30.00' }, 'IGV 30.00', 'IGV 36.00'],
    [{ total: '200.00' }, 'total 200.00', 'total 236.00'],
    [{ issueDate: '2024-05-01' }, 'fecha 2024-05-01', 'fecha 2024-05-10'],
  ] as const)('rejects a QR that contradicts the XML (%o)', (changes, pdfValue, xmlValue) => {
    const findings = checkPdfXmlPair(withQr(changes));
    expect(findings).toEqual([{ code: 'PDF_XML_MISMATCH', details: { field: 'QR', pdfValue, xmlValue } }]);
    expectMessagesFilled(findings);
  });

  it('reports each disagreement', () => {
    const doc = withPdf({ total: '1.00', qr: { ...factura().pdf!.qr!, total: '1.00' } });
    expect(codesOf(checkPdfXmlPair(doc))).toEqual(['PDF_XML_MISMATCH', 'PDF_XML_MISMATCH']);
  });
});
