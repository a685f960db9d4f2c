import type { Knex } from 'knex';
import type { Finding } from '../checks/finding.ts';
import { chunksOf } from './chunks.ts';
import type { OutcomeRecord, OutcomeVerdict } from './receipt-outcomes.ts';

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

// NOTE: the same conversion as receipt-outcomes.ts's private fromRow; both must read a row alike.
function outcomeFromRow(row: Record<string, unknown>): OutcomeRecord {
  return {
    batchId: String(row.batch_id),
    itemKey: String(row.item_key),
    line: row.line === null || row.line === undefined ? null : Number(row.line),
    orderNumber: row.order_number === null || row.order_number === undefined ? null : String(row.order_number),
    files: JSON.parse(String(row.files)) as string[],
    verdict: row.verdict as OutcomeVerdict,
    findings: JSON.parse(String(row.findings)) as Finding[],
    attachedReceiptId: row.attached_receipt_id === null || row.attached_receipt_id === undefined ? null : Number(row.attached_receipt_id),
  };
}
