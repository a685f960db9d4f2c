import type { Knex } from 'knex';
import type { Finding, Verdict } from '../checks/finding.ts';
import { chunksOf } from './chunks.ts';

/** A receipt's verdict, or 'notice' for a file-level warning that belongs to no receipt. */
export type OutcomeVerdict = Verdict | 'notice';

/** Outcome of one receipt (or manifest row) of a batch, stored once per (batchId, itemKey). */
export interface OutcomeRecord {
  readonly batchId: string;
  readonly itemKey: string;
  /** Manifest line (header is line 1), or null when the batch had no manifest. */
  readonly line: number | null;
  readonly orderNumber: string | null;
  /** File names as the seller wrote them. */
  readonly files: readonly string[];
  readonly verdict: OutcomeVerdict;
  readonly findings: readonly Finding[];
  readonly attachedReceiptId?: number | null;
}

// Nine columns per row: 4,500 bound parameters per statement.
const insertChunkSize = 500;

/** Inserts one outcome unless (batchId, itemKey) already has one, and returns whether it inserted. */
export async function insertOutcome(db: Knex | Knex.Transaction, record: OutcomeRecord): Promise<boolean> {
  const inserted = await db('receipt_outcomes').insert(toRow(record)).onConflict(['batch_id', 'item_key']).ignore().returning('id');
  return inserted.length > 0;
}

/**
 * Inserts many outcomes, 500 per statement, skipping keys that already have one. Returns
 * how many rows it inserted.
 */
export async function insertOutcomes(db: Knex | Knex.Transaction, records: readonly OutcomeRecord[]): Promise<number> {
  let inserted = 0;
  for (const chunk of chunksOf(records, insertChunkSize)) {
    const rows = await db('receipt_outcomes').insert(chunk.map(toRow)).onConflict(['batch_id', 'item_key']).ignore().returning('id');
    inserted += rows.length;
  }
  return inserted;
}

export async function findOutcome(db: Knex | Knex.Transaction, batchId: string, itemKey: string): Promise<OutcomeRecord | null> {
  const row = await db('receipt_outcomes').where({ batch_id: batchId, item_key: itemKey }).first();
  return row ? outcomeFromRow(row) : null;
}

/** Lists a batch's outcomes by manifest line (rows without a line last), then by item key. */
export async function listOutcomes(db: Knex | Knex.Transaction, batchId: string): Promise<OutcomeRecord[]> {
  // SQLite sorts nulls first and PostgreSQL last, so the null test is spelled out.
  const rows = await db('receipt_outcomes')
    .where({ batch_id: batchId })
    .orderByRaw('case when line is null then 1 else 0 end')
    .orderBy([{ column: 'line' }, { column: 'item_key' }]);
  return rows.map(outcomeFromRow);
}

function toRow(record: OutcomeRecord): Record<string, unknown> {
  return {
    batch_id: record.batchId,
    item_key: record.itemKey,
    line: record.line,
    order_number: record.orderNumber,
    files: JSON.stringify(record.files),
    verdict: record.verdict,
    codes: JSON.stringify(record.findings.map((finding) => finding.code)),
    findings: JSON.stringify(record.findings),
    attached_receipt_id: record.attachedReceiptId ?? null,
  };
}

/** Reads a receipt_outcomes row. */
export function outcomeFromRow(row: Record<string, unknown>): OutcomeRecord {
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
