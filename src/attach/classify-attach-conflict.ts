import { finding, type Finding } from '../checks/finding.ts';
import { isSameContent } from '../checks/same-content.ts';
import type { AttachedConflicts } from '../db/find-attached-conflicts.ts';
import type { AttachedRecord } from '../db/fact-rows.ts';

export interface AttachAttempt {
  readonly sellerId: string;
  readonly orderId: number;
  readonly orderNumber: string;
  /** "SERIES-NUMBER" of the receipt being attached, as written. */
  readonly receipt: string;
  readonly contentHash: string;
}

/** Reason an attach that hit a unique key did not go through. */
export type ConflictDecision =
  | { readonly kind: 'already_attached'; readonly existing: AttachedRecord; readonly finding: Finding }
  | { readonly kind: 'conflict'; readonly finding: Finding };

/**
 * Decides what an attach blocked by attached_receipts' unique keys means. The same identity
 * on the same order with the same bytes is already attached. The same identity on another
 * order is RECEIPT_USED_ELSEWHERE. The same identity with other bytes, or another payment
 * receipt on the order, is ORDER_HAS_OTHER_RECEIPT. Returns null when neither row exists.
 */
export function classifyAttachConflict(attempt: AttachAttempt, conflicts: AttachedConflicts): ConflictDecision | null {
  const { sameIdentity, orderPrimary } = conflicts;
  if (sameIdentity && sameIdentity.orderId === attempt.orderId) {
    // TODO: a resend that adds the XML to a receipt stored as PDF only is reported as already
    // attached, but the new XML is not stored beside the PDF (it stays in the archived batch).
    if (isSameContent(sameIdentity.contentHash, attempt.contentHash)) {
      return { kind: 'already_attached', existing: sameIdentity, finding: finding('RECEIPT_ALREADY_ATTACHED', { receipt: attempt.receipt }) };
    }
    const existing = `${receiptLabel(sameIdentity)} (con otros archivos)`;
    return { kind: 'conflict', finding: finding('ORDER_HAS_OTHER_RECEIPT', { orderNumber: attempt.orderNumber, existing }) };
  }
  if (sameIdentity) {
    // Another seller's order number is not shown, as ORDER_NOT_FOUND does not reveal it either.
    const otherOrder = sameIdentity.sellerId === attempt.sellerId ? sameIdentity.orderNumber : 'de otro vendedor';
    return { kind: 'conflict', finding: finding('RECEIPT_USED_ELSEWHERE', { receipt: attempt.receipt, otherOrder }) };
  }
  if (orderPrimary) {
    return { kind: 'conflict', finding: finding('ORDER_HAS_OTHER_RECEIPT', { orderNumber: attempt.orderNumber, existing: receiptLabel(orderPrimary) }) };
  }
  return null;
}

/** "B001-7" with the correlativo as written. */
export function receiptLabel(receipt: Pick<AttachedRecord, 'series' | 'numberText'>): string {
  return `${receipt.series}-${receipt.numberText}`;
}
