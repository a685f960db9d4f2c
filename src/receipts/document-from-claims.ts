import type { ManifestClaims } from '../checks/check-context.ts';
import type { ReceiptDocument } from './receipt-document.ts';

/**
 * For an image-only PDF accepted by policy: the manifest row's type, series, number, total
 * and date stand in for the fields that could not be read, and the issuer is taken to be the
 * seller. Fields the document did yield are kept.
 */
export function documentFromClaims(document: ReceiptDocument, claims: ManifestClaims, sellerRuc: string): ReceiptDocument {
  return {
    ...document,
    docType: document.docType ?? claims.docType,
    series: document.series ?? claims.series,
    number: document.number ?? claims.number,
    total: document.total ?? claims.total,
    issueDate: document.issueDate ?? claims.issueDate,
    issuerRuc: document.issuerRuc ?? sellerRuc,
  };
}
