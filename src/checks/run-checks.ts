import type { CheckContext, OrderFacts } from './check-context.ts';
import type { CheckResult, Finding } from './finding.ts';
import { checkCurrency, checkIgv, checkTotal } from './check-amounts.ts';
import { checkBuyer } from './check-buyer.ts';
import { checkCdr } from './check-cdr.ts';
import { checkClaims } from './check-claims.ts';
import { checkIssueDate } from './check-dates.ts';
import { checkDocType } from './check-doc-type.ts';
import { checkIdentity, checkOrderHasOtherReceipt, isAlreadyAttached } from './check-duplicates.ts';
import { checkFileNames } from './check-file-names.ts';
import { checkIssuer } from './check-issuer.ts';
import { checkNoteReference } from './check-note.ts';
import { checkOrderFound, checkOrderState, checkTypeRequested } from './check-order.ts';
import { checkPdfPolicy } from './check-pdf-policy.ts';
import { checkPdfXmlPair } from './check-pdf-xml-pair.ts';
import { checkNumber, checkSeries } from './check-series.ts';
import { reasonCatalogue, type Severity } from '../reports/reason-codes.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * One check in the run, with the input it requires. A document step runs on any readable
 * document, a receipt step only on a payment receipt (01/03/07/08, not an RHE) because its
 * rules assume one, and an order step only on a receipt whose order exists.
 */
export type CheckStep =
  | {
      readonly name: string;
      readonly scope: 'document' | 'receipt';
      readonly run: (doc: ReceiptDocument, ctx: CheckContext) => CheckResult;
    }
  | {
      readonly name: string;
      readonly scope: 'order';
      readonly run: (doc: ReceiptDocument, ctx: CheckContext, order: OrderFacts) => CheckResult;
    };

/**
 * Checks from the most basic to the most specific. Reports count the first rejection, so
 * a receipt of the wrong type is reported as such, not as a wrong total.
 */
export const checkSteps: readonly CheckStep[] = [
  { name: 'doc-type', scope: 'document', run: (doc, ctx) => checkDocType(doc, ctx.fileNames) },
  { name: 'series', scope: 'receipt', run: (doc) => checkSeries(doc) },
  { name: 'number', scope: 'receipt', run: (doc) => checkNumber(doc) },
  { name: 'issuer', scope: 'document', run: (doc, ctx) => checkIssuer(doc, ctx.seller) },
  { name: 'claims', scope: 'document', run: (doc, ctx) => checkClaims(doc, ctx.claims) },
  { name: 'file-names', scope: 'document', run: (doc, ctx) => checkFileNames(doc, ctx.fileNames) },
  { name: 'pdf-xml-pair', scope: 'document', run: (doc) => checkPdfXmlPair(doc) },
  { name: 'order-found', scope: 'document', run: (doc, ctx) => checkOrderFound(ctx.order, doc, ctx.claims) },
  { name: 'order-state', scope: 'order', run: (_doc, ctx, order) => (isAlreadyAttached(ctx) ? [] : checkOrderState(order)) },
  { name: 'type-requested', scope: 'order', run: (doc, _ctx, order) => checkTypeRequested(doc, order) },
  { name: 'identity', scope: 'order', run: (doc, ctx) => checkIdentity(doc, ctx) },
  { name: 'order-has-other-receipt', scope: 'order', run: (doc, ctx) => checkOrderHasOtherReceipt(doc, ctx) },
  { name: 'buyer', scope: 'receipt', run: (doc, ctx) => checkBuyer(doc, ctx.order) },
  { name: 'currency', scope: 'order', run: (doc, _ctx, order) => checkCurrency(doc, order) },
  { name: 'total', scope: 'order', run: (doc, _ctx, order) => checkTotal(doc, order) },
  { name: 'issue-date', scope: 'receipt', run: (doc, ctx) => checkIssueDate(doc, ctx.today, ctx.order) },
  { name: 'note-reference', scope: 'order', run: (doc, ctx) => checkNoteReference(doc, ctx) },
  { name: 'cdr', scope: 'receipt', run: (doc) => checkCdr(doc) },
  { name: 'igv', scope: 'receipt', run: (doc) => checkIgv(doc) },
];

const severityRank: Readonly<Record<Severity, number>> = { R: 0, I: 1, W: 2 };

function bySeverity(a: Finding, b: Finding): number {
  return severityRank[reasonCatalogue[a.code].severity] - severityRank[reasonCatalogue[b.code].severity];
}

/**
 * Runs every check on one receipt and returns all findings: rejections first in the order
 * of `checkSteps`, then information, then warnings. An image-only PDF without XML is
 * reported alone (unless the policy accepts it), because every other check would only
 * repeat that nothing could be read.
 * A document that is not a payment receipt gets only the document-level checks, and a
 * receipt whose order is missing skips the checks that compare it with the order.
 */
export function runChecks(doc: ReceiptDocument, ctx: CheckContext): Finding[] {
  const pdfPolicy = checkPdfPolicy(doc, ctx.fileNames, ctx.policy);
  if (pdfPolicy.some((f) => reasonCatalogue[f.code].severity === 'R')) return [...pdfPolicy];

  // An image-only PDF accepted by policy goes on with the fields the receipt job took from
  // the manifest row, and keeps its warning.
  const isReceipt = checkDocType(doc, ctx.fileNames).length === 0;
  const findings: Finding[] = [...pdfPolicy];
  for (const step of checkSteps) {
    if (step.scope !== 'document' && !isReceipt) continue;
    if (step.scope !== 'order') findings.push(...step.run(doc, ctx));
    else if (ctx.order !== null) findings.push(...step.run(doc, ctx, ctx.order));
  }
  // Array.prototype.sort is stable (ES2019), so each severity keeps the step order.
  return findings.sort(bySeverity);
}
