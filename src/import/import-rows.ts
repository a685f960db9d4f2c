import type { Knex } from 'knex';
import { chunksOf } from '../db/chunks.ts';
import type { RowValidation } from './field-rules.ts';
import type { ImportRecord } from './import-record.ts';

export interface ImportRejection {
  /** Line of the file (CSV header is line 1), or array index + 1 for JSON. */
  readonly line: number;
  /** Spanish, for the operator: the column, the value and what is wrong. */
  readonly message: string;
}

export interface ImportResult {
  readonly inserted: number;
  readonly updated: number;
  /** Rows not written, by line. */
  readonly rejected: readonly ImportRejection[];
}

export interface LinedRow<T> {
  readonly line: number;
  readonly row: T;
}

export interface ChunkResult {
  readonly inserted: number;
  readonly updated: number;
  readonly rejected: readonly ImportRejection[];
}

export interface RowImport<T> {
  readonly validate: (values: Readonly<Record<string, string>>) => RowValidation<T>;
  /** The row's unique key, and the column it comes from (for the duplicate message). */
  readonly keyOf: (row: T) => string;
  readonly keyColumn: string;
  /** Writes one chunk inside the import transaction; may reject rows the database contradicts. */
  readonly writeChunk: (trx: Knex.Transaction, rows: ReadonlyArray<LinedRow<T>>) => Promise<ChunkResult>;
}

// Ten columns per order row: 5,000 bound parameters per statement.
const writeChunkSize = 500;

/**
 * Validates every record, rejects a key repeated later in the file, and writes the rest in
 * chunks inside one transaction: a database failure writes nothing, bad rows only skip
 * themselves.
 */
export async function importRecords<T>(db: Knex, records: readonly ImportRecord[], plan: RowImport<T>): Promise<ImportResult> {
  const { valid, rejected } = validateRecords(records, plan);
  let inserted = 0;
  let updated = 0;
  await db.transaction(async (trx) => {
    for (const chunk of chunksOf(valid, writeChunkSize)) {
      const result = await plan.writeChunk(trx, chunk);
      inserted += result.inserted;
      updated += result.updated;
      rejected.push(...result.rejected);
    }
  });
  return { inserted, updated, rejected: rejected.sort((a, b) => a.line - b.line) };
}

function validateRecords<T>(records: readonly ImportRecord[], plan: RowImport<T>): { valid: Array<LinedRow<T>>; rejected: ImportRejection[] } {
  const valid: Array<LinedRow<T>> = [];
  const rejected: ImportRejection[] = [];
  const firstLineByKey = new Map<string, number>();
  for (const record of records) {
    if (record.problem !== undefined) {
      rejected.push({ line: record.line, message: record.problem });
      continue;
    }
    const validation = plan.validate(record.values);
    if (!validation.ok) {
      rejected.push({ line: record.line, message: validation.message });
      continue;
    }
    const key = plan.keyOf(validation.row);
    const firstLine = firstLineByKey.get(key);
    if (firstLine !== undefined) {
      rejected.push({ line: record.line, message: `${plan.keyColumn} "${key}" repetido: ya figura en la línea ${firstLine}` });
      continue;
    }
    firstLineByKey.set(key, record.line);
    valid.push({ line: record.line, row: validation.row });
  }
  return { valid, rejected };
}
