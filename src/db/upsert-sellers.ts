import type { Knex } from 'knex';

export interface SellerRow {
  readonly id: string;
  readonly ruc: string;
  readonly name: string;
}

/** Inserts sellers, or updates RUC and name of those that exist, in one statement. */
export async function upsertSellers(trx: Knex.Transaction, rows: readonly SellerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx('sellers')
    .insert(rows.map((row) => ({ id: row.id, ruc: row.ruc, name: row.name })))
    .onConflict('id')
    .merge({ ruc: trx.raw('excluded.ruc'), name: trx.raw('excluded.name'), updated_at: trx.fn.now() });
}
