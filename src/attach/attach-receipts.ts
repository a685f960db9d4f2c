import type { Knex } from 'knex';
import { findAttachedBlockers, type AttachKeys } from '../db/find-attached-blockers.ts';
import { findOutcomes, outcomeKeyOf } from '../db/find-outcomes.ts';
import { insertAttachedReceipts } from '../db/insert-attached-receipts.ts';
import { lockOrders } from '../db/lock-orders.ts';
import { markOrdersReady } from '../db/mark-orders-ready.ts';
import { identityKey, isPaymentReceipt, normaliseIdentity } from '../db/receipt-identity.ts';
import { insertOutcomes, type OutcomeRecord } from '../db/receipt-outcomes.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { attachedRowOf, attachReceipt, withFinding, type AttachConflictCode, type AttachInput, type AttachResult } from './attach-receipt.ts';
import { decideAttachChunk, type AttachedRowRef, type ChunkDecision } from './decide-attach-chunk.ts';

/** Rolls the chunk transaction back when only the one-by-one path can reproduce attachReceipt. */
class ChunkNeedsOneByOne extends Error {}

/** Runs inside the chunk transaction after the reads and decisions, before the first insert. */
export type BeforeInsertHook = (trx: Knex.Transaction) => Promise<void>;

/**
 * Attaches a chunk of checked receipts with the results and database state of calling
 * attachReceipt for each input in order, in one transaction of a few statements whatever
 * the chunk's size. Another process may attach one of the identities or orders, or write
 * one of the outcomes, between the reads and the inserts (PostgreSQL with several workers).
 * Then, or when an input names an order that does not exist, the transaction rolls back and
 * the inputs go through attachReceipt one by one.
 */
export async function attachReceipts(db: Knex, inputs: readonly AttachInput[]): Promise<AttachResult[]> {
  return attachReceiptsWithHook(db, inputs, null);
}

/** attachReceipts with a hook, so that tests can write a racing row between the reads and the inserts. */
export async function attachReceiptsWithHook(db: Knex, inputs: readonly AttachInput[], beforeInsert: BeforeInsertHook | null): Promise<AttachResult[]> {
  if (inputs.length === 0) return [];
  try {
    return await db.transaction((trx) => attachChunk(trx, inputs, beforeInsert));
  } catch (error) {
    if (!(error instanceof ChunkNeedsOneByOne) && !isUniqueViolation(error) && !isDeadlock(error)) throw error;
  }
  const results: AttachResult[] = [];
  for (const input of inputs) results.push(await attachReceipt(db, input));
  return results;
}

/**
 * Tells whether PostgreSQL aborted the transaction to break a deadlock (SQLSTATE 40P01). Two
 * chunks that insert the same identities in crossing order, each for its own orders, can wait
 * on each other. The chunk that PostgreSQL aborts then goes one by one.
 */
function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';
}

async function attachChunk(trx: Knex.Transaction, inputs: readonly AttachInput[], beforeInsert: BeforeInsertHook | null): Promise<AttachResult[]> {
  // The lock comes first: it is a write, so SQLite takes its write lock before the reads.
  const orderStates = await lockOrders(trx, inputs.map((input) => input.order.id));
  const outcomes = await findOutcomes(trx, inputs.map((input) => input.outcome));
  const attached = await findAttachedBlockers(trx, inputs.map(attachKeysOf));
  const plan = decideAttachChunk(inputs, { orderStates, outcomes, attached });
  if (plan.kind === 'order_not_found') throw new ChunkNeedsOneByOne(`order ${inputs[plan.inputIndex]!.order.id} does not exist`);
  const { decisions } = plan;
  if (beforeInsert) await beforeInsert(trx);

  const attaching = inputs.filter((_, index) => decisions[index]!.kind === 'attach');
  const insertedIds = attaching.length > 0 ? await insertAttachedReceipts(trx, attaching.map(attachedRowOf)) : new Map<string, number>();
  const payments = attaching.filter((input) => isPaymentReceipt(normaliseIdentity(input.identity).docType));
  if (payments.length > 0) await markOrdersReady(trx, payments.map((input) => input.order.id));

  const idOf = (ref: AttachedRowRef) => (ref.source === 'stored' ? ref.id : insertedIdOf(insertedIds, inputs[ref.inputIndex]!));
  const results = inputs.map((input, index) => resultOf(input, index, decisions[index]!, idOf));
  const written = results.flatMap((result) => (result && result.status !== 'outcome_exists' ? [result.outcome] : []));
  // Under the SQLite write lock no outcome can appear after findOutcomes, but in PostgreSQL a
  // racing worker can write one, and then only attachReceipt decides that input right.
  if (written.length > 0 && (await insertOutcomes(trx, written)) < written.length) throw new ChunkNeedsOneByOne('an outcome was written meanwhile');

  if (results.every((result) => result !== null)) return results;
  // An item repeated in the chunk gets the outcome its first input wrote, read back as stored.
  const stored = await findOutcomes(trx, inputs.map((input) => input.outcome));
  return results.map((result, index) => result ?? { status: 'outcome_exists', outcome: storedOutcomeOf(stored, inputs[index]!) });
}

/** Builds the input's result, or returns null for an item repeated in the chunk, whose stored outcome is read last. */
function resultOf(input: AttachInput, index: number, decision: ChunkDecision, idOf: (ref: AttachedRowRef) => number): AttachResult | null {
  switch (decision.kind) {
    case 'attach': {
      const attachedReceiptId = idOf({ source: 'chunk', inputIndex: index });
      return { status: 'attached', attachedReceiptId, outcome: { ...input.outcome, attachedReceiptId } };
    }
    case 'already_attached': {
      const attachedReceiptId = idOf(decision.existing);
      return { status: 'already_attached', attachedReceiptId, outcome: withFinding(input.outcome, decision.finding, attachedReceiptId) };
    }
    case 'conflict': {
      const { code, details } = decision.finding;
      return { status: 'conflict', code: code as AttachConflictCode, details, outcome: withFinding(input.outcome, decision.finding, null) };
    }
    case 'outcome_exists':
      return { status: 'outcome_exists', outcome: decision.stored };
    case 'outcome_repeated':
      return null;
  }
}

function insertedIdOf(insertedIds: ReadonlyMap<string, number>, input: AttachInput): number {
  const id = insertedIds.get(identityKey(input.identity));
  if (id === undefined) throw new Error(`insert returned no id for receipt ${identityKey(input.identity)}`);
  return id;
}

function storedOutcomeOf(stored: ReadonlyMap<string, OutcomeRecord>, input: AttachInput): OutcomeRecord {
  const outcome = stored.get(outcomeKeyOf(input.outcome));
  if (!outcome) throw new Error(`outcome ${input.outcome.batchId}/${input.outcome.itemKey} was written in this chunk but is not found`);
  return outcome;
}

function attachKeysOf(input: AttachInput): AttachKeys {
  const identity = normaliseIdentity(input.identity);
  return { identity, primaryOrderId: isPaymentReceipt(identity.docType) ? input.order.id : null };
}

