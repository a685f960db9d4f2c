import type { SellerFacts } from '../checks/check-context.ts';
import type { Db } from './connect.ts';
import { orderColumns, toAttachedRecord, toOrderRecord, toSellerFacts, type AttachedRecord, type OrderRecord } from './fact-rows.ts';
import { identityColumns, type ReceiptIdentity } from './receipt-identity.ts';

export interface CheckFactsRequest {
  readonly sellerId: string;
  readonly orderNumber: string;
  /** Null when the document does not yield a complete identity. */
  readonly identity: ReceiptIdentity | null;
}

/** Database facts about one receipt's seller, order and identity. */
export interface CheckFacts {
  readonly seller: SellerFacts | null;
  /** Null when the order does not exist for this seller (also when another seller has it). */
  readonly order: OrderRecord | null;
  /** Receipts attached to this order, oldest first. */
  readonly orderReceipts: readonly AttachedRecord[];
  /** The receipt with the same identity, attached to any order of any seller. */
  readonly sameIdentity: AttachedRecord | null;
}

/**
 * Loads the facts for one receipt in two queries: seller joined with the order, then the
 * attached receipts of that order together with any receipt of the same identity.
 */
export async function loadCheckFacts(db: Db, request: CheckFactsRequest): Promise<CheckFacts> {
  const [sellerAndOrder, attached] = await Promise.all([
    loadSellerAndOrder(db, request.sellerId, request.orderNumber),
    loadAttached(db, request),
  ]);
  const orderReceipts = attached.filter((row) => row.source === 'order').map((row) => row.record);
  const sameIdentity = attached.find((row) => row.source === 'identity')?.record ?? null;
  return { ...sellerAndOrder, orderReceipts, sameIdentity };
}

async function loadSellerAndOrder(db: Db, sellerId: string, orderNumber: string): Promise<Pick<CheckFacts, 'seller' | 'order'>> {
  const row = await db('sellers as s')
    .leftJoin('orders as o', (join) => {
      join.on('o.seller_id', '=', 's.id').andOn('o.order_number', '=', db.raw('?', [orderNumber]));
    })
    .where('s.id', sellerId)
    .first(['s.id as seller_key', 's.ruc as seller_ruc', 's.name as seller_name', ...orderColumns.map((column) => `o.${column}`)]);
  if (!row) return { seller: null, order: null };

  const seller = toSellerFacts({ id: row.seller_key, ruc: row.seller_ruc, name: row.seller_name });
  return { seller, order: row.id === null || row.id === undefined ? null : toOrderRecord(row) };
}

interface SourcedRow {
  /** Half of the union that found the row. A receipt of this order with this identity is in both. */
  readonly source: 'order' | 'identity';
  readonly record: AttachedRecord;
}

// Two index lookups in one round trip: attached_receipts is indexed on order_id and on
// the identity's unique key, and an OR of the two would not use both indexes everywhere.
async function loadAttached(db: Db, request: CheckFactsRequest): Promise<SourcedRow[]> {
  const orderId = db('orders').select('id').where({ seller_id: request.sellerId, order_number: request.orderNumber });
  const byOrder = db('attached_receipts').select(db.raw("'order' as source"), 'attached_receipts.*').where('order_id', orderId);
  const byIdentity = request.identity
    ? db('attached_receipts').select(db.raw("'identity' as source"), 'attached_receipts.*').where(identityColumns(request.identity))
    : null;
  const rows: Array<Record<string, unknown>> = await (byIdentity ? byOrder.unionAll(byIdentity) : byOrder);
  return rows
    .map((row) => ({ source: row.source === 'order' ? ('order' as const) : ('identity' as const), record: toAttachedRecord(row) }))
    .sort((a, b) => a.record.id - b.record.id);
}
