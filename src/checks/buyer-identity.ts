/**
 * Buyer documents (SUNAT catalogue 06) as receipts and orders state them.
 */
import type { BuyerIdentity } from '../receipts/receipt-document.ts';
import { normaliseId } from './normalise-doc-id.ts';

const schemeNames: Readonly<Record<string, string>> = {
  '1': 'DNI',
  '4': 'carnet de extranjería',
  '6': 'RUC',
  '7': 'pasaporte',
};

/**
 * Returns the buyer's scheme code. A PDF often prints the number without a scheme, so a missing
 * scheme is inferred from the shape: 11 digits is a RUC, 8 digits a DNI.
 */
export function buyerScheme(buyer: BuyerIdentity): string | null {
  const scheme = buyer.schemeId?.trim() ?? '';
  if (scheme !== '') return scheme.toUpperCase();

  const id = normaliseId(buyer.id) ?? '';
  if (/^\d{11}$/.test(id)) return '6';
  if (/^\d{8}$/.test(id)) return '1';
  return null;
}

/** Names a scheme for messages: "DNI", "RUC", other codes as "tipo 0", null as "no indicado". */
export function describeScheme(scheme: string | null): string {
  if (scheme === null) return 'no indicado';
  return schemeNames[scheme] ?? `tipo ${scheme}`;
}

/** Describes a buyer document for messages: "DNI 12345678", "RUC 20100070970" or "sin documento". */
export function describeBuyerDocument(scheme: string | null, id: string | null): string {
  const normalised = normaliseId(id);
  if (normalised === null) return 'sin documento';
  return scheme === null ? normalised : `${describeScheme(scheme)} ${normalised}`;
}

/** Names issuers print for an anonymous buyer, compared without spaces or accents. */
const placeholderNames = new Set(['-', 'CLIENTESVARIOS', 'CLIENTEVARIOS', 'VARIOS', 'PUBLICOENGENERAL', 'PUBLICOGENERAL']);

function normaliseName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s.]+/g, '').toUpperCase();
}

/**
 * True when the receipt does not identify a real buyer: no document, a placeholder number
 * (all zeros, all dashes) or a placeholder name such as "CLIENTES VARIOS". A missing name
 * alone does not count, because PDF text often lacks it.
 */
export function isAnonymousBuyer(buyer: BuyerIdentity): boolean {
  const id = normaliseId(buyer.id);
  if (id === null || /^0+$/.test(id) || /^-+$/.test(id)) return true;

  const scheme = buyer.schemeId?.trim();
  if (scheme === '-') return true;
  return buyer.name !== null && placeholderNames.has(normaliseName(buyer.name));
}

/**
 * True when two buyer documents name the same person or company. Numbers compare
 * normalised. A natural person's RUC (10 + DNI + check digit) also matches that DNI.
 */
export function sameBuyerDocument(docId: string | null, orderId: string | null): boolean {
  const left = normaliseId(docId);
  const right = normaliseId(orderId);
  if (left === null || right === null) return false;
  if (left === right) return true;
  return embedsDni(left, right) || embedsDni(right, left);
}

function embedsDni(ruc: string, dni: string): boolean {
  return /^10\d{9}$/.test(ruc) && /^\d{8}$/.test(dni) && ruc.slice(2, 10) === dni;
}
