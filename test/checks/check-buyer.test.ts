import { describe, expect, it } from 'vitest';
import { buyerScheme, isAnonymousBuyer, sameBuyerDocument } from '../../src/checks/buyer-identity.ts';
import { checkBuyer } from '../../src/checks/check-buyer.ts';
import type { BuyerIdentity } from '../../src/receipts/receipt-document.ts';
import {
  boleta,
  boletaOrder,
  buyerRuc,
  codesOf,
  creditNote,
  expectMessagesFilled,
  factura,
  facturaOrder,
} from './receipt-fixtures.ts';

const buyer = (schemeId: string | null, id: string | null, name: string | null = 'JUAN PEREZ'): BuyerIdentity => ({
  schemeId,
  id,
  name,
});

describe('factura buyer', () => {
  it('passes the order RUC', () => {
    expect(checkBuyer(factura(), facturaOrder())).toEqual([]);
  });

  it('passes a RUC written with spaces', () => {
    expect(checkBuyer(factura({ buyer: buyer('6', ' 2013131 2955 ') }), facturaOrder())).toEqual([]);
  });

  it('infers a RUC scheme from 11 digits', () => {
    expect(checkBuyer(factura({ buyer: buyer(null, buyerRuc) }), facturaOrder())).toEqual([]);
  });

  it('rejects a factura to a DNI', () => {
    const findings = checkBuyer(factura({ buyer: buyer('1', '45678912') }), facturaOrder());
    expect(findings).toEqual([{ code: 'FACTURA_REQUIRES_RUC', details: { schemeId: 'DNI', buyerId: '45678912' } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a factura without buyer document', () => {
    const findings = checkBuyer(factura({ buyer: buyer('-', null) }), facturaOrder());
    expect(findings).toEqual([{ code: 'FACTURA_REQUIRES_RUC', details: { schemeId: 'tipo -', buyerId: 'sin documento' } }]);
  });

  it('rejects another RUC', () => {
    const findings = checkBuyer(factura({ buyer: buyer('6', '20100070970') }), facturaOrder());
    expect(findings).toEqual([
      { code: 'BUYER_MISMATCH_ORDER', details: { found: 'RUC 20100070970', expected: `RUC ${buyerRuc}` } },
    ]);
    expectMessagesFilled(findings);
  });

  it('skips the order comparison without an order', () => {
    expect(checkBuyer(factura({ buyer: buyer('6', '20100070970') }), null)).toEqual([]);
  });
});

describe('DNI', () => {
  it.each(['45678912', '01234567', '00000000'])('passes %s', (dni) => {
    expect(codesOf(checkBuyer(boleta({ buyer: buyer('1', dni) }), null))).toEqual([]);
  });

  it.each(['4567891', '456789123', '4567891A'])('rejects %s', (dni) => {
    const findings = checkBuyer(boleta({ buyer: buyer('1', dni) }), null);
    expect(findings).toEqual([{ code: 'BUYER_DNI_INVALID', details: { buyerId: dni } }]);
    expectMessagesFilled(findings);
  });

  it('leaves carnet and passport alone', () => {
    expect(checkBuyer(boleta({ buyer: buyer('4', 'X1234') }), null)).toEqual([]);
    expect(checkBuyer(boleta({ buyer: buyer('7', 'AB123456789') }), null)).toEqual([]);
  });
});

describe('boleta above S/ 700.00', () => {
  const anonymous = [
    ['00000000 DNI', buyer('1', '00000000', 'Juan Perez')],
    ['CLIENTES VARIOS', buyer('1', '45678912', 'clientes  varios')],
    ['dash', buyer('0', '-', '-')],
    ['no document', buyer(null, null, null)],
    ['scheme dash', buyer('-', '99999999', 'Juan Perez')],
  ] as const;

  it.each(anonymous)('rejects %s over the limit', (_name, who) => {
    const findings = checkBuyer(boleta({ total: '700.01', buyer: who }), null);
    expect(codesOf(findings)).toEqual(['BOLETA_BUYER_REQUIRED']);
    expect(findings[0]?.details.total).toBe('700.01');
    expectMessagesFilled(findings);
  });

  it.each(anonymous)('passes %s at exactly 700.00', (_name, who) => {
    expect(checkBuyer(boleta({ total: '700.00', buyer: who }), boletaOrder())).toEqual([]);
  });

  it('passes a named buyer over the limit', () => {
    expect(checkBuyer(boleta({ total: '1500.00' }), boletaOrder({ total: '1500.00' }))).toEqual([]);
  });

  it('skips a boleta in dollars', () => {
    expect(checkBuyer(boleta({ total: '900.00', currency: 'USD', buyer: buyer('-', '-') }), null)).toEqual([]);
  });

  it('does not apply to facturas or notes', () => {
    const note = creditNote({ docType: '07', series: 'BC01', total: '900.00', buyer: buyer('-', '-') });
    expect(codesOf(checkBuyer(note, null))).toEqual([]);
  });
});

describe('boleta buyer and the order', () => {
  it('passes the order DNI', () => {
    expect(checkBuyer(boleta(), boletaOrder())).toEqual([]);
  });

  it('passes an anonymous boleta within the limit', () => {
    expect(checkBuyer(boleta({ buyer: buyer('0', '-', 'CLIENTES VARIOS') }), boletaOrder())).toEqual([]);
  });

  it('passes a natural-person RUC holding the order DNI', () => {
    expect(checkBuyer(boleta({ buyer: buyer('6', '10456789125') }), boletaOrder())).toEqual([]);
  });

  it('passes an order without buyer document', () => {
    expect(checkBuyer(boleta(), boletaOrder({ buyerDocType: null, buyerDocId: null }))).toEqual([]);
  });

  it('rejects another DNI', () => {
    const findings = checkBuyer(boleta({ buyer: buyer('1', '87654321') }), boletaOrder());
    expect(findings).toEqual([
      { code: 'BUYER_MISMATCH_ORDER', details: { found: 'DNI 87654321', expected: 'DNI 45678912' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('rejects another passport', () => {
    const order = boletaOrder({ buyerDocType: '7', buyerDocId: 'AB123' });
    const findings = checkBuyer(boleta({ buyer: buyer('7', 'ab 124') }), order);
    expect(findings[0]?.details).toEqual({ found: 'pasaporte AB124', expected: 'pasaporte AB123' });
  });

  it('compares a note with the order buyer', () => {
    const note = creditNote({ series: 'BC01', buyer: buyer('1', '87654321') });
    expect(codesOf(checkBuyer(note, boletaOrder()))).toEqual(['BUYER_MISMATCH_ORDER']);
  });
});

describe('buyer identity helpers', () => {
  it('infers schemes from the number shape', () => {
    expect(buyerScheme(buyer(null, '45678912'))).toBe('1');
    expect(buyerScheme(buyer(null, buyerRuc))).toBe('6');
    expect(buyerScheme(buyer(null, 'X12'))).toBeNull();
    expect(buyerScheme(buyer(' 4 ', 'X12'))).toBe('4');
  });

  it('recognises placeholders', () => {
    expect(isAnonymousBuyer(buyer('1', '00000000'))).toBe(true);
    expect(isAnonymousBuyer(buyer('1', '45678912', 'Público en general'))).toBe(true);
    expect(isAnonymousBuyer(buyer('1', '45678912', null))).toBe(false);
  });

  it('matches a DNI inside a RUC 10 only', () => {
    expect(sameBuyerDocument('10456789125', '45678912')).toBe(true);
    expect(sameBuyerDocument('20456789125', '45678912')).toBe(false);
    expect(sameBuyerDocument(null, null)).toBe(false);
  });
});
