import { closedOrderStates, type ManifestClaims, type OrderFacts } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { docTypeForRequest, docTypeWithArticle, isNoteDocType } from './doc-types.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/** Returns the order number as the seller gave it: the manifest's, else the XML's OrderReference. */
export function claimedOrderNumber(doc: ReceiptDocument, claims: ManifestClaims): string {
  return claims.orderNumber?.trim() || doc.orderReference?.trim() || 'no indicado';
}

/**
 * Rejects with ORDER_NOT_FOUND when the context has no order. The context does not
 * distinguish an order of another seller from a missing one, so both get the same message.
 */
export function checkOrderFound(
  order: OrderFacts | null,
  doc: ReceiptDocument,
  claims: ManifestClaims,
): CheckResult {
  if (order !== null) return passed;
  return [finding('ORDER_NOT_FOUND', { orderNumber: claimedOrderNumber(doc, claims) })];
}

/** Rejects with ORDER_STATE_CLOSED once the order is enviada, entregada or cancelada. */
export function checkOrderState(order: OrderFacts): CheckResult {
  if (!closedOrderStates.includes(order.state)) return passed;
  return [finding('ORDER_STATE_CLOSED', { orderNumber: order.orderNumber, state: order.state })];
}

/**
 * Rejects with DOC_TYPE_NOT_REQUESTED when a boleta arrives for a factura request or the
 * reverse. Notes are exempt because they correct the receipt already attached, whatever its type.
 */
export function checkTypeRequested(doc: ReceiptDocument, order: OrderFacts): CheckResult {
  if (isNoteDocType(doc.docType)) return passed;

  const expected = docTypeForRequest(order.requested);
  if (doc.docType === expected) return passed;
  return [
    finding('DOC_TYPE_NOT_REQUESTED', {
      orderNumber: order.orderNumber,
      expected: docTypeWithArticle(expected),
      found: docTypeWithArticle(doc.docType),
    }),
  ];
}
