import type { AttachedFacts, OrderFacts, OrderState, RequestedReceipt, SellerFacts } from '../checks/check-context.ts';

/** An order as checks see it, plus its row id for the attach transaction. */
export interface OrderRecord extends OrderFacts {
  readonly id: number;
}

/** An attached receipt as checks see it, plus its row id and order id. */
export interface AttachedRecord extends AttachedFacts {
  readonly id: number;
  readonly orderId: number;
  /** The correlativo as written on the document. */
  readonly numberText: string;
}

type Row = Record<string, unknown>;

/** The orders columns toOrderRecord reads. */
export const orderColumns = [
  'id',
  'order_number',
  'seller_id',
  'state',
  'requested',
  'buyer_doc_type',
  'buyer_doc_id',
  'buyer_name',
  'total',
  'currency',
  'order_date',
] as const;

export function toSellerFacts(row: Row): SellerFacts {
  return { id: String(row.id), ruc: String(row.ruc), name: String(row.name) };
}

export function toOrderRecord(row: Row): OrderRecord {
  return {
    id: Number(row.id),
    orderNumber: String(row.order_number),
    sellerId: String(row.seller_id),
    state: row.state as OrderState,
    requested: row.requested as RequestedReceipt,
    buyerDocType: nullableText(row.buyer_doc_type),
    buyerDocId: nullableText(row.buyer_doc_id),
    buyerName: nullableText(row.buyer_name),
    total: String(row.total),
    currency: String(row.currency),
    orderDate: String(row.order_date),
  };
}

export function toAttachedRecord(row: Row): AttachedRecord {
  return {
    id: Number(row.id),
    orderId: Number(row.order_id),
    orderNumber: String(row.order_number),
    sellerId: String(row.seller_id),
    issuerRuc: String(row.issuer_ruc),
    docType: String(row.doc_type),
    series: String(row.series),
    number: Number(row.number),
    numberText: String(row.number_text),
    contentHash: String(row.content_hash),
  };
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
