import { describe, expect, it } from 'vitest';
import { orderStates } from '../../src/checks/check-context.ts';
import { checkOrderFound, checkOrderState, checkTypeRequested } from '../../src/checks/check-order.ts';
import {
  boleta,
  boletaOrder,
  contextFor,
  creditNote,
  expectMessagesFilled,
  factura,
  facturaOrder,
} from './receipt-fixtures.ts';

describe('checkOrderFound', () => {
  it('passes an existing order', () => {
    const doc = factura();
    expect(checkOrderFound(facturaOrder(), doc, contextFor(doc).claims)).toEqual([]);
  });

  it('rejects a missing order with the claimed number', () => {
    const doc = factura();
    const findings = checkOrderFound(null, doc, { ...contextFor(doc).claims, orderNumber: ' 7777 ' });
    expect(findings).toEqual([{ code: 'ORDER_NOT_FOUND', details: { orderNumber: '7777' } }]);
    expectMessagesFilled(findings);
  });

  it('falls back to the OrderReference', () => {
    const doc = factura();
    const findings = checkOrderFound(null, doc, { ...contextFor(doc).claims, orderNumber: null });
    expect(findings[0]?.details.orderNumber).toBe('5001');
  });

  it('names no number when nothing states one', () => {
    const doc = factura({ orderReference: null });
    const findings = checkOrderFound(null, doc, { ...contextFor(doc).claims, orderNumber: null });
    expect(findings[0]?.details.orderNumber).toBe('no indicado');
  });
});

describe('checkOrderState', () => {
  it.each(['pendiente', 'confirmada', 'lista_para_envio'] as const)('passes %s', (state) => {
    expect(checkOrderState(facturaOrder({ state }))).toEqual([]);
  });

  it.each(['enviada', 'entregada', 'cancelada'] as const)('rejects %s', (state) => {
    const findings = checkOrderState(facturaOrder({ state }));
    expect(findings).toEqual([{ code: 'ORDER_STATE_CLOSED', details: { orderNumber: '5001', state } }]);
    expectMessagesFilled(findings);
  });

  it('covers every order state', () => {
    const judged = orderStates.filter((state) => checkOrderState(facturaOrder({ state })).length > 0);
    expect(judged).toEqual(['enviada', 'entregada', 'cancelada']);
  });
});

describe('checkTypeRequested', () => {
  it('passes a factura for a factura request', () => {
    expect(checkTypeRequested(factura(), facturaOrder())).toEqual([]);
  });

  it('passes a boleta for a boleta request', () => {
    expect(checkTypeRequested(boleta(), boletaOrder())).toEqual([]);
  });

  it('rejects a boleta for a factura request', () => {
    const findings = checkTypeRequested(boleta(), facturaOrder());
    expect(findings).toEqual([
      { code: 'DOC_TYPE_NOT_REQUESTED', details: { orderNumber: '5001', expected: 'una factura', found: 'una boleta' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('rejects a factura for a boleta request', () => {
    const findings = checkTypeRequested(factura(), boletaOrder());
    expect(findings[0]?.details).toMatchObject({ expected: 'una boleta', found: 'una factura' });
  });

  it('exempts notes', () => {
    expect(checkTypeRequested(creditNote(), boletaOrder())).toEqual([]);
  });
});
