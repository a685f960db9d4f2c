import { describe, expect, it } from 'vitest';
import { buildReceiptXml, receiptDigestValue } from '../../src/demo/receipt-xml.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { readUblXml } from '../../src/receipts/read-ubl.ts';
import type { XmlReceipt } from '../../src/receipts/receipt-document.ts';

function read(xml: string): XmlReceipt {
  const result = readUblXml(Buffer.from(xml, 'utf8'), 'generated.xml');
  if (!result.ok) throw new Error(`expected ok, got ${result.code} ${JSON.stringify(result.details)}`);
  return result.value;
}

describe('buildReceiptXml', () => {
  it('writes each type under its UBL root', () => {
    expect(buildReceiptXml(sampleReceiptSpec({ docType: '01' }))).toMatch(/<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
    expect(buildReceiptXml(sampleReceiptSpec({ docType: '03' }))).toContain('<cbc:InvoiceTypeCode listID="0101" listAgencyName="PE:SUNAT">03</cbc:InvoiceTypeCode>');
    expect(buildReceiptXml(sampleReceiptSpec({ docType: '07' }))).toContain('<cac:CreditNoteLine>');
    expect(buildReceiptXml(sampleReceiptSpec({ docType: '08' }))).toContain('<cac:RequestedMonetaryTotal>');
  });

  it('writes the billing reference and discrepancy of a note', () => {
    const xml = buildReceiptXml(sampleReceiptSpec({ docType: '07', modifies: { docType: '03', series: 'B001', number: 9 }, noteReason: 'ANULACIÓN' }));
    expect(xml).toContain('<cbc:ReferenceID>B001-9</cbc:ReferenceID>');
    expect(xml).toContain('<cbc:Description>ANULACIÓN</cbc:Description>');
    expect(read(xml)).toMatchObject({ series: 'BC01', modifiedDocument: 'B001-9', modifiedDocType: '03' });
  });

  it('leaves out the order reference when the spec has none', () => {
    const xml = buildReceiptXml(sampleReceiptSpec({ orderNumber: undefined }));
    expect(xml).not.toContain('OrderReference');
    expect(read(xml).orderReference).toBeNull();
  });

  it('writes amounts in integer cents that add up', () => {
    const spec = sampleReceiptSpec({
      lines: [
        { description: 'A', quantity: 3, unitPrice: '0.10' },
        { description: 'B', quantity: 1, unitPrice: '999.99' },
        { description: 'C', quantity: 7, unitPrice: '33.33' },
      ],
    });
    const value = read(buildReceiptXml(spec));
    const cents = (amount: string | null): number => Math.round(Number(amount) * 100);
    expect(value.total).toBe('1233.60');
    expect(cents(value.taxableBase) + cents(value.igv)).toBe(cents(value.total));
    expect(value.taxableBase).toBe('1045.42');
  });

  it('writes the amount in words for the total', () => {
    expect(buildReceiptXml(sampleReceiptSpec())).toContain('<cbc:Note languageLocaleID="1000">CIENTO DIECINUEVE CON 90/100 SOLES</cbc:Note>');
  });

  it('escapes markup characters in text', () => {
    const xml = buildReceiptXml(sampleReceiptSpec({ lines: [{ description: 'TORNILLOS <5mm> & TUERCAS', quantity: 1, unitPrice: '1.00' }] }));
    expect(xml).toContain('TORNILLOS &lt;5mm&gt; &amp; TUERCAS');
    expect(() => read(xml)).not.toThrow();
  });

  it('applies XML overrides', () => {
    const spec = sampleReceiptSpec({ xml: { total: '500.00', issuerRuc: '20512345671', digestValue: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } });
    expect(read(buildReceiptXml(spec))).toMatchObject({ total: '500.00', issuerRuc: '20512345671', digestValue: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(read(buildReceiptXml(sampleReceiptSpec({ xml: { unsigned: true } }))).digestValue).toBeNull();
  });

  it('derives a stable digest from the receipt identity', () => {
    expect(receiptDigestValue(sampleReceiptSpec())).toBe(receiptDigestValue(sampleReceiptSpec()));
    expect(receiptDigestValue(sampleReceiptSpec({ number: 2 }))).not.toBe(receiptDigestValue(sampleReceiptSpec()));
  });

  it('rejects an invalid line', () => {
    expect(() => buildReceiptXml(sampleReceiptSpec({ lines: [{ description: 'X', quantity: 0, unitPrice: '1.00' }] }))).toThrow(/quantity/);
    expect(() => buildReceiptXml(sampleReceiptSpec({ lines: [{ description: 'X', quantity: 1, unitPrice: '1.005' }] }))).toThrow(/1\.005/);
  });
});

describe('sampleReceiptSpec', () => {
  it('picks series and buyer from the type', () => {
    expect(sampleReceiptSpec()).toMatchObject({ docType: '03', series: 'B001', buyer: { schemeId: '1' } });
    expect(sampleReceiptSpec({ docType: '01' })).toMatchObject({ series: 'F001', buyer: { schemeId: '6' } });
    expect(sampleReceiptSpec({ docType: '07' })).toMatchObject({ series: 'FC01', modifies: { docType: '01' } });
    expect(sampleReceiptSpec({ docType: '07', modifies: { docType: '03', series: 'B001', number: 1 } })).toMatchObject({ series: 'BC01', buyer: { schemeId: '1' } });
  });

  it('lets overrides replace whole fields', () => {
    const spec = sampleReceiptSpec({ series: 'F777', number: 5, buyer: { schemeId: '7', id: 'AB123', name: 'JOHN DOE' } });
    expect(spec).toMatchObject({ series: 'F777', number: 5, buyer: { schemeId: '7', id: 'AB123', name: 'JOHN DOE' } });
  });
});
