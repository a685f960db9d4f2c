import type { Knex } from 'knex';
import type { OrderState } from '../checks/check-context.ts';
import { chunksOf } from './chunks.ts';

/** The same states markOrderReady moves from: an order leaves them when its factura or boleta is attached. */
const statesBeforeReceipt: readonly OrderState[] = ['pendiente', 'confirmada'];

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
