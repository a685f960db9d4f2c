import type { Db } from './connect.ts';
import { chunksOf } from './chunks.ts';
import { orderColumns, toOrderRecord, type OrderRecord } from './fact-rows.ts';

const lookupChunkSize = 500;

/**
 * Loads a seller's orders by number, one query per 500 numbers, for checking a whole batch
 * without a round trip per receipt. Numbers that are not this seller's orders are absent.
 */
export async function loadSellerOrders(db: Db, sellerId: string, orderNumbers: readonly string[]): Promise<Map<string, OrderRecord>> {
  const orders = new Map<string, OrderRecord>();
  for (const chunk of chunksOf([...new Set(orderNumbers)], lookupChunkSize)) {
    const rows = await db('orders').select(orderColumns).where('seller_id', sellerId).whereIn('order_number', chunk);
    for (const row of rows) {
      const order = toOrderRecord(row);
      orders.set(order.orderNumber, order);
    }
  }
  return orders;
}
