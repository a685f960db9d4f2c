import { describe, expect, it } from 'vitest';
import type { AttachedFacts } from '../../src/checks/check-context.ts';
import {
  checkIdentity,
  checkOrderHasOtherReceipt,
  identityOf,
  isAlreadyAttached,
} from '../../src/checks/check-duplicates.ts';
import { contextFor, creditNote, expectMessagesFilled, factura, sellerRuc } from './receipt-fixtures.ts';

function attached(overrides: Partial<AttachedFacts> = {}): AttachedFacts {
  return {
    orderNumber: '5001',
    sellerId: 'seller-1',
    issuerRuc: sellerRuc,
    docType: '01',
    series: 'F001',
    number: 123,
    contentHash: 'pdf-sha256:xml-sha256',
    ...overrides,
  };
}

describe('identityOf', () => {
  it('normalises the parts', () => {
    const doc = factura({ series: ' f001', number: '00000123' });
    expect(identityOf(doc)).toEqual({ issuerRuc: sellerRuc, docType: '01', series: 'F001', number: 123 });
  });

  it('returns null when a part is missing', () => {
    expect(identityOf(factura({ number: 'abc' }))).toBeNull();
  });
});

describe('checkIdentity', () => {
  it('passes a new identity', () => {
    expect(checkIdentity(factura(), contextFor(factura()))).toEqual([]);
  });

  it('reports a same-bytes resend as attached', () => {
    const doc = factura();
    const ctx = contextFor(doc, { sameIdentity: attached() });
    const findings = checkIdentity(doc, ctx);
    expect(isAlreadyAttached(ctx)).toBe(true);
    expect(findings).toEqual([{ code: 'RECEIPT_ALREADY_ATTACHED', details: { receipt: 'F001-123' } }]);
    expectMessagesFilled(findings);
  });

  it('rejects another XML on the same order', () => {
    const doc = factura();
    const ctx = contextFor(doc, { sameIdentity: attached({ contentHash: 'pdf-sha256:other-xml-sha256' }) });
    const findings = checkIdentity(doc, ctx);
    expect(isAlreadyAttached(ctx)).toBe(false);
    expect(findings).toEqual([
      { code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: '5001', existing: 'F001-123' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('takes the same XML with a new PDF as a resend', () => {
    const doc = factura();
    const ctx = contextFor(doc, { sameIdentity: attached({ contentHash: ':xml-sha256' }) });
    expect(isAlreadyAttached(ctx)).toBe(true);
    expect(checkIdentity(doc, ctx).map((f) => f.code)).toEqual(['RECEIPT_ALREADY_ATTACHED']);
  });

  it('rejects a receipt on another order', () => {
    const doc = factura();
    const findings = checkIdentity(doc, contextFor(doc, { sameIdentity: attached({ orderNumber: '4000' }) }));
    expect(findings).toEqual([{ code: 'RECEIPT_USED_ELSEWHERE', details: { receipt: 'F001-123', otherOrder: '4000' } }]);
    expectMessagesFilled(findings);
  });

  it('hides the order number of another seller', () => {
    const doc = factura();
    const other = attached({ sellerId: 'seller-2', orderNumber: '5001' });
    const findings = checkIdentity(doc, contextFor(doc, { sameIdentity: other }));
    expect(findings).toEqual([
      { code: 'RECEIPT_USED_ELSEWHERE', details: { receipt: 'F001-123', otherOrder: 'de otro vendedor' } },
    ]);
  });

  it('rejects the same bytes on another order', () => {
    const doc = factura();
    const findings = checkIdentity(doc, contextFor(doc, { sameIdentity: attached({ orderNumber: '4000' }) }));
    expect(findings[0]?.code).toBe('RECEIPT_USED_ELSEWHERE');
  });
});

describe('checkOrderHasOtherReceipt', () => {
  it('passes an order without receipts', () => {
    expect(checkOrderHasOtherReceipt(factura(), contextFor(factura()))).toEqual([]);
  });

  it('passes this receipt padded differently', () => {
    const doc = factura({ number: '00000123' });
    expect(checkOrderHasOtherReceipt(doc, contextFor(doc, { orderReceipts: [attached()] }))).toEqual([]);
  });

  it('passes when only notes are attached', () => {
    const doc = factura();
    const note = attached({ docType: '07', series: 'FC01', number: 1 });
    expect(checkOrderHasOtherReceipt(doc, contextFor(doc, { orderReceipts: [note] }))).toEqual([]);
  });

  it('rejects a second factura', () => {
    const doc = factura();
    const ctx = contextFor(doc, { orderReceipts: [attached({ series: 'F001', number: 99 })] });
    const findings = checkOrderHasOtherReceipt(doc, ctx);
    expect(findings).toEqual([{ code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: '5001', existing: 'F001-99' } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a boleta beside an attached factura', () => {
    const doc = factura({ docType: '03', series: 'B001', number: '5' });
    const ctx = contextFor(doc, { orderReceipts: [attached()] });
    expect(checkOrderHasOtherReceipt(doc, ctx)[0]?.details.existing).toBe('F001-123');
  });

  it('exempts notes', () => {
    const doc = creditNote();
    expect(checkOrderHasOtherReceipt(doc, contextFor(doc, { orderReceipts: [attached()] }))).toEqual([]);
  });
});
