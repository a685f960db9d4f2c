import { describe, expect, it } from 'vitest';
import { checkCurrency, checkIgv, checkTotal } from '../../src/checks/check-amounts.ts';
import { boleta, boletaOrder, creditNote, expectMessagesFilled, factura, facturaOrder } from './receipt-fixtures.ts';

describe('checkCurrency', () => {
  it('passes the order currency', () => {
    expect(checkCurrency(factura({ currency: ' pen ' }), facturaOrder())).toEqual([]);
  });

  it('passes a receipt without currency', () => {
    expect(checkCurrency(factura({ currency: null }), facturaOrder())).toEqual([]);
  });

  it('rejects another currency', () => {
    const findings = checkCurrency(factura({ currency: 'USD' }), facturaOrder());
    expect(findings).toEqual([{ code: 'CURRENCY_MISMATCH', details: { found: 'USD', expected: 'PEN' } }]);
    expectMessagesFilled(findings);
  });
});

describe('checkTotal', () => {
  it.each(['236', '236.0', '236.00', '236.01', '235.99'])('passes %s for 236.00', (total) => {
    expect(checkTotal(factura({ total }), facturaOrder())).toEqual([]);
  });

  it.each(['236.02', '235.98', '23.60', '2360.00'])('rejects %s for 236.00', (total) => {
    const findings = checkTotal(factura({ total }), facturaOrder());
    expect(findings[0]?.code).toBe('TOTAL_MISMATCH');
    expect(findings[0]?.details.expected).toBe('S/ 236.00');
    expectMessagesFilled(findings);
  });

  it('formats both amounts', () => {
    const findings = checkTotal(boleta({ total: '90' }), boletaOrder());
    expect(findings).toEqual([{ code: 'TOTAL_MISMATCH', details: { found: 'S/ 90.00', expected: 'S/ 100.00' } }]);
  });

  it('rejects a missing total as no indicado', () => {
    const findings = checkTotal(factura({ total: null }), facturaOrder());
    expect(findings).toEqual([{ code: 'TOTAL_MISMATCH', details: { found: 'no indicado', expected: 'S/ 236.00' } }]);
  });

  it('rejects an unreadable total as written', () => {
    const findings = checkTotal(factura({ total: 'NaN' }), facturaOrder());
    expect(findings[0]?.details.found).toBe('S/ NaN');
  });

  it('exempts notes', () => {
    expect(checkTotal(creditNote(), facturaOrder())).toEqual([]);
  });

  it('skips totals in another currency', () => {
    expect(checkTotal(factura({ currency: 'USD', total: '63.00' }), facturaOrder())).toEqual([]);
  });
});

describe('checkIgv', () => {
  it.each([
    ['36.00', '200.00'],
    ['15.25', '84.75'],
    ['18.90', '100.00'],
    ['10.00', '100.00'],
    ['0.00', '100.00'],
  ])('passes IGV %s on %s', (igv, taxableBase) => {
    expect(checkIgv(factura({ igv, taxableBase }))).toEqual([]);
  });

  it('passes within 1% of a large base', () => {
    // 18% of 100000.00 is 18000.00; 1% of that is 180.00.
    expect(checkIgv(factura({ igv: '18150.00', taxableBase: '100000.00' }))).toEqual([]);
  });

  it.each([
    ['19.01', '100.00'],
    ['5.00', '100.00'],
    ['18300.00', '100000.00'],
  ])('warns IGV %s on %s', (igv, taxableBase) => {
    const findings = checkIgv(factura({ igv, taxableBase }));
    expect(findings).toEqual([{ code: 'IGV_INCONSISTENT', details: { igv, base: taxableBase } }]);
    expectMessagesFilled(findings);
  });

  it('skips missing amounts', () => {
    expect(checkIgv(factura({ igv: null }))).toEqual([]);
    expect(checkIgv(factura({ taxableBase: null }))).toEqual([]);
  });
});
