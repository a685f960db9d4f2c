import type { AttachedFacts, CheckContext } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { isNoteDocType } from './doc-types.ts';
import { formatSeriesNumber, normaliseId, splitSeriesNumber, type SeriesNumber } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * Returns the type of receipt a note's series may modify: B series (and the portal's EB01) modify
 * boletas, F series (and the portal's E001) modify facturas. S and contingency series may
 * modify either, so they return null.
 */
export function modifiedTypeForNoteSeries(series: string | null): '01' | '03' | null {
  const normalised = normaliseId(series) ?? '';
  if (normalised === 'EB01' || normalised.startsWith('B')) return '03';
  if (normalised === 'E001' || normalised.startsWith('F')) return '01';
  return null;
}

function isModifiedReceipt(attached: AttachedFacts, doc: ReceiptDocument, modified: SeriesNumber): boolean {
  const requiredType = modifiedTypeForNoteSeries(doc.series);
  const statedType = doc.modifiedDocType?.trim() || null;
  const issuer = normaliseId(doc.issuerRuc);

  if (isNoteDocType(attached.docType)) return false;
  if (requiredType !== null && attached.docType !== requiredType) return false;
  if (statedType !== null && attached.docType !== statedType) return false;
  if (issuer !== null && normaliseId(attached.issuerRuc) !== issuer) return false;
  return normaliseId(attached.series) === modified.series && Number(modified.number) === attached.number;
}

/**
 * Rejects with NOTE_WITHOUT_RECEIPT when a credit or debit note does not reference a factura or boleta
 * attached to this order, or references one its series may not modify (a B note on a
 * factura, an F note on a boleta).
 */
export function checkNoteReference(doc: ReceiptDocument, ctx: CheckContext): CheckResult {
  if (!isNoteDocType(doc.docType) || ctx.order === null) return passed;

  const modified = splitSeriesNumber(doc.modifiedDocument);
  const found = modified !== null && ctx.orderReceipts.some((attached) => isModifiedReceipt(attached, doc, modified));
  if (found) return passed;

  return [
    finding('NOTE_WITHOUT_RECEIPT', {
      receipt: formatSeriesNumber(doc.series, doc.number),
      modified: doc.modifiedDocument?.trim() || '(no indicado)',
      orderNumber: ctx.order.orderNumber,
    }),
  ];
}
