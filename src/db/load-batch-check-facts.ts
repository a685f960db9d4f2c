import type { Db } from './connect.ts';
import { chunksOf } from './chunks.ts';
import { toAttachedRecord, toSellerFacts, type AttachedRecord } from './fact-rows.ts';
import type { CheckFacts } from './load-check-facts.ts';
import { loadSellerOrders } from './load-seller-orders.ts';
import { identityKey, normaliseIdentity, type ReceiptIdentity } from './receipt-identity.ts';

const orderChunkSize = 500;
// Four bound parameters per identity.
const identityChunkSize = 200;

export interface BatchFactsRequest {
  readonly orderNumber: string;
  readonly identity: ReceiptIdentity | null;
}

/** Facts for a whole batch, loaded up front, so `factsFor` returns them without a query. */
export interface BatchCheckFacts {
  factsFor(orderNumber: string, identity: ReceiptIdentity | null): CheckFacts;
}

/**
 * Loads the facts of every receipt of one seller's batch in a few queries (one per 500
 * orders or 200 identities). The result is a snapshot: a receipt attached after it was
 * taken is not in it, and the attach transaction's unique keys catch that case.
 */
export async function loadBatchCheckFacts(db: Db, sellerId: string, requests: readonly BatchFactsRequest[]): Promise<BatchCheckFacts> {
  const sellerRow = await db('sellers').where('id', sellerId).first('id', 'ruc', 'name');
  const seller = sellerRow ? toSellerFacts(sellerRow) : null;
  const orders = seller ? await loadSellerOrders(db, sellerId, requests.map((request) => request.orderNumber)) : new Map();
  const receiptsByOrder = await loadByOrderIds(db, [...orders.values()].map((order) => order.id));
  const byIdentity = await loadByIdentities(db, requests.flatMap((request) => (request.identity ? [request.identity] : [])));

  return {
    factsFor(orderNumber, identity) {
      const order = orders.get(orderNumber) ?? null;
      return {
        seller,
        order,
        orderReceipts: order ? (receiptsByOrder.get(order.id) ?? []) : [],
        sameIdentity: identity ? (byIdentity.get(identityKey(identity)) ?? null) : null,
      };
    },
  };
}

async function loadByOrderIds(db: Db, orderIds: readonly number[]): Promise<Map<number, AttachedRecord[]>> {
  const byOrder = new Map<number, AttachedRecord[]>();
  for (const chunk of chunksOf(orderIds, orderChunkSize)) {
    const rows = await db('attached_receipts').whereIn('order_id', chunk).orderBy('id');
    for (const row of rows) {
      const record = toAttachedRecord(row);
      byOrder.set(record.orderId, [...(byOrder.get(record.orderId) ?? []), record]);
    }
  }
  return byOrder;
}

async function loadByIdentities(db: Db, identities: readonly ReceiptIdentity[]): Promise<Map<string, AttachedRecord>> {
  const unique = [...new Map(identities.map((identity) => [identityKey(identity), normaliseIdentity(identity)])).values()];
  const byIdentity = new Map<string, AttachedRecord>();
  for (const chunk of chunksOf(unique, identityChunkSize)) {
    const tuples = chunk.map((identity) => [identity.issuerRuc, identity.docType, identity.series, identity.number]);
    const rows = await db('attached_receipts').whereIn(['issuer_ruc', 'doc_type', 'series', 'number'], tuples);
    for (const row of rows) {
      const record = toAttachedRecord(row);
      byIdentity.set(identityKey(record), record);
    }
  }
  return byIdentity;
}
