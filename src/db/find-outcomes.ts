import type { Knex } from 'knex';
import { chunksOf } from './chunks.ts';
import { outcomeFromRow, type OutcomeRecord } from './receipt-outcomes.ts';

/** An outcome's unique key, (batch id, item key). */
export interface OutcomeKey {
  readonly batchId: string;
  readonly itemKey: string;
}

// Two bound parameters per key.
const keysPerStatement = 500;

/** Map key for an outcome key, equal for two keys exactly when they name one row. */
export function outcomeKeyOf(key: OutcomeKey): string {
  return JSON.stringify([key.batchId, key.itemKey]);
}

/**
 * Reads the stored outcomes of the given keys, in one query per 500 keys, and returns them
 * by outcomeKeyOf. Keys without an outcome are absent from the map.
 */
export async function findOutcomes(db: Knex | Knex.Transaction, keys: readonly OutcomeKey[]): Promise<Map<string, OutcomeRecord>> {
  const unique = [...new Map(keys.map((key) => [outcomeKeyOf(key), key])).values()];
  const found = new Map<string, OutcomeRecord>();
  for (const chunk of chunksOf(unique, keysPerStatement)) {
    const pairs = chunk.map((key) => [key.batchId, key.itemKey]);
    const rows: Array<Record<string, unknown>> = await db('receipt_outcomes').whereIn(['batch_id', 'item_key'], pairs);
    for (const row of rows) {
      const record = outcomeFromRow(row);
      found.set(outcomeKeyOf(record), record);
    }
  }
  return found;
}

