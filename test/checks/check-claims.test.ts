import { describe, expect, it } from 'vitest';
import { checkClaims } from '../../src/checks/check-claims.ts';
import type { ManifestClaims } from '../../src/checks/check-context.ts';
import { expectMessagesFilled, factura } from './receipt-fixtures.ts';

const claims: ManifestClaims = {
  orderNumber: '5001',
  docType: '01',
  series: 'F001',
  number: '123',
  total: '236.00',
  issueDate: '2024-05-10',
};

const emptyClaims: ManifestClaims = {
  orderNumber: null,
  docType: null,
  series: null,
  number: null,
  total: null,
  issueDate: null,
};

describe('checkClaims', () => {
  it('passes matching claims', () => {
    expect(checkClaims(factura(), claims)).toEqual([]);
  });

  it('passes empty claims', () => {
    expect(checkClaims(factura(), emptyClaims)).toEqual([]);
  });

  it('passes equivalent spellings', () => {
    const spelled: ManifestClaims = {
      orderNumber: '005001',
      docType: 'FACTURA',
      series: ' f001 ',
      number: '00000123',
      total: '236.01',
      issueDate: '10/05/2024',
    };
    expect(checkClaims(factura(), spelled)).toEqual([]);
  });

  it.each([
    ['orderNumber', '5009', 'número de pedido', '5009', '5001'],
    ['docType', '03', 'tipo', '03 (boleta de venta)', '01 (factura)'],
    ['docType', 'boleta', 'tipo', '03 (boleta de venta)', '01 (factura)'],
    ['series', 'F002', 'serie', 'F002', 'F001'],
    ['number', '124', 'correlativo', '124', '123'],
    ['total', '236.02', 'total', '236.02', '236.00'],
    ['issueDate', '11/05/2024', 'fecha de emisión', '2024-05-11', '2024-05-10'],
  ] as const)('rejects a contradicting %s (%s)', (key, value, field, claimed, found) => {
    const findings = checkClaims(factura(), { ...claims, [key]: value });
    expect(findings).toEqual([{ code: 'CONTENT_CLAIM_MISMATCH', details: { field, claimed, found } }]);
    expectMessagesFilled(findings);
  });

  it('reports every contradiction', () => {
    const findings = checkClaims(factura(), { ...claims, series: 'F002', number: '9' });
    expect(findings.map((f) => f.details.field)).toEqual(['serie', 'correlativo']);
  });

  it('skips the order number without an OrderReference', () => {
    expect(checkClaims(factura({ orderReference: null }), { ...claims, orderNumber: '9999' })).toEqual([]);
  });

  it('skips values the document lacks', () => {
    const doc = factura({ total: null, issueDate: null });
    expect(checkClaims(doc, { ...claims, total: '1.00', issueDate: '2020-01-01' })).toEqual([]);
  });

  it('skips malformed claims', () => {
    expect(checkClaims(factura(), { ...claims, total: 'mil', issueDate: 'ayer', number: 'x1' })).toEqual([]);
  });
});
