import type { Knex } from 'knex';

/** Maps each existing order number among the given ones to its seller id. */
export async function findOrderOwners(db: Knex | Knex.Transaction, orderNumbers: readonly string[]): Promise<Map<string, string>> {
  if (orderNumbers.length === 0) return new Map();
  const rows: Array<{ order_number: string; seller_id: string }> = await db('orders')
    .select('order_number', 'seller_id')
    .whereIn('order_number', [...new Set(orderNumbers)]);
  return new Map(rows.map((row) => [row.order_number, row.seller_id]));
}
