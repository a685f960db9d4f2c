import type { OrderState } from '../checks/check-context.ts';
import { closedOrderStates } from '../checks/check-context.ts';
import { finding, type Finding } from '../checks/finding.ts';
import type { AttachedRecord } from '../db/fact-rows.ts';
import { outcomeKeyOf } from '../db/find-outcomes.ts';
import { identityKey, isPaymentReceipt, normaliseIdentity } from '../db/receipt-identity.ts';
import type { OutcomeRecord } from '../db/receipt-outcomes.ts';
import { attemptOf, numberTextOf, type AttachInput } from './attach-receipt.ts';
import { classifyAttachConflict } from './classify-attach-conflict.ts';

/** Database rows that a chunk's decisions rest on, read after its transaction locked the chunk's orders. */
export interface ChunkFacts {
  /** States by order id. An order that the chunk names and that is missing here does not exist. */
  readonly orderStates: ReadonlyMap<number, OrderState>;
  /** Stored outcomes by outcomeKeyOf. */
  readonly outcomes: ReadonlyMap<string, OutcomeRecord>;
  /** Attached receipts holding an input's identity or the payment receipt of an input's order, by id. */
  readonly attached: readonly AttachedRecord[];
}

/** The attached row an already_attached input points to: stored before, or inserted by an earlier input. */
export type AttachedRowRef = { readonly source: 'stored'; readonly id: number } | { readonly source: 'chunk'; readonly inputIndex: number };

/** Decision for one input of a chunk, the one attachReceipt would make at that point of a loop. */
export type ChunkDecision =
  | { readonly kind: 'attach' }
  /** `finding` is RECEIPT_ALREADY_ATTACHED, added to the input's outcome. */
  | { readonly kind: 'already_attached'; readonly existing: AttachedRowRef; readonly finding: Finding }
  /** `finding` is the rejection added to the input's outcome. */
  | { readonly kind: 'conflict'; readonly finding: Finding }
  /** The outcome was stored before the chunk. */
  | { readonly kind: 'outcome_exists'; readonly stored: OutcomeRecord }
  /** An earlier input of the chunk, `firstIndex`, writes this item's outcome. */
  | { readonly kind: 'outcome_repeated'; readonly firstIndex: number };

/**
 * Decisions for every input, in input order. `order_not_found` names the first input whose
 * order does not exist: attachReceipt throws for it (or fails a foreign key), which only the
 * one-by-one path reproduces.
 */
export type ChunkPlan =
  | { readonly kind: 'decided'; readonly decisions: readonly ChunkDecision[] }
  | { readonly kind: 'order_not_found'; readonly inputIndex: number };

interface KnownAttached {
  readonly record: AttachedRecord;
  readonly ref: AttachedRowRef;
}

/** Attached rows as seen by the inputs decided so far. */
interface ChunkView {
  readonly byIdentity: Map<string, KnownAttached>;
  /** The factura or boleta of each order. */
  readonly byOrder: Map<number, KnownAttached>;
  /** Outcome keys written so far, with the input that wrote each. */
  readonly written: Map<string, number>;
}

/**
 * Decides each input of a chunk as a loop of attachReceipt calls would, given the facts read
 * at the start. Each decision takes into account the rows that the inputs before it attach.
 * Pure: the caller reads the facts and writes the decisions.
 */
export function decideAttachChunk(inputs: readonly AttachInput[], facts: ChunkFacts): ChunkPlan {
  const missing = inputs.findIndex((input) => !facts.orderStates.has(input.order.id));
  if (missing >= 0) return { kind: 'order_not_found', inputIndex: missing };

  const view = viewOf(facts.attached);
  const decisions = inputs.map((input, index) => {
    const key = outcomeKeyOf(input.outcome);
    const stored = facts.outcomes.get(key);
    if (stored) return { kind: 'outcome_exists', stored } as const;
    const firstIndex = view.written.get(key);
    if (firstIndex !== undefined) return { kind: 'outcome_repeated', firstIndex } as const;

    view.written.set(key, index);
    return decideInput(input, index, facts.orderStates, view);
  });
  return { kind: 'decided', decisions };
}

function decideInput(input: AttachInput, index: number, orderStates: ReadonlyMap<number, OrderState>, view: ChunkView): ChunkDecision {
  const identity = normaliseIdentity(input.identity);
  const payment = isPaymentReceipt(identity.docType);
  // attachReceipt checks the order state first, so a closed order wins over any unique key.
  const state = orderStates.get(input.order.id);
  if (payment && state !== undefined && closedOrderStates.includes(state)) {
    return { kind: 'conflict', finding: finding('ORDER_STATE_CLOSED', { orderNumber: input.order.orderNumber, state }) };
  }

  const sameIdentity = view.byIdentity.get(identityKey(identity)) ?? null;
  const orderPrimary = payment ? (view.byOrder.get(input.order.id) ?? null) : null;
  const decision = classifyAttachConflict(attemptOf(input), { sameIdentity: sameIdentity?.record ?? null, orderPrimary: orderPrimary?.record ?? null });
  if (decision?.kind === 'conflict') return { kind: 'conflict', finding: decision.finding };
  // classifyAttachConflict finds a receipt already attached only in the identity's holder.
  if (decision?.kind === 'already_attached' && sameIdentity) return { kind: 'already_attached', existing: sameIdentity.ref, finding: decision.finding };

  const attached: KnownAttached = { record: pendingRecord(input), ref: { source: 'chunk', inputIndex: index } };
  view.byIdentity.set(identityKey(identity), attached);
  if (payment) view.byOrder.set(input.order.id, attached);
  return { kind: 'attach' };
}

function viewOf(attached: readonly AttachedRecord[]): ChunkView {
  const view: ChunkView = { byIdentity: new Map(), byOrder: new Map(), written: new Map() };
  for (const record of attached) {
    const known: KnownAttached = { record, ref: { source: 'stored', id: record.id } };
    view.byIdentity.set(identityKey(record), known);
    // The lowest id wins, as findAttachedConflicts takes the first row by id.
    if (isPaymentReceipt(record.docType) && !view.byOrder.has(record.orderId)) view.byOrder.set(record.orderId, known);
  }
  return view;
}

/** Builds the row an attach inserts, as findAttachedConflicts would read it back. Its id is not known yet. */
function pendingRecord(input: AttachInput): AttachedRecord {
  const identity = normaliseIdentity(input.identity);
  return {
    id: 0,
    orderId: input.order.id,
    orderNumber: input.order.orderNumber,
    sellerId: input.seller.id,
    ...identity,
    numberText: numberTextOf(input),
    contentHash: input.stored.contentHash,
  };
}


