import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connect.ts';
import { getBatch, type BatchRow } from '../db/batches.ts';
import type { BatchReport } from '../reports/batch-report.ts';

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly state: BatchRow['state'];
}

/**
 * Polls the database until the batch is reported and returns its report. Progress counts
 * the outcome rows written so far.
 */
export async function waitForBatch(
  db: Db,
  batchId: string,
  onProgress: (progress: Progress) => void,
  pollMs = 250,
): Promise<{ batch: BatchRow; report: BatchReport & { reports: { csv: string; json: string } } }> {
  for (;;) {
    const batch = await getBatch(db, batchId);
    if (!batch) throw new Error(`batch ${batchId} is not in the database`);
    if ((batch.state === 'reported' || batch.state === 'archived') && batch.reportJson && batch.reportCsv) {
      const report = JSON.parse(await readFile(batch.reportJson, 'utf8'));
      // The file's own paths are relative to the seller's folder; callers here get absolute ones.
      return { batch, report: { ...report, reports: { csv: batch.reportCsv, json: batch.reportJson } } };
    }
    const counted = await db('receipt_outcomes').where({ batch_id: batchId }).whereNot({ verdict: 'notice' }).count({ count: '*' });
    onProgress({ done: Number(counted[0]?.count ?? 0), total: batch.total, state: batch.state });
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
