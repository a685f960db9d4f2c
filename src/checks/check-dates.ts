import type { OrderFacts } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { isAfter, isBefore, parseDate } from './dates.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * Rejects with ISSUE_DATE_INVALID when the issue date is missing or unreadable, later than `today`
 * (YYYY-MM-DD in Lima), or earlier than the order date. The order date is skipped when
 * there is no order or its date does not parse.
 */
export function checkIssueDate(doc: ReceiptDocument, today: string, order: OrderFacts | null): CheckResult {
  const written = doc.issueDate?.trim() ?? '';
  if (written === '') {
    return [finding('ISSUE_DATE_INVALID', { date: '(sin fecha)', reason: 'no figura en el comprobante' })];
  }

  const issued = parseDate(written);
  if (issued === null) {
    return [finding('ISSUE_DATE_INVALID', { date: written, reason: 'no es una fecha reconocible' })];
  }
  if (isAfter(issued, today)) {
    return [finding('ISSUE_DATE_INVALID', { date: written, reason: `es posterior a hoy (${today})` })];
  }

  const ordered = parseDate(order?.orderDate);
  if (ordered !== null && isBefore(issued, ordered)) {
    return [finding('ISSUE_DATE_INVALID', { date: written, reason: `es anterior a la fecha del pedido (${ordered})` })];
  }
  return passed;
}
