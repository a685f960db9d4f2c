import type { ReceiptIdentity } from '../db/receipt-identity.ts';
import { normaliseIdentity } from '../db/receipt-identity.ts';

const safeSegment = /^[A-Za-z0-9._-]+$/;

/** Maximum file name length on ext4 and most other file systems, in bytes (the names here are ASCII). */
const maxSegmentLength = 255;

/**
 * Turns a value from data (seller id, order number) into one safe path segment: accents are
 * dropped ("Ñ" → "N") and runs of spaces become "_". Returns null when the result still has
 * another character than A-Z, a-z, 0-9, ".", "_" or "-", is only dots ("." or ".."), is
 * empty or is too long. Slashes and backslashes are never rewritten, so "../x" is rejected.
 */
export function storageSegment(value: string): string | null {
  const segment = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/\s+/g, '_');
  if (segment.length === 0 || segment.length > maxSegmentLength) return null;
  if (!safeSegment.test(segment) || /^\.+$/.test(segment)) return null;
  return segment;
}

/**
 * SUNAT-style base name `{RUC}-{type}-{series}-{number}` with the number unpadded, so the
 * paddings of one document ("B001-7", "B001-00000007") name one file. Null when a part is
 * not what SUNAT allows (11-digit RUC, 2-digit type, 4-character series, number 1 to 99999999).
 */
export function receiptBaseName(identity: ReceiptIdentity): string | null {
  const { issuerRuc, docType, series, number } = normaliseIdentity(identity);
  if (!/^\d{11}$/.test(issuerRuc) || !/^\d{2}$/.test(docType) || !/^[A-Z0-9]{4}$/.test(series)) return null;
  if (!Number.isInteger(number) || number < 1 || number > 99_999_999) return null;
  return `${issuerRuc}-${docType}-${series}-${number}`;
}
