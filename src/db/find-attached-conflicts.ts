import type { Knex } from 'knex';
import { toAttachedRecord, type AttachedRecord } from './fact-rows.ts';
import { identityColumns, identityKey, isPaymentReceipt, type ReceiptIdentity } from './receipt-identity.ts';

export interface AttachedConflicts {
  /** The receipt attached with this identity, on any order. */
  readonly sameIdentity: AttachedRecord | null;
  /** The factura or boleta attached to the order given as `primaryOrderId`, possibly `sameIdentity` itself. */
  readonly orderPrimary: AttachedRecord | null;
}

/**
 * Reads the rows that can block an attach, in one query: the holder of the identity's
 * unique key and, when `primaryOrderId` is given, the order's payment receipt.
 */
export async function findAttachedConflicts(db: Knex | Knex.Transaction, identity: ReceiptIdentity, primaryOrderId: number | null): Promise<AttachedConflicts> {
  const query = db('attached_receipts').where(identityColumns(identity));
  if (primaryOrderId !== null) query.orWhere('primary_order_id', primaryOrderId);
  const records = (await query.orderBy('id')).map(toAttachedRecord);

  const expectedKey = identityKey(identity);
  const sameIdentity = records.find((record) => identityKey(record) === expectedKey) ?? null;
  const orderPrimary = records.find((record) => record.orderId === primaryOrderId && isPaymentReceipt(record.docType)) ?? null;
  return { sameIdentity, orderPrimary };
}
