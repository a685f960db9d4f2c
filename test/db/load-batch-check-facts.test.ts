import { afterEach, describe, expect, it } from 'vitest';
import { loadBatchCheckFacts } from '../../src/db/load-batch-check-facts.ts';
import { loadCheckFacts } from '../../src/db/load-check-facts.ts';
import { loadSellerOrders } from '../../src/db/load-seller-orders.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';
import { seedOrder, seedSeller, validRucs } from './seed.ts';

describe.each(backends)('batch fact loaders on %s', (backend) => {
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
    const orders = Array.from({ length: 1200 }, (_, index) => ({
      order_number: `O-${index + 1}`,
      seller_id: 's1',
      state: 'confirmada',
      requested: 'boleta',
      total: '10.00',
      currency: 'PEN',
      order_date: '2026-11-30',
    }));
    await db.batchInsert('orders', orders, 300);
    await seedOrder(db, { orderNumber: 'X-1', sellerId: 's2' });
    return db;
  }

  it('loadSellerOrders across chunks', async () => {
    const db = await setUp();
    const wanted = Array.from({ length: 1200 }, (_, index) => `O-${index + 1}`);
    const orders = await loadSellerOrders(db, 's1', [...wanted, 'X-1', 'O-9999']);
    expect(orders.size).toBe(1200);
    expect(orders.get('O-1100')?.sellerId).toBe('s1');
    expect(orders.has('X-1')).toBe(false);
    expect(orders.has('O-9999')).toBe(false);
  });

  it('factsFor matches loadCheckFacts', async () => {
    const db = await setUp();
    const order = (await loadSellerOrders(db, 's1', ['O-3'])).get('O-3');
    const identity = { issuerRuc: validRucs[0], docType: '03', series: 'B001', number: 9 };
    await db('attached_receipts').insert({
      order_id: order?.id,
      seller_id: 's1',
      order_number: 'O-3',
      doc_type: '03',
      series: 'B001',
      number: 9,
      number_text: '9',
      issuer_ruc: validRucs[0],
      content_hash: 'h',
      batch_id: 'b0',
      primary_order_id: order?.id,
    });
    const requests = [
      { orderNumber: 'O-3', identity },
      { orderNumber: 'O-4', identity: { ...identity, number: 10 } },
      { orderNumber: 'X-1', identity: null },
    ];
    const batch = await loadBatchCheckFacts(db, 's1', requests);
    for (const request of requests) {
      const single = await loadCheckFacts(db, { sellerId: 's1', ...request });
      expect(batch.factsFor(request.orderNumber, request.identity), request.orderNumber).toEqual(single);
    }
    expect(batch.factsFor('O-3', identity).sameIdentity?.orderNumber).toBe('O-3');
  });
});
