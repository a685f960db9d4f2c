import type { Knex } from 'knex';
import type { OrderState } from '../checks/check-context.ts';
import { chunksOf } from './chunks.ts';

// Order ids per statement, far below the bound-parameter limits.
const idsPerStatement = 500;

/**
 * Locks the given orders until the transaction ends and returns their states by id. An id
 * missing from the map has no order. The lock is a no-op update (state = state), so it is
 * a write. In SQLite it takes the database write lock before any read, so the reads after
 * it see every commit and no other writer can commit before this transaction does. In
 * PostgreSQL it row-locks the orders, as markOrderReady does for a single attach.
 */
export async function lockOrders(trx: Knex.Transaction, orderIds: readonly number[]): Promise<Map<number, OrderState>> {
  // Sorted ids make two transactions that lock overlapping orders take them in one order.
  const ids = [...new Set(orderIds)].sort((a, b) => a - b);
  const states = new Map<number, OrderState>();
  for (const chunk of chunksOf(ids, idsPerStatement)) {
    const rows: Array<{ id: number | string; state: string }> = await trx('orders')
      .whereIn('id', chunk)
      .update({ state: trx.ref('state') })
      .returning(['id', 'state']);
    for (const row of rows) states.set(Number(row.id), row.state as OrderState);
  }
  return states;
}
