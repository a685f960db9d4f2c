import type { Knex } from 'knex';
import { findSellerIds } from '../db/find-seller-ids.ts';
import { upsertSellers, type SellerRow } from '../db/upsert-sellers.ts';
import { importRecords, type ChunkResult, type ImportResult, type LinedRow } from './import-rows.ts';
import { readImportFile } from './read-import-file.ts';
import { sellerColumns, validateSellerRecord } from './validate-seller-record.ts';

/**
 * Imports sellers (seller_id, ruc, razon_social) from a CSV or JSON file: new ids are
 * inserted, known ids get the file's RUC and name. Throws ImportFileError when the file
 * cannot be read as a whole.
 */
export async function importSellers(db: Knex, filePath: string): Promise<ImportResult> {
  const file = await readImportFile(filePath, sellerColumns);
  return importRecords(db, file.records, {
    validate: validateSellerRecord,
    keyOf: (row) => row.id,
    keyColumn: 'seller_id',
    writeChunk: writeSellers,
  });
}

// Counting happens inside the import transaction, so the counts are exact unless another
// process writes the same sellers at the same time.
async function writeSellers(trx: Knex.Transaction, rows: ReadonlyArray<LinedRow<SellerRow>>): Promise<ChunkResult> {
  const known = await findSellerIds(trx, rows.map(({ row }) => row.id));
  await upsertSellers(trx, rows.map(({ row }) => row));
  const updated = rows.filter(({ row }) => known.has(row.id)).length;
  return { inserted: rows.length - updated, updated, rejected: [] };
}
