import { finding, passed, type CheckResult } from './finding.ts';
import { correlativoValue, normaliseId } from './normalise-doc-id.ts';
import type { CdrReceipt, ReceiptDocument } from '../receipts/receipt-document.ts';

/** SUNAT response codes: 0 accepted, 0100-1999 not processed, 2000-3999 rejected, 4000+ accepted with observations. */
const observationsFrom = 4000;

/**
 * True when the CDR's document id names this document. The id is "RUC-TYPE-SERIES-NUMBER"
 * or, when the CDR states less, "SERIES-NUMBER". Numbers compare by value, and parts the
 * document itself lacks are not compared.
 */
export function cdrNamesDocument(documentId: string, doc: ReceiptDocument): boolean {
  const parts = (normaliseId(documentId) ?? '').split('-');
  const expected = [normaliseId(doc.issuerRuc), doc.docType, normaliseId(doc.series)];
  const [series, number] = parts.slice(-2);
  const prefix = parts.slice(0, -2);

  if (parts.length !== 2 && parts.length !== 4) return false;
  if (series !== expected[2] || correlativoValue(number) !== correlativoValue(doc.number)) return false;
  return prefix.every((part, index) => expected[index] === null || part === expected[index]);
}

function receiptLabel(doc: ReceiptDocument): string {
  const parts = [doc.issuerRuc, doc.docType, doc.series, doc.number].map((part) => part?.trim() || '?');
  return parts.join('-');
}

function checkCdrDocument(cdr: CdrReceipt, doc: ReceiptDocument): CheckResult {
  if (cdr.documentId === null || cdrNamesDocument(cdr.documentId, doc)) return passed;
  return [finding('CDR_MISMATCH', { cdrDocument: cdr.documentId.trim(), receipt: receiptLabel(doc) })];
}

/**
 * Checks a supplied SUNAT response (CDR), which is optional evidence. Reports CDR_MISMATCH
 * when it belongs to another document, CDR_NOT_ACCEPTED for codes 1-3999 and CDR_OBSERVED
 * (a warning) for 4000 and above. A CDR without a readable code passes, since it proves nothing.
 */
export function checkCdr(doc: ReceiptDocument): CheckResult {
  const cdr = doc.cdr;
  if (cdr === null) return passed;

  const wrongDocument = checkCdrDocument(cdr, doc);
  if (wrongDocument.length > 0) return wrongDocument;

  const code = correlativoValue(cdr.responseCode);
  if (code === null || code === 0) return passed;

  if (code < observationsFrom) {
    return [
      finding('CDR_NOT_ACCEPTED', {
        responseCode: cdr.responseCode?.trim() ?? String(code),
        description: cdr.description?.trim() || 'sin descripción',
      }),
    ];
  }
  // SUNAT ends each observation with a period, and the catalogue message adds its own after the list.
  const observations = cdr.notes.map((note) => note.replace(/\.+$/, ''));
  const notes = observations.length > 0 ? observations.join('; ') : cdr.description?.trim() || `código ${code}`;
  return [finding('CDR_OBSERVED', { notes })];
}
