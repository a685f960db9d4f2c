import type { CheckContext } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { describeDocType, isReceiptDocType } from './doc-types.ts';
import { normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

const professionalFeeLabel = '01 (recibo por honorarios electrónico)';

function hasProfessionalFeeName(fileNames: CheckContext['fileNames']): boolean {
  return [fileNames.xml, fileNames.pdf].some((name) => {
    const baseName = name?.split(/[/\\]/).pop() ?? '';
    return /^RHE/i.test(baseName.trim());
  });
}

/**
 * True for a recibo por honorarios electrónico (RHE). It uses an Invoice root, type 01 and
 * series E001 like a factura from SUNAT's portal, and differs only by an issuer RUC starting
 * with 10 plus a file name starting "RHE" or a title naming honorarios. Without that
 * evidence an E001 factura from a natural person is a valid sales receipt.
 */
export function isProfessionalFeeReceipt(doc: ReceiptDocument, fileNames: CheckContext['fileNames']): boolean {
  if (doc.docType !== '01' || normaliseId(doc.series) !== 'E001') return false;
  if (!(normaliseId(doc.issuerRuc) ?? '').startsWith('10')) return false;

  const titleNamesFees = /HONORARIOS/i.test(doc.pdf?.title ?? '');
  return titleNamesFees || hasProfessionalFeeName(fileNames);
}

/** Rejects documents that are not payment receipts: types outside 01/03/07/08, and RHE. */
export function checkDocType(doc: ReceiptDocument, fileNames: CheckContext['fileNames']): CheckResult {
  if (!isReceiptDocType(doc.docType)) {
    return [finding('DOC_TYPE_NOT_RECEIPT', { docType: describeDocType(doc.docType) })];
  }
  if (isProfessionalFeeReceipt(doc, fileNames)) {
    return [finding('DOC_TYPE_NOT_RECEIPT', { docType: professionalFeeLabel })];
  }
  return passed;
}
