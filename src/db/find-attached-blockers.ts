import type { Knex } from 'knex';
import { chunksOf } from './chunks.ts';
import { toAttachedRecord, type AttachedRecord } from './fact-rows.ts';
import { identityColumns, type ReceiptIdentity } from './receipt-identity.ts';

/** One planned attach, as the unique keys of attached_receipts see it. */
export interface AttachKeys {
  readonly identity: ReceiptIdentity;
  /** The order for a factura or boleta, null for a note (notes never set primary_order_id). */
  readonly primaryOrderId: number | null;
}

// Each identity adds one term to an OR chain, and SQLite nests the chain one expression
// level per term, under a default depth limit of 1,000 (SQLITE_MAX_EXPR_DEPTH).
const attachesPerStatement = 250;

/**
 * Reads every attached receipt that can block one of these attaches: the holder of an
 * identity, and the payment receipt of an order given as primaryOrderId. One query per 250
 * attaches; the rows come back once each, ordered by id.
 */
export async function findAttachedBlockers(db: Knex | Knex.Transaction, attaches: readonly AttachKeys[]): Promise<AttachedRecord[]> {
  const byId = new Map<number, AttachedRecord>();
  for (const chunk of chunksOf(attaches, attachesPerStatement)) {
    const orderIds = [...new Set(chunk.flatMap(({ primaryOrderId }) => (primaryOrderId === null ? [] : [primaryOrderId])))];
    // One equality group per identity, not a row-value IN. SQLite 3.44.2 (bundled with sqlite3
    // 5.1.7) searches a row-value IN list by the first three index columns only, so it would
    // read every receipt of a series.
    const query = db('attached_receipts').where((identities) => {
      for (const { identity } of chunk) identities.orWhere(identityColumns(identity));
    });
    if (orderIds.length > 0) query.orWhereIn('primary_order_id', orderIds);
    for (const row of await query) {
      const record = toAttachedRecord(row);
      byId.set(record.id, record);
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
