import type { Db } from '../../src/db/connect.ts';
import type { OrderState, RequestedReceipt } from '../../src/checks/check-context.ts';

/** RUCs with a valid check digit. */
export const validRucs = ['20100070970', '20131312955', '10254824220', '20000000001'] as const;

export async function seedSeller(db: Db, id: string, ruc: string = validRucs[0]): Promise<void> {
  await db('sellers').insert({ id, ruc, name: `Tienda ${id}` });
}

export interface SeedOrder {
  readonly orderNumber: string;
  readonly sellerId: string;
  readonly state?: OrderState;
  readonly requested?: RequestedReceipt;
  readonly total?: string;
}

/** Inserts an order and returns its id. */
export async function seedOrder(db: Db, order: SeedOrder): Promise<number> {
  const [row] = await db('orders')
    .insert({
      order_number: order.orderNumber,
      seller_id: order.sellerId,
      state: order.state ?? 'confirmada',
      requested: order.requested ?? 'boleta',
      buyer_doc_type: '1',
      buyer_doc_id: '12345678',
      buyer_name: 'Ana Pérez',
      total: order.total ?? '118.00',
      currency: 'PEN',
      order_date: '2026-11-30',
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}
