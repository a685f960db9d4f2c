import type { Knex } from 'knex';
import { findOrderOwners } from '../db/find-order-owners.ts';
import { findSellerIds } from '../db/find-seller-ids.ts';
import { upsertOrders, type OrderRow } from '../db/upsert-orders.ts';
import { importRecords, type ChunkResult, type ImportRejection, type ImportResult, type LinedRow } from './import-rows.ts';
import { readImportFile } from './read-import-file.ts';
import { orderColumns, validateOrderRecord } from './validate-order-record.ts';

/**
 * Imports orders from a CSV or JSON file: new order numbers are inserted, known ones
 * updated. A row is rejected when its seller is not registered (import sellers first) or
 * when the order number belongs to another seller. Throws ImportFileError when the file
 * cannot be read as a whole.
 */
export async function importOrders(db: Knex, filePath: string): Promise<ImportResult> {
  const file = await readImportFile(filePath, orderColumns);
  return importRecords(db, file.records, {
    validate: validateOrderRecord,
    keyOf: (row) => row.orderNumber,
    keyColumn: 'numero_orden',
    writeChunk: writeOrders,
  });
}

// Counting happens inside the import transaction, so the counts are exact unless another
// process writes the same orders at the same time.
async function writeOrders(trx: Knex.Transaction, rows: ReadonlyArray<LinedRow<OrderRow>>): Promise<ChunkResult> {
  const sellers = await findSellerIds(trx, rows.map(({ row }) => row.sellerId));
  const owners = await findOrderOwners(trx, rows.map(({ row }) => row.orderNumber));
  const rejected: ImportRejection[] = [];
  const accepted: OrderRow[] = [];
  for (const { line, row } of rows) {
    const owner = owners.get(row.orderNumber);
    if (!sellers.has(row.sellerId)) {
      rejected.push({ line, message: `seller_id "${row.sellerId}" no está registrado; importe primero los vendedores` });
    } else if (owner !== undefined && owner !== row.sellerId) {
      rejected.push({ line, message: `numero_orden "${row.orderNumber}" ya pertenece al vendedor "${owner}"` });
    } else {
      accepted.push(row);
    }
  }
  await upsertOrders(trx, accepted);
  const updated = accepted.filter((row) => owners.has(row.orderNumber)).length;
  return { inserted: accepted.length - updated, updated, rejected };
}
