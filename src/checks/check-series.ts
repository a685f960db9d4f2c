import { finding, passed, type CheckResult } from './finding.ts';
import { describeDocType } from './doc-types.ts';
import { normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/** Series of contingency receipts, issued on paper during an outage: four digits. */
const contingencySeries = /^\d{4}$/;

/**
 * Series each receipt type may use. E001 is the factura series of SUNAT's free portal, which
 * uses it for notes too. EB01 is reportedly the portal's boleta series.
 */
const seriesRules: Readonly<Record<string, RegExp>> = {
  '01': /^(F[A-Z0-9]{3}|E001)$/,
  '03': /^(B[A-Z0-9]{3}|EB01)$/,
  '07': /^([FBS][A-Z0-9]{3}|E001|EB01)$/,
  '08': /^([FBS][A-Z0-9]{3}|E001|EB01)$/,
};

/** True when the series fits the type; types without a rule here fit nothing. */
export function seriesFitsType(series: string | null, docType: string | null): boolean {
  const normalised = normaliseId(series);
  const rule = docType === null ? undefined : seriesRules[docType];
  if (normalised === null || rule === undefined) return false;
  return rule.test(normalised) || contingencySeries.test(normalised);
}

/** Rejects with SERIES_INVALID when the series does not fit the document type (case and spaces ignored). */
export function checkSeries(doc: ReceiptDocument): CheckResult {
  if (seriesFitsType(doc.series, doc.docType)) return passed;
  return [
    finding('SERIES_INVALID', {
      series: doc.series?.trim() || 'no indicada',
      docType: describeDocType(doc.docType),
    }),
  ];
}

/** Rejects with NUMBER_INVALID unless the correlativo is 1 to 8 digits and greater than zero. */
export function checkNumber(doc: ReceiptDocument): CheckResult {
  const number = doc.number?.trim() ?? '';
  if (/^\d{1,8}$/.test(number) && Number(number) > 0) return passed;
  return [finding('NUMBER_INVALID', { number: number || 'no indicado' })];
}
