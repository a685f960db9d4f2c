import type { Knex } from 'knex';
import type { OrderState, RequestedReceipt } from '../checks/check-context.ts';

export interface OrderRow {
  readonly orderNumber: string;
  readonly sellerId: string;
  readonly state: OrderState;
  readonly requested: RequestedReceipt;
  /** Catalogue 06 code ('1', '4', '6', '7', '0', '-'), or null when the order names no document. */
  readonly buyerDocType: string | null;
  readonly buyerDocId: string | null;
  readonly buyerName: string | null;
  /** Decimal text with two places, "118.00". */
  readonly total: string;
  readonly currency: string;
  /** YYYY-MM-DD */
  readonly orderDate: string;
}

// An order whose receipt was attached here is lista_para_envio. A feed row that still has
// pendiente or confirmada predates the attach and must not undo it, but the later states
// (enviada, entregada, cancelada) from the feed always win.
const keepReadyState =
  "case when orders.state = 'lista_para_envio' and excluded.state in ('pendiente', 'confirmada') then orders.state else excluded.state end";

/**
 * Inserts orders, or updates existing ones by order number, in one statement. The seller of
 * an existing order is never changed, so callers reject rows that name another seller.
 */
export async function upsertOrders(trx: Knex.Transaction, rows: readonly OrderRow[]): Promise<void> {
  if (rows.length === 0) return;
  const merged = ['requested', 'buyer_doc_type', 'buyer_doc_id', 'buyer_name', 'total', 'currency', 'order_date'];
  await trx('orders')
    .insert(rows.map(toColumns))
    .onConflict('order_number')
    .merge({
      ...Object.fromEntries(merged.map((column) => [column, trx.raw('??', [`excluded.${column}`])])),
      state: trx.raw(keepReadyState),
      updated_at: trx.fn.now(),
    });
}

function toColumns(row: OrderRow): Record<string, string | null> {
  return {
    order_number: row.orderNumber,
    seller_id: row.sellerId,
    state: row.state,
    requested: row.requested,
    buyer_doc_type: row.buyerDocType,
    buyer_doc_id: row.buyerDocId,
    buyer_name: row.buyerName,
    total: row.total,
    currency: row.currency,
    order_date: row.orderDate,
  };
}
