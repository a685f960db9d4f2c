import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { finding } from '../src/checks/finding.ts';
import { getBatch, releaseFingerprint, updateBatch, type BatchRow } from '../src/db/batches.ts';
import { insertOutcomes, listOutcomes, type OutcomeRecord } from '../src/db/receipt-outcomes.ts';
import type { Logger } from '../src/logger.ts';
import type { FinalizeJobData } from '../src/queue/batch-queue.ts';
import { buildBatchReport, renderRejectionsCsv, summaryOf, type ReportOutcome } from '../src/reports/batch-report.ts';
import { writeBatchReport } from '../src/reports/write-report.ts';
import { batchWorkDir, sellerFolders } from '../src/sources/folders.ts';
import { planFileName, type PlannedItem } from './intake.ts';

export interface FinalizeDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
}

async function plannedItems(workDir: string): Promise<PlannedItem[]> {
  try {
    const plan = JSON.parse(await readFile(path.join(workDir, planFileName), 'utf8')) as { items: PlannedItem[] };
    return plan.items;
  } catch {
    return [];
  }
}

/**
 * Records PROCESSING_FAILED for receipts whose job failed after all retries, since they have
 * no outcome yet. Returns every outcome of the batch, those new ones included.
 */
async function completeOutcomes(db: Db, batch: BatchRow, workDir: string, logId: string): Promise<OutcomeRecord[]> {
  const outcomes = await listOutcomes(db, batch.id);
  const present = new Set(outcomes.map((o) => o.itemKey));
  const missing = (await plannedItems(workDir)).filter((item) => !present.has(item.key));
  const records: OutcomeRecord[] = missing.map((item) => ({
    batchId: batch.id,
    itemKey: item.key,
    line: item.line,
    orderNumber: item.orderNumber,
    files: [...item.files],
    verdict: 'rejected',
    findings: [finding('PROCESSING_FAILED', { logId })],
  }));
  if (records.length === 0) return outcomes;
  await insertOutcomes(db, records);
  return listOutcomes(db, batch.id);
}

function batchFindingsOf(batch: BatchRow) {
  if (batch.status === 'duplicate' && batch.batchFindings.length === 0) {
    return [finding('BATCH_DUPLICATE', { previousBatchId: batch.duplicateOf })];
  }
  return batch.batchFindings;
}

/**
 * Reports a batch once every receipt job is done, or at once for a batch without any. It
 * writes the report for the seller and ops, moves the claimed file to procesados/
 * (con-errores/ when the batch could not be opened) and removes the extracted copies.
 */
export function createFinalizeProcessor(deps: FinalizeDeps) {
  const { db, config } = deps;
  return async (job: Job<FinalizeJobData>) => {
    const { batchId } = job.data;
    const found = await getBatch(db, batchId);
    if (!found) throw new UnrecoverableError(`batch ${batchId} is not in the database`);
    const log = deps.logger.child({ batchId, sellerId: found.sellerId, jobId: job.id });
    const workDir = batchWorkDir(config.home, batchId);
    if (found.state !== 'reported' && found.state !== 'archived') {
      const recorded = await completeOutcomes(db, found, workDir, `${job.id}`);
      const batch: BatchRow = { ...found, batchFindings: batchFindingsOf(found) };
      const outcomes: ReportOutcome[] = recorded.map((o) => ({ ...o, key: o.itemKey }));
      const report = buildBatchReport(batch, outcomes);
      const written = await writeBatchReport(config, report, renderRejectionsCsv(report, outcomes));
      await updateBatch(db, batchId, {
        state: 'reported',
        status: report.status,
        total: report.total,
        accepted: report.accepted,
        rejected: report.rejected,
        alreadyAttached: report.alreadyAttached,
        batchFindings: batch.batchFindings,
        reportCsv: written.csv,
        reportJson: written.json,
      });
      const { batchId: _batchId, seller: _seller, ...summary } = summaryOf(report);
      log.info({ ...summary, reports: written }, 'batch reported');
      const failed = outcomes.some((o) => o.findings.some((f) => f.code === 'PROCESSING_FAILED')) || batch.batchFindings.some((f) => f.code === 'BATCH_PROCESSING_FAILED');
      if (failed) {
        // The report asks the seller to resend, so the same bytes must then be accepted again.
        await releaseFingerprint(db, batch);
        log.error({ failed: report.reasons.PROCESSING_FAILED ?? 1 }, 'receipts failed for internal reasons; the seller may resend the batch');
      }
    }
    const batch = (await getBatch(db, batchId))!;
    if (batch.state !== 'archived') {
      await archiveClaim(config, batch);
      await rm(workDir, { recursive: true, force: true });
      await updateBatch(db, batchId, { state: 'archived' });
    }
    return { status: batch.status };
  };
}

async function archiveClaim(config: Config, batch: BatchRow): Promise<void> {
  const folders = sellerFolders(config.dropRoot, batch.sellerId);
  const claimDir = path.join(folders.claimed, batch.id);
  // ENTRY_UNREADABLE is a batch finding only when the ZIP's manifest could not be extracted.
  const damaged = ['BATCH_UNREADABLE', 'BATCH_UNSAFE_PATH', 'BATCH_LIMITS_EXCEEDED', 'ENTRY_UNREADABLE'];
  const unreadable = batch.batchFindings.some((f) => damaged.includes(f.code));
  const target = path.join(unreadable ? folders.failed : folders.processed, batch.id);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await rename(claimDir, target);
  } catch (err) {
    // A retry after a crash finds the claim already moved.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
