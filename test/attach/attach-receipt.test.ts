import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachReceipt, type AttachInput } from '../../src/attach/attach-receipt.ts';
import { storeReceiptFiles } from '../../src/attach/store-files.ts';
import { finding } from '../../src/checks/finding.ts';
import { openDb, type Db } from '../../src/db/connect.ts';
import type { ReceiptIdentity } from '../../src/db/receipt-identity.ts';
import { findOutcome, listOutcomes } from '../../src/db/receipt-outcomes.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';
import { seedOrder, seedSeller, validRucs } from '../db/seed.ts';

const boleta: ReceiptIdentity = { issuerRuc: validRucs[0], docType: '03', series: 'B001', number: 7 };

interface Attempt {
  readonly orderId: number;
  readonly orderNumber: string;
  readonly identity?: ReceiptIdentity;
  readonly bytes?: string;
  readonly batchId?: string;
  readonly itemKey?: string;
}

describe.each(backends)('attachReceipt on %s', (backend) => {
  let testDb: TestDb | undefined;
  const extraConnections: Db[] = [];
  afterEach(async () => {
    for (const db of extraConnections.splice(0)) await db.destroy();
    await testDb?.close();
    testDb = undefined;
  });

  let storageRoot = '';

  async function setUp() {
    testDb = await openTestDb(backend);
    storageRoot = mkdtempSync(path.join(os.tmpdir(), 'attach-storage-'));
    const { db } = testDb;
    await seedSeller(db, 's1', validRucs[0]);
    await seedSeller(db, 's2', validRucs[1]);
    const first = await seedOrder(db, { orderNumber: 'O-1', sellerId: 's1', state: 'confirmada' });
    const second = await seedOrder(db, { orderNumber: 'O-2', sellerId: 's1', state: 'pendiente' });
    const foreign = await seedOrder(db, { orderNumber: 'X-1', sellerId: 's2' });
    const closed = await seedOrder(db, { orderNumber: 'O-3', sellerId: 's1', state: 'enviada' });
    return { db, first, firstNumber: 'O-1', second, foreign, closed };
  }

  async function secondConnection(): Promise<Db> {
    const other = await openDb(testDb!.options);
    extraConnections.push(other);
    return other;
  }

  async function inputFor(attempt: Attempt): Promise<AttachInput> {
    const identity = attempt.identity ?? boleta;
    const source = path.join(mkdtempSync(path.join(os.tmpdir(), 'attach-src-')), 'in.pdf');
    writeFileSync(source, attempt.bytes ?? 'boleta bytes');
    const sellerId = attempt.orderNumber === 'X-1' ? 's2' : 's1';
    const stored = await storeReceiptFiles({ storageRoot, sellerId, orderNumber: attempt.orderNumber, identity, files: { pdf: source } });
    const batchId = attempt.batchId ?? 'b1';
    return {
      seller: { id: sellerId },
      order: { id: attempt.orderId, orderNumber: attempt.orderNumber },
      identity,
      document: { number: String(identity.number).padStart(8, '0'), total: '118.00', currency: 'PEN', issueDate: '2026-12-01' },
      stored,
      batchId,
      outcome: { batchId, itemKey: attempt.itemKey ?? 'L0002', line: 2, orderNumber: attempt.orderNumber, files: ['in.pdf'], verdict: 'accepted', findings: [finding('IGV_INCONSISTENT', { igv: '1', base: '2' })] },
    };
  }

  const countAttached = async (db: Db) => Number((await db('attached_receipts').count({ n: '*' }).first())?.n);
  const stateOf = async (db: Db, id: number) => (await db('orders').where({ id }).first('state')).state;

  it('attaches and marks the order ready', async () => {
    const { db, first, firstNumber } = await setUp();
    const result = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    expect(result.status).toBe('attached');
    const row = await db('attached_receipts').first();
    expect(row).toMatchObject({ order_id: first, seller_id: 's1', doc_type: '03', series: 'B001', number: 7, number_text: '00000007', primary_order_id: first, total: '118.00', pdf_path: `s1/${firstNumber}/20100070970-03-B001-7.pdf` });
    expect(await stateOf(db, first)).toBe('lista_para_envio');
    const outcome = await findOutcome(db, 'b1', 'L0002');
    expect(outcome?.verdict).toBe('accepted');
    expect(outcome?.attachedReceiptId).toBe(row.id);
  });

  it('attach twice gives one row', async () => {
    const { db, first, firstNumber } = await setUp();
    const input = await inputFor({ orderId: first, orderNumber: firstNumber });
    const once = await attachReceipt(db, input);
    const twice = await attachReceipt(db, input);
    expect(twice.status).toBe('outcome_exists');
    expect(twice.outcome).toEqual(once.outcome);
    expect(await countAttached(db)).toBe(1);
    expect(await listOutcomes(db, 'b1')).toHaveLength(1);
  });

  it('same receipt in a later batch is already attached', async () => {
    const { db, first, firstNumber } = await setUp();
    const attached = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const again = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber, batchId: 'b2' }));
    expect(again.status).toBe('already_attached');
    if (again.status !== 'already_attached' || attached.status !== 'attached') return;
    expect(again.attachedReceiptId).toBe(attached.attachedReceiptId);
    const outcome = await findOutcome(db, 'b2', 'L0002');
    expect(outcome?.verdict).toBe('already_attached');
    expect(outcome?.findings.map((f) => f.code)).toEqual(['IGV_INCONSISTENT', 'RECEIPT_ALREADY_ATTACHED']);
    expect(await countAttached(db)).toBe(1);
  });

  it('same identity on another order', async () => {
    const { db, first, firstNumber, second } = await setUp();
    await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const result = await attachReceipt(db, await inputFor({ orderId: second, orderNumber: 'O-2', batchId: 'b2' }));
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') return;
    expect(result.code).toBe('RECEIPT_USED_ELSEWHERE');
    expect(result.details).toEqual({ receipt: 'B001-00000007', otherOrder: firstNumber });
    expect((await findOutcome(db, 'b2', 'L0002'))?.verdict).toBe('rejected');
    expect(await stateOf(db, second)).toBe('pendiente');
    expect(await countAttached(db)).toBe(1);
  });

  it("another seller's order number is not shown", async () => {
    const { db, first, firstNumber, foreign } = await setUp();
    await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const result = await attachReceipt(db, await inputFor({ orderId: foreign, orderNumber: 'X-1', batchId: 'b2' }));
    expect(result).toMatchObject({ status: 'conflict', code: 'RECEIPT_USED_ELSEWHERE', details: { receipt: 'B001-00000007', otherOrder: 'de otro vendedor' } });
  });

  it('second boleta on an order', async () => {
    const { db, first, firstNumber } = await setUp();
    await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const result = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber, identity: { ...boleta, number: 8 }, itemKey: 'L0003' }));
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') return;
    expect(result.code).toBe('ORDER_HAS_OTHER_RECEIPT');
    expect(result.details).toEqual({ orderNumber: firstNumber, existing: 'B001-00000007' });
    expect(await countAttached(db)).toBe(1);
  });

  it('same identity with other bytes', async () => {
    const { db, first, firstNumber } = await setUp();
    await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const result = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber, bytes: 'regenerated pdf', batchId: 'b2' }));
    expect(result).toMatchObject({ status: 'conflict', code: 'ORDER_HAS_OTHER_RECEIPT', details: { existing: 'B001-00000007 (con otros archivos)' } });
  });

  it('credit note attaches beside the boleta', async () => {
    const { db, first, firstNumber } = await setUp();
    await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber }));
    const note = { ...boleta, docType: '07', series: 'BC01', number: 1 };
    const result = await attachReceipt(db, await inputFor({ orderId: first, orderNumber: firstNumber, identity: note, itemKey: 'L0003' }));
    expect(result.status).toBe('attached');
    const rows = await db('attached_receipts').orderBy('id');
    expect(rows.map((r) => [r.doc_type, r.primary_order_id])).toEqual([['03', first], ['07', null]]);
    expect(await stateOf(db, first)).toBe('lista_para_envio');
  });

  it('closed order takes no boleta', async () => {
    const { db, closed } = await setUp();
    const result = await attachReceipt(db, await inputFor({ orderId: closed, orderNumber: 'O-3' }));
    expect(result).toMatchObject({ status: 'conflict', code: 'ORDER_STATE_CLOSED', details: { orderNumber: 'O-3', state: 'enviada' } });
    expect(await countAttached(db)).toBe(0);
    expect(await stateOf(db, closed)).toBe('enviada');
  });

  it('concurrent attaches of one identity', async () => {
    const { db, first, firstNumber } = await setUp();
    const other = await secondConnection();
    const inputA = await inputFor({ orderId: first, orderNumber: firstNumber, batchId: 'b1' });
    const inputB = await inputFor({ orderId: first, orderNumber: firstNumber, batchId: 'b2' });
    const [a, b] = await Promise.all([attachReceipt(db, inputA), attachReceipt(other, inputB)]);
    expect([a.status, b.status].sort()).toEqual(['already_attached', 'attached']);
    expect(await countAttached(db)).toBe(1);
    expect(await findOutcome(db, 'b1', 'L0002')).not.toBeNull();
    expect(await findOutcome(db, 'b2', 'L0002')).not.toBeNull();
  });

  it('concurrent attaches to two orders', async () => {
    const { db, first, firstNumber, second } = await setUp();
    const other = await secondConnection();
    const inputA = await inputFor({ orderId: first, orderNumber: firstNumber, batchId: 'b1' });
    const inputB = await inputFor({ orderId: second, orderNumber: 'O-2', batchId: 'b2' });
    const [a, b] = await Promise.all([attachReceipt(db, inputA), attachReceipt(other, inputB)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual(['attached', 'conflict']);
    const loser = a.status === 'conflict' ? a : b;
    expect(loser).toMatchObject({ status: 'conflict', code: 'RECEIPT_USED_ELSEWHERE' });
    expect(await countAttached(db)).toBe(1);
  });

  it('concurrent runs of one item', async () => {
    const { db, first, firstNumber } = await setUp();
    const other = await secondConnection();
    const input = await inputFor({ orderId: first, orderNumber: firstNumber });
    const results = await Promise.all([attachReceipt(db, input), attachReceipt(other, input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['attached', 'outcome_exists']);
    expect(await countAttached(db)).toBe(1);
    expect(await listOutcomes(db, 'b1')).toHaveLength(1);
  });

  it('waits for a racing transaction', async () => {
    const { db, first, firstNumber } = await setUp();
    const other = await secondConnection();
    const input = await inputFor({ orderId: first, orderNumber: firstNumber, batchId: 'b2' });

    // Another worker is halfway through attaching the same receipt. It has locked the order
    // and inserted the row, but has not committed yet.
    const racing = await other.transaction();
    await racing('orders').where({ id: first }).update({ state: 'lista_para_envio' });
    await racing('attached_receipts').insert({
      order_id: first,
      seller_id: 's1',
      order_number: firstNumber,
      doc_type: '03',
      series: 'B001',
      number: 7,
      number_text: '7',
      issuer_ruc: boleta.issuerRuc,
      content_hash: input.stored.contentHash,
      batch_id: 'b1',
      primary_order_id: first,
    });
    const pending = attachReceipt(db, input);
    await racing.commit();

    const result = await pending;
    expect(result.status).toBe('already_attached');
    expect(await countAttached(db)).toBe(1);
    expect((await findOutcome(db, 'b2', 'L0002'))?.verdict).toBe('already_attached');
  });
});
