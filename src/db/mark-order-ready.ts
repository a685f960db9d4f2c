import type { Knex } from 'knex';
import type { OrderState } from '../checks/check-context.ts';

/** States an order leaves for lista_para_envio when its factura or boleta is attached. */
export const statesBeforeReceipt: readonly OrderState[] = ['pendiente', 'confirmada'];

/**
 * Moves an order from pendiente or confirmada to lista_para_envio and returns the state it
 * is in afterwards (null when the order does not exist). When the update matches, the row
 * stays locked until the transaction ends (PostgreSQL row lock, SQLite write lock). A second
 * attach to the same order waits here, and the unique keys of attached_receipts decide what
 * it may do next.
 */
export async function markOrderReady(trx: Knex.Transaction, orderId: number): Promise<OrderState | null> {
  const moved = await trx('orders')
    .where('id', orderId)
    .whereIn('state', statesBeforeReceipt)
    .update({ state: 'lista_para_envio', updated_at: trx.fn.now() });
  if (moved > 0) return 'lista_para_envio';

  const row = await trx('orders').where('id', orderId).first('state');
  return row ? (row.state as OrderState) : null;
}
