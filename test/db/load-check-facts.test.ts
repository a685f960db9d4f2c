import { afterEach, describe, expect, it } from 'vitest';
import { loadCheckFacts } from '../../src/db/load-check-facts.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';
import { seedOrder, seedSeller, validRucs } from './seed.ts';

const identity = { issuerRuc: validRucs[0], docType: '03', series: 'B001', number: 7 };

async function attach(db: TestDb['db'], orderId: number, orderNumber: string, sellerId: string, number: number, docType = '03') {
  await db('attached_receipts').insert({
    order_id: orderId,
    seller_id: sellerId,
    order_number: orderNumber,
    doc_type: docType,
    series: docType === '03' ? 'B001' : 'BC01',
    number,
    number_text: String(number).padStart(8, '0'),
    issuer_ruc: validRucs[0],
    content_hash: `hash-${number}`,
    batch_id: 'b0',
    primary_order_id: docType === '03' ? orderId : null,
  });
}

describe.each(backends)('loadCheckFacts on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  async function setUp() {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    await seedSeller(db, 's1', validRucs[0]);
    await seedSeller(db, 's2', validRucs[1]);
    const ownId = await seedOrder(db, { orderNumber: 'O-1', sellerId: 's1' });
    const otherId = await seedOrder(db, { orderNumber: 'O-2', sellerId: 's2' });
    return { db, ownId, otherId };
  }

  it('own order', async () => {
    const { db, ownId } = await setUp();
    const facts = await loadCheckFacts(db, { sellerId: 's1', orderNumber: 'O-1', identity });
    expect(facts.seller).toEqual({ id: 's1', ruc: validRucs[0], name: 'Tienda s1' });
    expect(facts.order).toMatchObject({ id: ownId, orderNumber: 'O-1', sellerId: 's1', state: 'confirmada', requested: 'boleta', buyerDocType: '1', buyerDocId: '12345678', total: '118.00', currency: 'PEN', orderDate: '2026-11-30' });
    expect(facts.orderReceipts).toEqual([]);
    expect(facts.sameIdentity).toBeNull();
  });

  it("other seller's order is null", async () => {
    const { db } = await setUp();
    const facts = await loadCheckFacts(db, { sellerId: 's1', orderNumber: 'O-2', identity: null });
    expect(facts.seller?.id).toBe('s1');
    expect(facts.order).toBeNull();
    expect(facts.orderReceipts).toEqual([]);
  });

  it('missing order and missing seller', async () => {
    const { db } = await setUp();
    const noOrder = await loadCheckFacts(db, { sellerId: 's1', orderNumber: 'O-404', identity });
    expect(noOrder.seller?.id).toBe('s1');
    expect(noOrder.order).toBeNull();
    const noSeller = await loadCheckFacts(db, { sellerId: 's9', orderNumber: 'O-1', identity });
    expect(noSeller.seller).toBeNull();
    expect(noSeller.order).toBeNull();
  });

  it('order receipts and same identity', async () => {
    const { db, ownId, otherId } = await setUp();
    await attach(db, ownId, 'O-1', 's1', 5);
    await attach(db, ownId, 'O-1', 's1', 6, '07');
    await attach(db, otherId, 'O-2', 's2', 7);

    const facts = await loadCheckFacts(db, { sellerId: 's1', orderNumber: 'O-1', identity: { ...identity, series: 'b001' } });
    expect(facts.orderReceipts.map((r) => [r.docType, r.number])).toEqual([['03', 5], ['07', 6]]);
    expect(facts.orderReceipts[0]).toMatchObject({ orderNumber: 'O-1', sellerId: 's1', issuerRuc: validRucs[0], series: 'B001', numberText: '00000005', contentHash: 'hash-5' });
    expect(facts.sameIdentity).toMatchObject({ orderNumber: 'O-2', sellerId: 's2', number: 7 });
  });

  it('identity attached to this order', async () => {
    const { db, ownId } = await setUp();
    await attach(db, ownId, 'O-1', 's1', 7);
    const facts = await loadCheckFacts(db, { sellerId: 's1', orderNumber: 'O-1', identity });
    expect(facts.orderReceipts).toHaveLength(1);
    expect(facts.sameIdentity?.orderNumber).toBe('O-1');
  });
});
