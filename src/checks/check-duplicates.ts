import type { AttachedFacts, CheckContext } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { isSameContent } from './same-content.ts';
import { isNoteDocType } from './doc-types.ts';
import { correlativoValue, formatSeriesNumber, normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/** Key that makes two receipts the same document: issuer RUC, type, series and integer number. */
export interface ReceiptIdentity {
  readonly issuerRuc: string;
  readonly docType: string;
  readonly series: string;
  readonly number: number;
}

/** Returns the document's normalised identity, or null while any part is missing or unreadable. */
export function identityOf(doc: ReceiptDocument): ReceiptIdentity | null {
  const issuerRuc = normaliseId(doc.issuerRuc);
  const series = normaliseId(doc.series);
  const number = correlativoValue(doc.number);
  if (issuerRuc === null || doc.docType === null || series === null || number === null) return null;
  return { issuerRuc, docType: doc.docType, series, number };
}

export function hasIdentity(attached: AttachedFacts, identity: ReceiptIdentity | null): boolean {
  return (
    identity !== null &&
    normaliseId(attached.issuerRuc) === identity.issuerRuc &&
    attached.docType === identity.docType &&
    normaliseId(attached.series) === identity.series &&
    attached.number === identity.number
  );
}

function isOnThisOrder(attached: AttachedFacts, ctx: CheckContext): boolean {
  return ctx.order !== null && attached.sellerId === ctx.seller.id && attached.orderNumber === ctx.order.orderNumber;
}

/** True when this receipt is already attached to this order with the same content (see isSameContent). */
export function isAlreadyAttached(ctx: CheckContext): boolean {
  const attached = ctx.sameIdentity;
  return attached !== null && isOnThisOrder(attached, ctx) && isSameContent(attached.contentHash, ctx.contentHash);
}

/**
 * Compares with the receipt of the same identity attached anywhere (ctx.sameIdentity):
 * - same order, same bytes: RECEIPT_ALREADY_ATTACHED (information, nothing to do);
 * - same order, other bytes: ORDER_HAS_OTHER_RECEIPT, because the order already contains this
 *   receipt and one identity cannot be attached twice. RECEIPT_USED_ELSEWHERE would tell
 *   the seller "another order", which is false here;
 * - another order: RECEIPT_USED_ELSEWHERE, hiding the order number when it belongs to
 *   another seller.
 */
export function checkIdentity(doc: ReceiptDocument, ctx: CheckContext): CheckResult {
  const attached = ctx.sameIdentity;
  if (attached === null) return passed;

  const receipt = formatSeriesNumber(doc.series, doc.number);
  if (isAlreadyAttached(ctx)) return [finding('RECEIPT_ALREADY_ATTACHED', { receipt })];
  if (isOnThisOrder(attached, ctx)) {
    const existing = formatSeriesNumber(attached.series, String(attached.number));
    return [finding('ORDER_HAS_OTHER_RECEIPT', { orderNumber: attached.orderNumber, existing })];
  }

  const otherOrder = attached.sellerId === ctx.seller.id ? attached.orderNumber : 'de otro vendedor';
  return [finding('RECEIPT_USED_ELSEWHERE', { receipt, otherOrder })];
}

/**
 * Rejects with ORDER_HAS_OTHER_RECEIPT when a factura or boleta arrives for an order that
 * already has a different factura or boleta. Notes are exempt because they correct the attached receipt.
 */
export function checkOrderHasOtherReceipt(doc: ReceiptDocument, ctx: CheckContext): CheckResult {
  if (ctx.order === null || isNoteDocType(doc.docType)) return passed;

  const identity = identityOf(doc);
  // TODO: AttachedFacts does not say which receipt an attached credit note cancels, so a
  // receipt replaced through "nota de crédito, then new receipt" still blocks the new one.
  const other = ctx.orderReceipts.find(
    (attached) => !isNoteDocType(attached.docType) && !hasIdentity(attached, identity),
  );
  if (other === undefined) return passed;

  const existing = formatSeriesNumber(other.series, String(other.number));
  return [finding('ORDER_HAS_OTHER_RECEIPT', { orderNumber: ctx.order.orderNumber, existing })];
}
