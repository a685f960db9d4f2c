import type { OrderFacts } from './check-context.ts';
import { finding, type CheckResult, type Finding } from './finding.ts';
import {
  buyerScheme,
  describeBuyerDocument,
  describeScheme,
  isAnonymousBuyer,
  sameBuyerDocument,
} from './buyer-identity.ts';
import { formatCents, parseCents } from './money.ts';
import { normaliseId } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

/** A boleta strictly above this amount, in cents of a sol, must identify its buyer. */
export const boletaAnonymousLimitCents = 70_000n;

/**
 * Rejects with FACTURA_REQUIRES_RUC unless a factura goes to a RUC. SUNAT exempts export facturas, but a
 * marketplace factura request always carries the buyer's RUC, so no exemption applies here.
 */
function checkFacturaBuyer(doc: ReceiptDocument, scheme: string | null): Finding[] {
  if (doc.docType !== '01' || scheme === '6') return [];
  return [
    finding('FACTURA_REQUIRES_RUC', {
      schemeId: describeScheme(scheme),
      buyerId: normaliseId(doc.buyer.id) ?? 'sin documento',
    }),
  ];
}

/** Rejects with BUYER_DNI_INVALID when a DNI is not exactly 8 digits. Leading zeros count. */
function checkDni(doc: ReceiptDocument, scheme: string | null): Finding[] {
  const id = normaliseId(doc.buyer.id);
  if (scheme !== '1' || id === null || /^\d{8}$/.test(id)) return [];
  return [finding('BUYER_DNI_INVALID', { buyerId: doc.buyer.id?.trim() ?? id })];
}

/** Rejects with BOLETA_BUYER_REQUIRED when a boleta above S/ 700.00 names no real buyer. */
function checkBoletaBuyer(doc: ReceiptDocument): Finding[] {
  const total = parseCents(doc.total);
  if (doc.docType !== '03' || total === null || total <= boletaAnonymousLimitCents) return [];
  // TODO: the S/ 700.00 limit is in soles, so a boleta in another currency would need an exchange rate; it is not checked.
  const currency = normaliseId(doc.currency);
  if (currency !== null && currency !== 'PEN') return [];
  if (!isAnonymousBuyer(doc.buyer)) return [];

  return [finding('BOLETA_BUYER_REQUIRED', { total: formatCents(total), buyerId: doc.buyer.id?.trim() || 'sin documento' })];
}

/**
 * Rejects with BUYER_MISMATCH_ORDER when the receipt names a buyer other than the order's. A boleta or
 * note that names no one (allowed up to S/ 700.00) is not compared, and neither is a
 * factura not addressed to a RUC, which FACTURA_REQUIRES_RUC already reports.
 */
function checkBuyerMatchesOrder(doc: ReceiptDocument, scheme: string | null, order: OrderFacts): Finding[] {
  if (normaliseId(order.buyerDocId) === null) return [];
  if (doc.docType === '01' ? scheme !== '6' : isAnonymousBuyer(doc.buyer)) return [];
  if (sameBuyerDocument(doc.buyer.id, order.buyerDocId)) return [];

  return [
    finding('BUYER_MISMATCH_ORDER', {
      found: describeBuyerDocument(scheme, doc.buyer.id),
      expected: describeBuyerDocument(order.buyerDocType, order.buyerDocId),
    }),
  ];
}

/** Applies the buyer document rules: factura to a RUC, valid DNI, named buyer above S/ 700.00, same buyer as the order. */
export function checkBuyer(doc: ReceiptDocument, order: OrderFacts | null): CheckResult {
  const scheme = buyerScheme(doc.buyer);
  return [
    ...checkFacturaBuyer(doc, scheme),
    ...checkDni(doc, scheme),
    ...checkBoletaBuyer(doc),
    ...(order === null ? [] : checkBuyerMatchesOrder(doc, scheme, order)),
  ];
}
