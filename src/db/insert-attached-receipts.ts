import type { Knex } from 'knex';
import { attachedReceiptColumns, type AttachedReceiptRow } from './insert-attached-receipt.ts';
import { chunksOf } from './chunks.ts';
import { identityKey } from './receipt-identity.ts';

// 18 columns per row: 9,000 bound parameters per statement. knex 3.3 writes a multi-row
// SQLite insert as a compound SELECT, whose default limit (SQLITE_MAX_COMPOUND_SELECT) is 500 terms.
const rowsPerStatement = 500;

/**
 * Inserts attached receipts, 500 per statement, and returns their ids by identityKey.
 * Throws a unique violation, and inserts nothing of that statement, when an identity is
 * already attached or a factura or boleta meets an order that already has one. The ids are
 * matched by identity because SQLite does not promise that RETURNING lists the rows in
 * insertion order.
 */
export async function insertAttachedReceipts(trx: Knex.Transaction, rows: readonly AttachedReceiptRow[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunksOf(rows, rowsPerStatement)) {
    const inserted: Array<Record<string, unknown>> = await trx('attached_receipts')
      .insert(chunk.map(attachedReceiptColumns))
      .returning(['id', 'issuer_ruc', 'doc_type', 'series', 'number']);
    for (const row of inserted) {
      const identity = { issuerRuc: String(row.issuer_ruc), docType: String(row.doc_type), series: String(row.series), number: Number(row.number) };
      ids.set(identityKey(identity), Number(row.id));
    }
  }
  return ids;
}

