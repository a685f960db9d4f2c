import type { SellerFacts } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import { normaliseId } from './normalise-doc-id.ts';
import { validateRuc } from './ruc.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * Rejects with ISSUER_RUC_INVALID when the issuer RUC fails the RUC rules, otherwise with
 * ISSUER_NOT_SELLER when it is not the seller's registered RUC. An invalid RUC is reported alone because it
 * cannot be the seller's anyway.
 */
export function checkIssuer(doc: ReceiptDocument, seller: SellerFacts): CheckResult {
  const ruc = normaliseId(doc.issuerRuc);
  const validation = validateRuc(ruc);
  if (!validation.valid) {
    return [finding('ISSUER_RUC_INVALID', { ruc: doc.issuerRuc?.trim() || 'no indicado', reason: validation.reason })];
  }
  if (ruc !== normaliseId(seller.ruc)) {
    return [finding('ISSUER_NOT_SELLER', { found: ruc, expected: seller.ruc })];
  }
  return passed;
}
