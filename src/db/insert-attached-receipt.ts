import type { Knex } from 'knex';
import { isPaymentReceipt, normaliseIdentity, type ReceiptIdentity } from './receipt-identity.ts';

export interface AttachedReceiptRow {
  readonly orderId: number;
  readonly sellerId: string;
  readonly orderNumber: string;
  readonly identity: ReceiptIdentity;
  /** The correlativo as written on the document. */
  readonly numberText: string;
  readonly total: string | null;
  readonly currency: string | null;
  readonly issueDate: string | null;
  readonly pdfPath: string | null;
  readonly xmlPath: string | null;
  readonly pdfSha256: string | null;
  readonly xmlSha256: string | null;
  /** "pdfSha256:xmlSha256", an empty side when that file is absent. */
  readonly contentHash: string;
  readonly batchId: string;
}

/**
 * Inserts an attached receipt and returns its id. Throws a unique violation when the
 * identity is already attached, or when this is a factura or boleta and the order already
 * has one: primary_order_id is set only for those, so notes never collide on it.
 */
export async function insertAttachedReceipt(trx: Knex.Transaction, row: AttachedReceiptRow): Promise<number> {
  const [inserted] = await trx('attached_receipts').insert(attachedReceiptColumns(row)).returning('id');
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}

/** Maps a row to the attached_receipts columns; primary_order_id is set only for facturas and boletas. */
export function attachedReceiptColumns(row: AttachedReceiptRow): Record<string, unknown> {
  const identity = normaliseIdentity(row.identity);
  return {
    order_id: row.orderId,
    seller_id: row.sellerId,
    order_number: row.orderNumber,
    doc_type: identity.docType,
    series: identity.series,
    number: identity.number,
    number_text: row.numberText,
    issuer_ruc: identity.issuerRuc,
    total: row.total,
    currency: row.currency,
    issue_date: row.issueDate,
    pdf_path: row.pdfPath,
    xml_path: row.xmlPath,
    pdf_sha256: row.pdfSha256,
    xml_sha256: row.xmlSha256,
    content_hash: row.contentHash,
    batch_id: row.batchId,
    primary_order_id: isPaymentReceipt(identity.docType) ? row.orderId : null,
  };
}
