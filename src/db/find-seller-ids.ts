import type { Knex } from 'knex';

/** Returns which of the given seller ids exist. */
export async function findSellerIds(db: Knex | Knex.Transaction, sellerIds: readonly string[]): Promise<Set<string>> {
  if (sellerIds.length === 0) return new Set();
  const rows: Array<{ id: string }> = await db('sellers').select('id').whereIn('id', [...new Set(sellerIds)]);
  return new Set(rows.map((row) => row.id));
}
