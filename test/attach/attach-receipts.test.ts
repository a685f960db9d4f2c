import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { attachReceipt, type AttachInput, type AttachResult } from '../../src/attach/attach-receipt.ts';
import { attachReceipts, attachReceiptsWithHook } from '../../src/attach/attach-receipts.ts';
import type { OrderState } from '../../src/checks/check-context.ts';
import { finding } from '../../src/checks/finding.ts';
import { openDb, type Db } from '../../src/db/connect.ts';
import { insertAttachedReceipt, type AttachedReceiptRow } from '../../src/db/insert-attached-receipt.ts';
import { findOutcome, insertOutcome } from '../../src/db/receipt-outcomes.ts';
import { backends, openTestDb, type Backend, type TestDb } from '../support/databases.ts';
import { seedOrder, seedSeller, validRucs } from '../db/seed.ts';
import { attachInput, itemKeyOf } from './chunk-inputs.ts';

type Order = { readonly id: number; readonly orderNumber: string };

/** Orders of the test world, seeded alike in every database so that their ids agree. */
interface World {
  /** Open orders O-1 to O-n, alternately confirmada and pendiente. */
  readonly open: readonly Order[];
  readonly ready: Order;
  readonly closed: Readonly<Record<'enviada' | 'entregada' | 'cancelada', Order>>;
  /** An order of seller s2. */
  readonly foreign: Order;
}

async function seedWorld(db: Db, openOrders: number): Promise<World> {
  await seedSeller(db, 's1', validRucs[0]);
  await seedSeller(db, 's2', validRucs[1]);
  const add = async (orderNumber: string, state: OrderState, sellerId = 's1'): Promise<Order> => ({ id: await seedOrder(db, { orderNumber, sellerId, state }), orderNumber });
  // One multi-row insert: the 600-input test needs as many orders.
  const rows = Array.from({ length: openOrders }, (_, index) => ({
    order_number: `O-${index + 1}`,
    seller_id: 's1',
    state: index % 2 === 0 ? 'confirmada' : 'pendiente',
    requested: 'boleta',
    total: '118.00',
    currency: 'PEN',
    order_date: '2026-11-30',
  }));
  for (let start = 0; start < rows.length; start += 400) await db('orders').insert(rows.slice(start, start + 400));
  const open = (await db('orders').orderBy('id').select('id', 'order_number')).map((row) => ({ id: Number(row.id), orderNumber: String(row.order_number) }));
  const ready = await add('O-R', 'lista_para_envio');
  const closed = { enviada: await add('O-E', 'enviada'), entregada: await add('O-D', 'entregada'), cancelada: await add('O-C', 'cancelada') };
  const foreign = await add('X-1', 'confirmada', 's2');
  return { open, ready, closed, foreign };
}

/** Builds the attached_receipts row of an input, for writing a row beside attachReceipt's. */
function attachedRowFor(input: AttachInput): AttachedReceiptRow {
  return {
    orderId: input.order.id,
    sellerId: input.seller.id,
    orderNumber: input.order.orderNumber,
    identity: input.identity,
    numberText: input.document.number ?? String(input.identity.number),
    total: null,
    currency: null,
    issueDate: null,
    pdfPath: null,
    xmlPath: null,
    pdfSha256: null,
    xmlSha256: null,
    contentHash: input.stored.contentHash,
    batchId: input.batchId,
  };
}

/** Everything attaching writes, without timestamps. */
async function rowsOf(db: Db) {
  const attached = (await db('attached_receipts').orderBy('id')).map(({ attached_at: _, ...row }) => row);
  const orders = await db('orders').orderBy('id').select('id', 'order_number', 'state');
  const outcomes = (await db('receipt_outcomes').orderBy('id')).map(({ created_at: _, ...row }) => row);
  return { attached, orders, outcomes };
}

type Rows = Awaited<ReturnType<typeof rowsOf>>;

/**
 * Replaces attached_receipts ids by the identity they carry and drops outcome ids. PostgreSQL
 * sequences keep the values that rolled-back inserts took, so the one-by-one path leaves gaps
 * that the chunk does not.
 */
function withoutIds(rows: Rows, results: readonly AttachResult[]) {
  const names = new Map(rows.attached.map((row) => [Number(row.id), `${row.issuer_ruc}-${row.doc_type}-${row.series}-${row.number}`]));
  const nameOf = (id: unknown) => (id === null || id === undefined ? id : (names.get(Number(id)) ?? `unknown ${String(id)}`));
  return {
    attached: rows.attached.map(({ id: _, ...row }) => row),
    orders: rows.orders,
    outcomes: rows.outcomes.map(({ id: _, attached_receipt_id, ...row }) => ({ ...row, attached_receipt_id: nameOf(attached_receipt_id) })),
    results: results.map((result) => {
      const outcome = { ...result.outcome, attachedReceiptId: nameOf(result.outcome.attachedReceiptId) };
      return 'attachedReceiptId' in result ? { ...result, attachedReceiptId: nameOf(result.attachedReceiptId), outcome } : { ...result, outcome };
    }),
  };
}

describe.each(backends)('attachReceipts on %s', (backend: Backend) => {
  const opened: TestDb[] = [];
  const extraConnections: Db[] = [];
  afterEach(async () => {
    for (const db of extraConnections.splice(0)) await db.destroy();
    for (const testDb of opened.splice(0)) await testDb.close();
  });

  async function freshDb(openOrders: number): Promise<{ db: Db; world: World; testDb: TestDb }> {
    const testDb = await openTestDb(backend);
    opened.push(testDb);
    return { db: testDb.db, world: await seedWorld(testDb.db, openOrders), testDb };
  }

  function countStatements(db: Db): { readonly count: () => number; stop(): void } {
    let statements = 0;
    const listener = () => {
      statements += 1;
    };
    db.on('query', listener);
    return { count: () => statements, stop: () => db.removeListener('query', listener) };
  }

  interface Scenario {
    readonly openOrders?: number;
    /** Writes run on both databases before the chunk, such as an earlier batch. */
    readonly before?: (db: Db, world: World) => Promise<void>;
    readonly inputs: (world: World) => AttachInput[];
    /** Bound on the chunk's statements, far below what the one-by-one path would take. */
    readonly maxStatements?: number;
  }

  /**
   * Attaches the scenario's chunk with attachReceipts on one database and with a loop of
   * attachReceipt on a fresh copy, checks that results and rows agree, and returns the
   * chunk's results and rows.
   */
  async function compareWithLoop(scenario: Scenario) {
    const chunk = await freshDb(scenario.openOrders ?? 10);
    const loop = await freshDb(scenario.openOrders ?? 10);
    expect(chunk.world).toEqual(loop.world);
    await scenario.before?.(chunk.db, chunk.world);
    await scenario.before?.(loop.db, loop.world);

    const inputs = scenario.inputs(chunk.world);
    const statements = countStatements(chunk.db);
    const results = await attachReceipts(chunk.db, inputs);
    statements.stop();
    // A decision that missed a unique key would still give the right results, through the
    // one-by-one path: the statement count shows that the chunk went through in one piece.
    expect(statements.count()).toBeLessThanOrEqual(scenario.maxStatements ?? 12);
    const loopResults: AttachResult[] = [];
    for (const input of inputs) loopResults.push(await attachReceipt(loop.db, input));

    const rows = await rowsOf(chunk.db);
    const loopRows = await rowsOf(loop.db);
    expect(results).toHaveLength(inputs.length);
    expect(withoutIds(rows, results)).toStrictEqual(withoutIds(loopRows, loopResults));
    // SQLite rolls its id counter back with the transaction, so there even the ids agree.
    if (backend === 'sqlite') {
      expect(results).toStrictEqual(loopResults);
      expect(rows).toStrictEqual(loopRows);
    }
    return { results, rows, db: chunk.db, world: chunk.world, inputs };
  }

  const stateOf = (rows: Rows, order: Order) => rows.orders.find((row) => Number(row.id) === order.id)?.state;

  it('fresh chunk all attach', async () => {
    const { results, rows, world } = await compareWithLoop({
      inputs: (world) => world.open.map((order, index) => attachInput({ order, number: index + 1, itemKey: itemKeyOf(index + 2) })),
    });
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('attached'));
    expect(rows.attached).toHaveLength(10);
    expect(rows.orders.filter((row) => row.state === 'lista_para_envio')).toHaveLength(11);
    expect(stateOf(rows, world.open[1]!)).toBe('lista_para_envio');
    const first = results[0]!;
    if (first.status !== 'attached') throw new Error(`expected attached, got ${first.status}`);
    expect(first.outcome.attachedReceiptId).toBe(first.attachedReceiptId);
    expect(rows.attached[0]).toMatchObject({ order_id: world.open[0]!.id, doc_type: '03', series: 'B001', number: 1, number_text: '00000001', primary_order_id: world.open[0]!.id });
    expect(rows.outcomes.map((row) => row.verdict)).toEqual(Array(10).fill('accepted'));
  });

  it('same identity twice in a chunk', async () => {
    const { results, rows } = await compareWithLoop({
      inputs: ({ open }) => [
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0003' }),
        attachInput({ order: open[0]!, number: 7, bytes: 'regenerated', itemKey: 'L0004' }),
        attachInput({ order: open[1]!, number: 7, itemKey: 'L0005' }),
        attachInput({ order: open[1]!, number: 7, bytes: 'regenerated', itemKey: 'L0006' }),
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['attached', 'already_attached', 'conflict', 'conflict', 'conflict']);
    const [first, second, otherBytes, otherOrder] = results;
    expect(second).toMatchObject({ attachedReceiptId: first!.status === 'attached' ? first!.attachedReceiptId : -1 });
    expect(second!.outcome.verdict).toBe('already_attached');
    expect(otherBytes).toMatchObject({ code: 'ORDER_HAS_OTHER_RECEIPT', details: { existing: 'B001-00000007 (con otros archivos)' } });
    expect(otherOrder).toMatchObject({ code: 'RECEIPT_USED_ELSEWHERE', details: { receipt: 'B001-00000007', otherOrder: 'O-1' } });
    expect(rows.attached).toHaveLength(1);
    expect(rows.outcomes).toHaveLength(5);
  });

  it('two boletas for one order', async () => {
    const { results, rows, world } = await compareWithLoop({
      inputs: ({ open }) => [
        attachInput({ order: open[1]!, number: 7, itemKey: 'L0002' }),
        attachInput({ order: open[1]!, number: 8, itemKey: 'L0003' }),
        attachInput({ order: open[1]!, docType: '01', series: 'F001', number: 8, itemKey: 'L0004' }),
      ],
    });
    expect(results[1]).toMatchObject({ status: 'conflict', code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: 'O-2', existing: 'B001-00000007' } });
    expect(results[2]).toMatchObject({ status: 'conflict', code: 'ORDER_HAS_OTHER_RECEIPT' });
    expect(rows.attached).toHaveLength(1);
    expect(stateOf(rows, world.open[1]!)).toBe('lista_para_envio');
  });

  it('notes beside their boleta', async () => {
    const { results, rows, world } = await compareWithLoop({
      inputs: ({ open, closed }) => [
        attachInput({ order: open[0]!, docType: '07', series: 'BC01', number: 1, itemKey: 'L0002' }),
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0003' }),
        attachInput({ order: open[1]!, docType: '08', series: 'BD01', number: 1, itemKey: 'L0004' }),
        attachInput({ order: closed.enviada, docType: '07', series: 'BC01', number: 2, itemKey: 'L0005' }),
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['attached', 'attached', 'attached', 'attached']);
    expect(rows.attached.map((row) => [row.doc_type, row.primary_order_id])).toEqual([
      ['07', null],
      ['03', world.open[0]!.id],
      ['08', null],
      ['07', null],
    ]);
    expect(stateOf(rows, world.open[1]!)).toBe('pendiente');
    expect(stateOf(rows, world.closed.enviada)).toBe('enviada');
  });

  it('closed orders take no payment receipt', async () => {
    const { results, rows, world } = await compareWithLoop({
      inputs: ({ open, closed }) => [
        attachInput({ order: closed.enviada, number: 7, itemKey: 'L0002' }),
        attachInput({ order: closed.entregada, docType: '01', series: 'F001', number: 7, itemKey: 'L0003' }),
        attachInput({ order: closed.cancelada, number: 8, itemKey: 'L0004' }),
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0005' }),
      ],
    });
    expect(results[0]).toMatchObject({ status: 'conflict', code: 'ORDER_STATE_CLOSED', details: { orderNumber: 'O-E', state: 'enviada' } });
    expect(results[2]).toMatchObject({ status: 'conflict', code: 'ORDER_STATE_CLOSED', details: { state: 'cancelada' } });
    expect(results[3]!.status).toBe('attached');
    expect(rows.attached).toHaveLength(1);
    expect(stateOf(rows, world.closed.cancelada)).toBe('cancelada');
    expect(rows.outcomes.map((row) => row.verdict)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
  });

  it('earlier attaches block the chunk', async () => {
    const { results } = await compareWithLoop({
      before: async (db, { open, foreign }) => {
        await attachReceipt(db, attachInput({ order: open[0]!, number: 7, batchId: 'b0', itemKey: 'L0002' }));
        await attachReceipt(db, attachInput({ order: open[2]!, number: 9, batchId: 'b0', itemKey: 'L0003' }));
        await attachReceipt(db, attachInput({ order: foreign, sellerId: 's2', number: 5, batchId: 'b0', itemKey: 'L0004' }));
      },
      inputs: ({ open, ready, foreign }) => [
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
        attachInput({ order: open[1]!, number: 9, itemKey: 'L0003' }),
        attachInput({ order: open[2]!, number: 10, itemKey: 'L0004' }),
        attachInput({ order: open[3]!, sellerId: 's2', number: 5, itemKey: 'L0005' }),
        attachInput({ order: ready, number: 11, itemKey: 'L0006' }),
        attachInput({ order: foreign, sellerId: 's2', number: 5, bytes: 'regenerated', itemKey: 'L0007' }),
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['already_attached', 'conflict', 'conflict', 'conflict', 'attached', 'conflict']);
    expect(results[1]).toMatchObject({ code: 'RECEIPT_USED_ELSEWHERE', details: { otherOrder: 'O-3' } });
    expect(results[3]).toMatchObject({ code: 'RECEIPT_USED_ELSEWHERE', details: { otherOrder: 'X-1' } });
    expect(results[5]).toMatchObject({ code: 'ORDER_HAS_OTHER_RECEIPT' });
  });

  it('rerun gives the stored outcomes', async () => {
    const { db, results, rows, inputs } = await compareWithLoop({
      inputs: ({ open, closed }) => [
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
        attachInput({ order: open[1]!, number: 7, itemKey: 'L0003' }),
        attachInput({ order: closed.enviada, number: 8, itemKey: 'L0004' }),
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0005' }),
      ],
    });
    const rerun = await attachReceipts(db, inputs);
    expect(rerun.map((result) => result.status)).toEqual(Array(4).fill('outcome_exists'));
    for (const [index, result] of rerun.entries()) expect(result.outcome).toStrictEqual(await findOutcome(db, 'b1', inputs[index]!.outcome.itemKey));
    expect(rerun[0]!.outcome.attachedReceiptId).toBe(results[0]!.status === 'attached' ? results[0]!.attachedReceiptId : -1);
    expect(await rowsOf(db)).toStrictEqual(rows);

    // The one-by-one path returns the same for the rerun.
    const loopRerun: AttachResult[] = [];
    for (const input of inputs) loopRerun.push(await attachReceipt(db, input));
    expect(rerun).toStrictEqual(loopRerun);
  });

  it('repeated item in one chunk', async () => {
    const { results, rows } = await compareWithLoop({
      inputs: ({ open }) => [
        attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
        attachInput({ order: open[1]!, number: 8, itemKey: 'L0002' }),
        attachInput({ order: open[1]!, number: 9, itemKey: 'L0003' }),
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['attached', 'outcome_exists', 'attached']);
    expect(results[1]!.outcome).toStrictEqual({ ...results[0]!.outcome, attachedReceiptId: results[0]!.outcome.attachedReceiptId });
    expect(rows.outcomes).toHaveLength(2);
  });

  it('chunk over the IN-list limit', async () => {
    const { results, rows } = await compareWithLoop({
      openOrders: 600,
      maxStatements: 20,
      before: async (db, { open }) => {
        await attachReceipt(db, attachInput({ order: open[599]!, number: 599, batchId: 'b0', itemKey: 'L0002' }));
        await insertOutcome(db, { ...attachInput({ order: open[10]!, number: 11, itemKey: 'L0012' }).outcome, verdict: 'rejected', findings: [finding('TOTAL_MISMATCH')] });
      },
      inputs: ({ open }) => [
        ...open.map((order, index) => attachInput({ order, number: index + 1, itemKey: itemKeyOf(index + 2) })),
        // Late inputs that collide with early ones, in another statement's slice.
        attachInput({ order: open[0]!, number: 1, itemKey: itemKeyOf(700) }),
        attachInput({ order: open[0]!, number: 2, itemKey: itemKeyOf(701) }),
      ],
    });
    expect(results).toHaveLength(602);
    expect(results[10]!.status).toBe('outcome_exists');
    expect(results[598]).toMatchObject({ status: 'conflict', code: 'RECEIPT_USED_ELSEWHERE' });
    expect(results[599]).toMatchObject({ status: 'conflict', code: 'ORDER_HAS_OTHER_RECEIPT' });
    expect(results[600]!.status).toBe('already_attached');
    expect(results[601]).toMatchObject({ status: 'conflict', code: 'RECEIPT_USED_ELSEWHERE' });
    // 600 orders: one attached before, one item with an outcome, two collisions at the end.
    expect(rows.attached).toHaveLength(598);
  });

  it('chunk of 50 takes a few statements', async () => {
    const { db, world } = await freshDb(50);
    const inputs = world.open.map((order, index) => attachInput({ order, number: index + 1, itemKey: itemKeyOf(index + 2) }));
    const statements = countStatements(db);
    const results = await attachReceipts(db, inputs);
    statements.stop();
    expect(results.every((result) => result.status === 'attached')).toBe(true);
    expect(statements.count()).toBeLessThanOrEqual(12);

    const rerunStatements = countStatements(db);
    await attachReceipts(db, inputs);
    rerunStatements.stop();
    expect(rerunStatements.count()).toBeLessThanOrEqual(12);
  });

  it('missing order goes one by one', async () => {
    const chunk = await freshDb(3);
    const loop = await freshDb(3);
    const inputsOf = ({ open }: World) => [
      attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
      attachInput({ order: { id: 9999, orderNumber: 'O-9999' }, number: 8, itemKey: 'L0003' }),
      attachInput({ order: open[1]!, number: 9, itemKey: 'L0004' }),
    ];
    await expect(attachReceipts(chunk.db, inputsOf(chunk.world))).rejects.toThrow('order 9999 (O-9999) does not exist');
    const loopInputs = inputsOf(loop.world);
    await attachReceipt(loop.db, loopInputs[0]!);
    await expect(attachReceipt(loop.db, loopInputs[1]!)).rejects.toThrow('order 9999 (O-9999) does not exist');

    const rows = await rowsOf(chunk.db);
    expect(withoutIds(rows, [])).toStrictEqual(withoutIds(await rowsOf(loop.db), []));
    expect(rows.attached.map((row) => row.number)).toEqual([7]);
  });

  it('unique violation goes one by one', async () => {
    const chunk = await freshDb(3);
    const loop = await freshDb(3);
    const inputsOf = ({ open }: World) => [
      attachInput({ order: open[0]!, number: 7, itemKey: 'L0002' }),
      attachInput({ order: open[1]!, number: 8, itemKey: 'L0003' }),
      attachInput({ order: open[1]!, number: 7, itemKey: 'L0004' }),
    ];
    let hookRuns = 0;
    // The blocking row is written inside the chunk's transaction, so the rollback removes it
    // and the one-by-one path attaches as if it never existed.
    const results = await attachReceiptsWithHook(chunk.db, inputsOf(chunk.world), async (trx) => {
      hookRuns += 1;
      const blocker = attachInput({ order: chunk.world.open[2]!, number: 8, batchId: 'b0', itemKey: 'L0002' });
      await insertAttachedReceipt(trx, attachedRowFor(blocker));
    });
    const loopResults: AttachResult[] = [];
    for (const input of inputsOf(loop.world)) loopResults.push(await attachReceipt(loop.db, input));

    expect(hookRuns).toBe(1);
    const rows = await rowsOf(chunk.db);
    expect(withoutIds(rows, results)).toStrictEqual(withoutIds(await rowsOf(loop.db), loopResults));
    expect(results.map((result) => result.status)).toEqual(['attached', 'attached', 'conflict']);
    expect(rows.attached.map((row) => row.batch_id)).toEqual(['b1', 'b1']);
  });

  async function otherConnection(testDb: TestDb): Promise<Db> {
    const other = await openDb(testDb.options);
    extraConnections.push(other);
    return other;
  }

  it('two connections attach at once', async () => {
    const { db, world, testDb } = await freshDb(20);
    const other = await otherConnection(testDb);
    const chunkOf = (batchId: string) => world.open.map((order, index) => attachInput({ order, number: index + 1, batchId, itemKey: itemKeyOf(index + 2) }));
    // Both transactions start before either commits. Each locks first, so the second waits
    // for the first instead of failing with SQLITE_BUSY after its reads.
    const counts = [countStatements(db), countStatements(other)];
    const [first, second] = await Promise.all([attachReceipts(db, chunkOf('b1')), attachReceipts(other, chunkOf('b2'))]);
    for (const count of counts) count.stop();

    // The second chunk read after the first committed, so it did not need the one-by-one path.
    for (const count of counts) expect(count.count()).toBeLessThanOrEqual(12);

    const statuses = [first, second].map((results) => [...new Set(results.map((result) => result.status))]);
    expect(statuses.sort()).toEqual([['already_attached'], ['attached']]);
    expect((await rowsOf(db)).attached).toHaveLength(20);
  });

  it.runIf(backend === 'postgres')('deadlocked chunk goes one by one', async () => {
    const { db, world, testDb } = await freshDb(4);
    const other = await otherConnection(testDb);
    const [orderA, orderB, orderC, orderD] = world.open;
    // After both chunks read, each writes in its own transaction the receipt that the other
    // chunk is about to insert, so their inserts wait on each other. PostgreSQL aborts one of
    // them (40P01) after deadlock_timeout, and that chunk attaches one by one once the other
    // one commits.
    const barrier = () => {
      let arrived = 0;
      let release = () => {};
      const all = new Promise<void>((resolve) => (release = resolve));
      return async () => {
        arrived += 1;
        if (arrived === 2) release();
        await all;
      };
    };
    const [bothRead, bothWrote] = [barrier(), barrier()];
    const holding = (row: AttachInput) => async (trx: Knex.Transaction) => {
      await bothRead();
      await insertAttachedReceipt(trx, attachedRowFor(row));
      await bothWrote();
    };
    const [first, second] = await Promise.all([
      attachReceiptsWithHook(db, [attachInput({ order: orderA!, number: 7, itemKey: 'L0002' })], holding(attachInput({ order: orderC!, number: 8, batchId: 'h1', itemKey: 'L0002' }))),
      attachReceiptsWithHook(other, [attachInput({ order: orderD!, number: 8, batchId: 'b2', itemKey: 'L0002' })], holding(attachInput({ order: orderB!, number: 7, batchId: 'h2', itemKey: 'L0002' }))),
    ]);

    const results = [first![0]!, second![0]!];
    expect(results.map((result) => result.status).sort()).toEqual(['attached', 'conflict']);
    const loser = results.find((result) => result.status === 'conflict');
    expect(loser).toMatchObject({ code: 'RECEIPT_USED_ELSEWHERE' });
    const rows = await rowsOf(db);
    // The surviving chunk's own receipt and the row its hook wrote.
    expect(rows.attached.map((row) => row.number).sort()).toEqual([7, 8]);
    expect(rows.outcomes).toHaveLength(2);
  });

  it.runIf(backend === 'postgres')('racing attach goes one by one', async () => {
    const { db, world, testDb } = await freshDb(4);
    const other = await otherConnection(testDb);
    const inputs = [
      attachInput({ order: world.open[0]!, number: 7, itemKey: 'L0002' }),
      attachInput({ order: world.open[1]!, number: 8, itemKey: 'L0003' }),
    ];
    const results = await attachReceiptsWithHook(db, inputs, async () => {
      // Another worker commits the first input's receipt on an order outside the chunk after
      // the chunk read the database. It needs no lock that the chunk holds, because the chunk
      // locked only its own orders.
      await attachReceipt(other, attachInput({ order: world.open[3]!, number: 7, batchId: 'b0', itemKey: 'L0002' }));
    });

    expect(results[0]).toMatchObject({ status: 'conflict', code: 'RECEIPT_USED_ELSEWHERE', details: { otherOrder: 'O-4' } });
    expect(results[1]!.status).toBe('attached');
    const rows = await rowsOf(db);
    expect(rows.attached.map((row) => [row.batch_id, row.number])).toEqual([
      ['b0', 7],
      ['b1', 8],
    ]);
    expect(stateOf(rows, world.open[0]!)).toBe('confirmada');
  });

  it.runIf(backend === 'postgres')('racing outcome goes one by one', async () => {
    const { db, world, testDb } = await freshDb(4);
    const other = await otherConnection(testDb);
    const inputs = [
      attachInput({ order: world.open[0]!, number: 7, itemKey: 'L0002' }),
      attachInput({ order: world.open[1]!, number: 8, itemKey: 'L0003' }),
    ];
    const racedOutcome = { ...inputs[1]!.outcome, verdict: 'rejected' as const, findings: [finding('TOTAL_MISMATCH')] };
    // A racing run of the second item commits its outcome after the chunk read the outcomes.
    const results = await attachReceiptsWithHook(db, inputs, async () => {
      await insertOutcome(other, racedOutcome);
    });

    expect(results[0]!.status).toBe('attached');
    expect(results[1]).toStrictEqual({ status: 'outcome_exists', outcome: { ...racedOutcome, attachedReceiptId: null } });
    const rows = await rowsOf(db);
    expect(rows.attached.map((row) => row.number)).toEqual([7]);
    expect(stateOf(rows, world.open[1]!)).toBe('pendiente');
  });
});
