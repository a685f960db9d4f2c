import { describe, expect, it } from 'vitest';
import { checkIssuer } from '../../src/checks/check-issuer.ts';
import { expectMessagesFilled, factura, sellerRuc } from './receipt-fixtures.ts';

const seller = { id: 'seller-1', ruc: sellerRuc, name: 'TIENDA VENDEDORA SAC' };

describe('checkIssuer', () => {
  it('passes the seller RUC', () => {
    expect(checkIssuer(factura(), seller)).toEqual([]);
  });

  it('passes the seller RUC with spaces', () => {
    expect(checkIssuer(factura({ issuerRuc: ' 2010007 0970 ' }), seller)).toEqual([]);
  });

  it.each([
    ['20123456789', 'el dígito verificador no corresponde'],
    ['12345678912', 'el prefijo 12 no existe; debe ser 10, 15, 16, 17 o 20'],
    ['201000709', 'debe tener 11 dígitos'],
  ])('rejects invalid RUC %s', (ruc, reason) => {
    const findings = checkIssuer(factura({ issuerRuc: ruc }), seller);
    expect(findings).toEqual([{ code: 'ISSUER_RUC_INVALID', details: { ruc, reason } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a missing RUC', () => {
    const findings = checkIssuer(factura({ issuerRuc: null }), seller);
    expect(findings[0]?.details).toEqual({ ruc: 'no indicado', reason: 'no figura en el comprobante' });
  });

  it('rejects another valid RUC', () => {
    const findings = checkIssuer(factura({ issuerRuc: '20131312955' }), seller);
    expect(findings).toEqual([
      { code: 'ISSUER_NOT_SELLER', details: { found: '20131312955', expected: sellerRuc } },
    ]);
    expectMessagesFilled(findings);
  });
});
