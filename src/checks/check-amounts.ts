import type { OrderFacts } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { isNoteDocType } from './doc-types.ts';
import { amountsAgree, formatAmount, formatCents, parseCents } from './money.ts';
import { normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * IGV rates a receipt may apply, in percent: the general 18%, and the 10% (8% IGV plus 2%
 * IPM) that micro and small restaurants and hotels apply under Ley 31556.
 */
export const igvRatesPercent: readonly bigint[] = [18n, 10n];

/** Rejects with CURRENCY_MISMATCH when the receipt states a currency other than the order's. */
export function checkCurrency(doc: ReceiptDocument, order: OrderFacts): CheckResult {
  const found = normaliseId(doc.currency);
  const expected = normaliseId(order.currency);
  if (found === null || found === expected) return passed;
  return [finding('CURRENCY_MISMATCH', { found, expected: order.currency })];
}

/**
 * Rejects with TOTAL_MISMATCH when the receipt total differs from the order total by more than a cent.
 * A receipt without a readable total is reported with found "no indicado". Notes are
 * exempt because their total is the correction. A currency mismatch makes totals
 * incomparable, and CURRENCY_MISMATCH already reports it.
 */
export function checkTotal(doc: ReceiptDocument, order: OrderFacts): CheckResult {
  if (isNoteDocType(doc.docType) || checkCurrency(doc, order).length > 0) return passed;

  const found = parseCents(doc.total);
  const expected = parseCents(order.total);
  if (found !== null && expected !== null && amountsAgree(found, expected)) return passed;
  return [
    finding('TOTAL_MISMATCH', {
      found: doc.total === null ? 'no indicado' : formatAmount(doc.total, doc.currency ?? order.currency),
      expected: formatAmount(order.total, order.currency),
    }),
  ];
}

function igvFitsRate(igv: bigint, base: bigint, ratePercent: bigint): boolean {
  const expected = (base * ratePercent + 50n) / 100n;
  const onePercent = expected / 100n;
  const tolerance = onePercent > 100n ? onePercent : 100n;
  return amountsAgree(igv, expected, tolerance);
}

/**
 * Warns with IGV_INCONSISTENT when the IGV fits no known rate on the taxable base, within
 * one sol or 1%, whichever is larger. Zero IGV (exonerated or unaffected sales) is not checked.
 */
export function checkIgv(doc: ReceiptDocument): CheckResult {
  const igv = parseCents(doc.igv);
  const base = parseCents(doc.taxableBase);
  if (igv === null || base === null || igv === 0n) return passed;
  if (igvRatesPercent.some((rate) => igvFitsRate(igv, base, rate))) return passed;
  return [finding('IGV_INCONSISTENT', { igv: formatCents(igv), base: formatCents(base) })];
}
