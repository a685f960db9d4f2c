import { randomBytes } from 'node:crypto';
import type { Db } from './connect.ts';
import type { Finding } from '../checks/finding.ts';

/** Lifecycle of a batch, in order. */
export const batchStates = ['received', 'queued', 'reported', 'archived'] as const;
export type BatchState = (typeof batchStates)[number];

/** Outcome of a batch: its receipts were checked, the whole batch was rejected, or it repeated an earlier one. */
export type BatchStatus = 'completed' | 'rejected' | 'duplicate';

export type BatchSource = 'drop' | 'ingest';

export interface BatchRow {
  readonly id: string;
  readonly sellerId: string;
  readonly source: BatchSource;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileSize: number;
  readonly state: BatchState;
  readonly status: BatchStatus | null;
  readonly duplicateOf: string | null;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly alreadyAttached: number;
  readonly batchFindings: readonly Finding[];
  readonly reportCsv: string | null;
  readonly reportJson: string | null;
}

/** Creates a sortable id: UTC time of arrival plus randomness, e.g. 20261204-204455-3f9a1c. */
export function newBatchId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface NewBatch {
  readonly id: string;
  readonly sellerId: string;
  readonly source: BatchSource;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileSize: number;
}

/**
 * Records a batch. The fingerprint row (seller, SHA-256) is inserted first and only once,
 * so when two processes register the same bytes exactly one gets `duplicateOf: null`.
 */
export async function registerBatch(db: Db, batch: NewBatch): Promise<{ duplicateOf: string | null }> {
  return db.transaction(async (trx) => {
    const inserted = await trx('batch_fingerprints')
      .insert({ seller_id: batch.sellerId, file_sha256: batch.fileSha256, batch_id: batch.id })
      .onConflict(['seller_id', 'file_sha256'])
      .ignore()
      .returning('batch_id');
    let duplicateOf: string | null = null;
    if (inserted.length === 0) {
      const first = await trx('batch_fingerprints').where({ seller_id: batch.sellerId, file_sha256: batch.fileSha256 }).first('batch_id');
      duplicateOf = first?.batch_id ?? null;
    }
    await trx('batches').insert({
      id: batch.id,
      seller_id: batch.sellerId,
      source: batch.source,
      file_name: batch.fileName,
      file_sha256: batch.fileSha256,
      file_size: batch.fileSize,
      state: 'received',
      status: duplicateOf ? 'duplicate' : null,
      duplicate_of: duplicateOf,
    });
    return { duplicateOf };
  });
}

/**
 * Frees the batch's (seller, SHA-256) claim, so the same bytes sent again become a new batch
 * instead of a duplicate. Used when receipts failed for internal reasons and the report
 * asks the seller to resend.
 */
export async function releaseFingerprint(db: Db, batch: { id: string; sellerId: string; fileSha256: string }): Promise<void> {
  await db('batch_fingerprints').where({ seller_id: batch.sellerId, file_sha256: batch.fileSha256, batch_id: batch.id }).delete();
}

export interface BatchUpdate {
  state?: BatchState;
  status?: BatchStatus;
  total?: number;
  accepted?: number;
  rejected?: number;
  alreadyAttached?: number;
  batchFindings?: readonly Finding[];
  reportCsv?: string;
  reportJson?: string;
}

export async function updateBatch(db: Db, id: string, update: BatchUpdate): Promise<void> {
  const row: Record<string, unknown> = {};
  if (update.state) row.state = update.state;
  if (update.status) row.status = update.status;
  if (update.total !== undefined) row.total = update.total;
  if (update.accepted !== undefined) row.accepted = update.accepted;
  if (update.rejected !== undefined) row.rejected = update.rejected;
  if (update.alreadyAttached !== undefined) row.already_attached = update.alreadyAttached;
  if (update.batchFindings) row.batch_findings = JSON.stringify(update.batchFindings);
  if (update.reportCsv) row.report_csv = update.reportCsv;
  if (update.reportJson) row.report_json = update.reportJson;
  if (update.state === 'queued') row.queued_at = db.fn.now();
  if (update.state === 'reported') row.reported_at = db.fn.now();
  await db('batches').where({ id }).update(row);
}

export async function getBatch(db: Db, id: string): Promise<BatchRow | null> {
  const row = await db('batches').where({ id }).first();
  return row ? toBatchRow(row) : null;
}

/** Batches not yet reported: on start-up their intake or finalize job is added again (a no-op when it exists). */
export async function listUnfinishedBatches(db: Db): Promise<BatchRow[]> {
  const rows = await db('batches').whereIn('state', ['received', 'queued']).orderBy('id');
  return rows.map(toBatchRow);
}

function toBatchRow(row: Record<string, any>): BatchRow {
  return {
    id: row.id,
    sellerId: row.seller_id,
    source: row.source,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileSize: Number(row.file_size),
    state: row.state,
    status: row.status ?? null,
    duplicateOf: row.duplicate_of ?? null,
    total: Number(row.total),
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    alreadyAttached: Number(row.already_attached),
    batchFindings: row.batch_findings ? JSON.parse(row.batch_findings) : [],
    reportCsv: row.report_csv ?? null,
    reportJson: row.report_json ?? null,
  };
}
