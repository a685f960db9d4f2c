import type { ManifestClaims } from './check-context.ts';
import { finding, type CheckResult, type Finding } from './finding.ts';
import { parseDate } from './dates.ts';
import { describeDocType, docTypeFromText } from './doc-types.ts';
import { amountsAgree, formatCents, parseCents } from './money.ts';
import { correlativoValue, normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

function mismatch(field: string, claimed: string, found: string): Finding {
  return finding('CONTENT_CLAIM_MISMATCH', { field, claimed, found });
}

/** Compares order numbers normalised, and all-digit ones by value, so "00123" equals "123". */
function sameOrderNumber(a: string, b: string): boolean {
  const left = normaliseId(a);
  const right = normaliseId(b);
  if (left !== null && right !== null && /^\d+$/.test(left) && /^\d+$/.test(right)) {
    return BigInt(left) === BigInt(right);
  }
  return left === right;
}

function checkOrderClaim(claimed: string | null, found: string | null): Finding[] {
  if (claimed === null || found === null || sameOrderNumber(claimed, found)) return [];
  return [mismatch('número de pedido', claimed.trim(), found.trim())];
}

function checkTypeClaim(claimed: string | null, found: string | null): Finding[] {
  const claimedType = docTypeFromText(claimed);
  if (claimedType === null || found === null || claimedType === found) return [];
  return [mismatch('tipo', describeDocType(claimedType), describeDocType(found))];
}

function checkSeriesClaim(claimed: string | null, found: string | null): Finding[] {
  if (normaliseId(claimed) === null || found === null) return [];
  if (normaliseId(claimed) === normaliseId(found)) return [];
  return [mismatch('serie', (claimed ?? '').trim(), found.trim())];
}

function checkNumberClaim(claimed: string | null, found: string | null): Finding[] {
  const claimedValue = correlativoValue(claimed);
  const foundValue = correlativoValue(found);
  if (claimedValue === null || foundValue === null || claimedValue === foundValue) return [];
  return [mismatch('correlativo', (claimed ?? '').trim(), (found ?? '').trim())];
}

function checkTotalClaim(claimed: string | null, found: string | null): Finding[] {
  const claimedCents = parseCents(claimed);
  const foundCents = parseCents(found);
  if (claimedCents === null || foundCents === null || amountsAgree(claimedCents, foundCents)) return [];
  return [mismatch('total', formatCents(claimedCents), formatCents(foundCents))];
}

function checkDateClaim(claimed: string | null, found: string | null): Finding[] {
  const claimedDate = parseDate(claimed);
  const foundDate = parseDate(found);
  if (claimedDate === null || foundDate === null || claimedDate === foundDate) return [];
  return [mismatch('fecha de emisión', claimedDate, foundDate)];
}

/**
 * Rejects with CONTENT_CLAIM_MISMATCH each manifest claim the document contradicts. A claim
 * left empty, or a value the document does not state, is not a contradiction. Malformed
 * claims are skipped because the manifest reader reports them as ROW_INVALID, and malformed
 * document values have checks of their own.
 */
export function checkClaims(doc: ReceiptDocument, claims: ManifestClaims): CheckResult {
  return [
    ...checkOrderClaim(claims.orderNumber, doc.orderReference),
    ...checkTypeClaim(claims.docType, doc.docType),
    ...checkSeriesClaim(claims.series, doc.series),
    ...checkNumberClaim(claims.number, doc.number),
    ...checkTotalClaim(claims.total, doc.total),
    ...checkDateClaim(claims.issueDate, doc.issueDate),
  ];
}
