import { describe, expect, it } from 'vitest';
import { checkDocType, isProfessionalFeeReceipt } from '../../src/checks/check-doc-type.ts';
import { boleta, codesOf, creditNote, expectMessagesFilled, factura } from './receipt-fixtures.ts';

const sunatNames = { pdf: null, xml: '10254824220-01-E001-15.xml' };

describe('checkDocType', () => {
  it.each([
    ['factura', factura()],
    ['boleta', boleta()],
    ['credit note', creditNote()],
    ['debit note', factura({ docType: '08', series: 'FD01' })],
  ])('passes a %s', (_name, doc) => {
    expect(checkDocType(doc, sunatNames)).toEqual([]);
  });

  it('rejects a guía de remisión by name', () => {
    const findings = checkDocType(factura({ docType: '09', series: 'T001' }), sunatNames);
    expect(findings).toEqual([{ code: 'DOC_TYPE_NOT_RECEIPT', details: { docType: '09 (guía de remisión)' } }]);
    expectMessagesFilled(findings);
  });

  it.each(['12', '20', '31', '40', '04', 'RC', 'RA'])('rejects type %s', (docType) => {
    expect(codesOf(checkDocType(factura({ docType }), sunatNames))).toEqual(['DOC_TYPE_NOT_RECEIPT']);
  });

  it('rejects a missing type', () => {
    const findings = checkDocType(factura({ docType: null }), sunatNames);
    expect(findings[0]?.details.docType).toBe('no identificado');
  });
});

describe('RHE detection', () => {
  const rhe = factura({ issuerRuc: '10254824220', series: 'E001' });

  it('rejects an RHE named by its file', () => {
    const names = { pdf: null, xml: 'RHE10254824220E00115.xml' };
    const findings = checkDocType(rhe, names);
    expect(findings).toEqual([
      { code: 'DOC_TYPE_NOT_RECEIPT', details: { docType: '01 (recibo por honorarios electrónico)' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('rejects an RHE named by its title', () => {
    const titled = { ...rhe, pdf: { ...rhe.pdf!, title: 'RECIBO POR HONORARIOS ELECTRÓNICO' } };
    expect(isProfessionalFeeReceipt(titled, sunatNames)).toBe(true);
  });

  it('passes an E001 factura of a natural person', () => {
    expect(checkDocType(rhe, sunatNames)).toEqual([]);
  });

  it('passes an RHE-named file from a company RUC', () => {
    const names = { pdf: 'RHE-copia.pdf', xml: null };
    expect(isProfessionalFeeReceipt(factura({ series: 'E001' }), names)).toBe(false);
  });

  it('passes an RHE-named file with a factura series', () => {
    const names = { pdf: null, xml: 'RHE10254824220.xml' };
    expect(isProfessionalFeeReceipt(factura({ issuerRuc: '10254824220' }), names)).toBe(false);
  });
});
