import type { Knex } from 'knex';
import { chunksOf } from './chunks.ts';
import { statesBeforeReceipt } from './mark-order-ready.ts';

const idsPerStatement = 500;

/**
 * Moves the given orders that are pendiente or confirmada to lista_para_envio, in one
 * statement per 500 ids. Orders in any other state keep it.
 */
export async function markOrdersReady(trx: Knex.Transaction, orderIds: readonly number[]): Promise<void> {
  const ids = [...new Set(orderIds)].sort((a, b) => a - b);
  for (const chunk of chunksOf(ids, idsPerStatement)) {
    await trx('orders')
      .whereIn('id', chunk)
      .whereIn('state', statesBeforeReceipt)
      .update({ state: 'lista_para_envio', updated_at: trx.fn.now() });
  }
}
