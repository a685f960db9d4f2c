import type { Knex } from 'knex';
import type { OrderState, SellerFacts } from '../checks/check-context.ts';
import { closedOrderStates } from '../checks/check-context.ts';
import { finding, verdictOf, type Finding } from '../checks/finding.ts';
import type { OrderRecord } from '../db/fact-rows.ts';
import { findAttachedConflicts } from '../db/find-attached-conflicts.ts';
import { insertAttachedReceipt, type AttachedReceiptRow } from '../db/insert-attached-receipt.ts';
import { markOrderReady } from '../db/mark-order-ready.ts';
import { isPaymentReceipt, normaliseIdentity, type ReceiptIdentity } from '../db/receipt-identity.ts';
import { findOutcome, insertOutcome, type OutcomeRecord } from '../db/receipt-outcomes.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';
import type { Details } from '../reports/reason-codes.ts';
import { classifyAttachConflict, receiptLabel, type AttachAttempt } from './classify-attach-conflict.ts';
import type { StoredFiles } from './store-files.ts';

export interface AttachInput {
  readonly seller: Pick<SellerFacts, 'id'>;
  readonly order: Pick<OrderRecord, 'id' | 'orderNumber'>;
  readonly identity: ReceiptIdentity;
  /** Fields stored beside the identity. `number` is the correlativo as written. */
  readonly document: Pick<ReceiptDocument, 'number' | 'total' | 'currency' | 'issueDate'>;
  readonly stored: StoredFiles;
  readonly batchId: string;
  /** The outcome recorded with the attach (verdict accepted, the checks' warnings as findings). */
  readonly outcome: OutcomeRecord;
}

export type AttachConflictCode = 'RECEIPT_USED_ELSEWHERE' | 'ORDER_HAS_OTHER_RECEIPT' | 'ORDER_STATE_CLOSED';

/** Every status but outcome_exists carries the outcome row this call wrote. */
export type AttachResult =
  | { readonly status: 'attached'; readonly attachedReceiptId: number; readonly outcome: OutcomeRecord }
  | { readonly status: 'already_attached'; readonly attachedReceiptId: number; readonly outcome: OutcomeRecord }
  | { readonly status: 'conflict'; readonly code: AttachConflictCode; readonly details: Details; readonly outcome: OutcomeRecord }
  /** The item already had an outcome (an earlier run of the job, or a racing worker): nothing was written. */
  | { readonly status: 'outcome_exists'; readonly outcome: OutcomeRecord };

/** Rolls the attach transaction back when a factura or boleta arrives for a closed order. */
class OrderClosed extends Error {
  constructor(readonly state: OrderState) {
    super(`order is ${state}`);
  }
}

/** Rolls the attach transaction back when the item's outcome was written meanwhile. */
class OutcomeExists extends Error {
  constructor() {
    super('the item already has an outcome');
  }
}

/**
 * Attaches a checked receipt exactly once. One transaction moves the order to
 * lista_para_envio (facturas and boletas only), inserts attached_receipts and the outcome
 * row. When the unique keys reject it (a rerun, a racing worker, the receipt attached
 * elsewhere, the order already has its receipt) nothing of the attach stays and the
 * matching outcome row (already attached or rejected) is written instead.
 */
export async function attachReceipt(db: Knex, input: AttachInput): Promise<AttachResult> {
  // No lookup of an earlier outcome first: on a rerun the transaction's unique keys fail
  // and resolveUniqueViolation returns that outcome, which saves a query per receipt on
  // the single SQLite connection.
  try {
    return await db.transaction((trx) => attachInTransaction(trx, input));
  } catch (error) {
    if (error instanceof OutcomeExists) return { status: 'outcome_exists', outcome: await existingOutcome(db, input.outcome) };
    if (error instanceof OrderClosed) {
      const closed = finding('ORDER_STATE_CLOSED', { orderNumber: input.order.orderNumber, state: error.state });
      return recordConflict(db, input, closed);
    }
    if (!isUniqueViolation(error)) throw error;
    return resolveUniqueViolation(db, input, error);
  }
}

async function attachInTransaction(trx: Knex.Transaction, input: AttachInput): Promise<AttachResult> {
  const identity = normaliseIdentity(input.identity);
  // The order update comes first: it takes the write lock (SQLite) or row lock (PostgreSQL)
  // before any read, so a second attach to this order waits instead of failing.
  if (isPaymentReceipt(identity.docType)) {
    const state = await markOrderReady(trx, input.order.id);
    if (state === null) throw new Error(`order ${input.order.id} (${input.order.orderNumber}) does not exist`);
    if (closedOrderStates.includes(state)) throw new OrderClosed(state);
  }

  const attachedReceiptId = await insertAttachedReceipt(trx, attachedRowOf(input));
  const outcome: OutcomeRecord = { ...input.outcome, attachedReceiptId };
  // A racing run of this same item may have written its outcome since the check above,
  // and then this attach must not stay either.
  if (!(await insertOutcome(trx, outcome))) throw new OutcomeExists();
  return { status: 'attached', attachedReceiptId, outcome };
}

/**
 * Reads back what blocked the insert. The blocking row is committed by now: PostgreSQL
 * reports 23505 only after the other transaction commits, and SQLite runs one writer at a
 * time.
 */
async function resolveUniqueViolation(db: Knex, input: AttachInput, violation: unknown): Promise<AttachResult> {
  const previous = await findOutcome(db, input.outcome.batchId, input.outcome.itemKey);
  if (previous) return { status: 'outcome_exists', outcome: previous };

  const identity = normaliseIdentity(input.identity);
  const conflicts = await findAttachedConflicts(db, identity, isPaymentReceipt(identity.docType) ? input.order.id : null);
  const decision = classifyAttachConflict(attemptOf(input), conflicts);
  if (decision === null) throw violation;

  if (decision.kind === 'conflict') return recordConflict(db, input, decision.finding);
  const outcome = withFinding(input.outcome, decision.finding, decision.existing.id);
  const written = await recordOutcome(db, outcome);
  if (written.status === 'outcome_exists') return written;
  return { status: 'already_attached', attachedReceiptId: decision.existing.id, outcome };
}

async function recordConflict(db: Knex, input: AttachInput, conflict: Finding): Promise<AttachResult> {
  const outcome = withFinding(input.outcome, conflict, null);
  const written = await recordOutcome(db, outcome);
  if (written.status === 'outcome_exists') return written;
  return { status: 'conflict', code: conflict.code as AttachConflictCode, details: conflict.details, outcome };
}

/** Inserts the outcome unless the item got one meanwhile, which is then returned. */
async function recordOutcome(db: Knex, outcome: OutcomeRecord): Promise<{ status: 'written' } | { status: 'outcome_exists'; outcome: OutcomeRecord }> {
  if (await insertOutcome(db, outcome)) return { status: 'written' };
  return { status: 'outcome_exists', outcome: await existingOutcome(db, outcome) };
}

/** Reads the outcome another run wrote for this item. */
async function existingOutcome(db: Knex, outcome: OutcomeRecord): Promise<OutcomeRecord> {
  const existing = await findOutcome(db, outcome.batchId, outcome.itemKey);
  if (!existing) throw new Error(`outcome ${outcome.batchId}/${outcome.itemKey} was reported as existing but is not found`);
  return existing;
}

/** Adds a finding to the outcome and recomputes its verdict. */
export function withFinding(outcome: OutcomeRecord, added: Finding, attachedReceiptId: number | null): OutcomeRecord {
  const findings = [...outcome.findings, added];
  return { ...outcome, findings, verdict: verdictOf(findings), attachedReceiptId };
}

/** Describes the attach for classifyAttachConflict. */
export function attemptOf(input: AttachInput): AttachAttempt {
  const identity = normaliseIdentity(input.identity);
  return {
    sellerId: input.seller.id,
    orderId: input.order.id,
    orderNumber: input.order.orderNumber,
    receipt: receiptLabel({ series: identity.series, numberText: numberTextOf(input) }),
    contentHash: input.stored.contentHash,
  };
}

/** Returns the correlativo as written on the document, or the identity's number. */
export function numberTextOf(input: AttachInput): string {
  return input.document.number?.trim() || String(input.identity.number);
}

/** Builds the attached_receipts row of an input. */
export function attachedRowOf(input: AttachInput): AttachedReceiptRow {
  return {
    orderId: input.order.id,
    sellerId: input.seller.id,
    orderNumber: input.order.orderNumber,
    identity: normaliseIdentity(input.identity),
    numberText: numberTextOf(input),
    total: input.document.total,
    currency: input.document.currency,
    issueDate: input.document.issueDate,
    pdfPath: input.stored.pdf?.relativePath ?? null,
    xmlPath: input.stored.xml?.relativePath ?? null,
    pdfSha256: input.stored.pdf?.sha256 ?? null,
    xmlSha256: input.stored.xml?.sha256 ?? null,
    contentHash: input.stored.contentHash,
    batchId: input.batchId,
  };
}
