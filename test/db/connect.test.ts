import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { installationId, openDb } from '../../src/db/connect.ts';
import { backends, openTestDb, testPostgresUrl, type TestDb } from '../support/databases.ts';

describe.each(backends)('openDb on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  it('creates every table', async () => {
    testDb = await openTestDb(backend);
    for (const table of ['sellers', 'orders', 'batches', 'batch_fingerprints', 'attached_receipts', 'receipt_outcomes']) {
      expect(await testDb.db.schema.hasTable(table), table).toBe(true);
    }
  });

  it('gives each database one installation id, the same at every open', async () => {
    testDb = await openTestDb(backend);
    const id = await installationId(testDb.db);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const again = await openDb(testDb.options);
    try {
      expect(await installationId(again)).toBe(id);
      expect(Number((await again('installation').count({ n: '*' }).first())!.n)).toBe(1);
    } finally {
      await again.destroy();
    }

    const other = await openTestDb(backend);
    try {
      expect(await installationId(other.db)).not.toBe(id);
    } finally {
      await other.close();
    }
  });

  it('rejects a second receipt with the same identity', async () => {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    await db('sellers').insert({ id: 's1', ruc: '20100070970', name: 'Tienda' });
    const [order] = await db('orders')
      .insert({ order_number: 'O-1', seller_id: 's1', state: 'confirmada', requested: 'boleta', total: '10.00', currency: 'PEN', order_date: '2026-12-01' })
      .returning('id');
    const orderId = typeof order === 'object' ? order.id : order;
    const row = { order_id: orderId, seller_id: 's1', order_number: 'O-1', doc_type: '03', series: 'B001', number: 7, number_text: '7', issuer_ruc: '20100070970', content_hash: 'x', batch_id: 'b1', primary_order_id: orderId };
    await db('attached_receipts').insert(row);
    await expect(db('attached_receipts').insert({ ...row, primary_order_id: null })).rejects.toThrow();
  });
});

describe('openDb on a new PostgreSQL schema', () => {
  const admin = knexFactory({ client: 'pg', connection: testPostgresUrl, pool: { min: 0, max: 1 } });
  afterAll(() => admin.destroy());

  it('migrates once when four processes start together', async () => {
    for (let round = 0; round < 5; round += 1) {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      // Production opens no schema; creating one is the tests' own step, made before the race.
      await admin.raw('create schema ??', [schema]);
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDb({ databaseUrl: testPostgresUrl, sqliteFile: '', schema })));
      const dbs = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      try {
        expect(opened.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
        expect(new Set(await Promise.all(dbs.map((db) => installationId(db)))).size).toBe(1);
      } finally {
        await dbs[0]?.raw('drop schema if exists ?? cascade', [schema]);
        await Promise.all(dbs.map((db) => db.destroy()));
      }
    }
  });
});
