import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { getBatch, updateBatch } from '../src/db/batches.ts';
import { insertOutcomes, type OutcomeRecord } from '../src/db/receipt-outcomes.ts';
import { finding, rejections, verdictOf } from '../src/checks/finding.ts';
import { claimedArchive } from '../src/intake/archive-entry.ts';
import type { ReceiptItem, RowRejection } from '../src/intake/batch-plan.ts';
import { intakeBatch, type IntakeInput } from '../src/intake/intake-batch.ts';
import type { Logger } from '../src/logger.ts';
import type { BatchQueue, IntakeJobData } from '../src/queue/batch-queue.ts';
import { dropKindOf } from '../src/sources/drop-name-filter.ts';
import { batchWorkDir, sellerFolders } from '../src/sources/folders.ts';

export interface IntakeDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly queue: BatchQueue;
}

/** File written next to the extracted files; finalize reads it to find receipts that never got an outcome. */
export const planFileName = 'plan.json';

/** Entry of plan.json for one receipt job, enough to report it if its job never finishes. */
export interface PlannedItem {
  readonly key: string;
  readonly line: number | null;
  readonly orderNumber: string | null;
  readonly files: readonly string[];
}

export function itemFiles(item: ReceiptItem): string[] {
  return [item.pdf, item.xml, item.cdr].flatMap((file) => (file ? [file.originalName] : []));
}

function rowOutcome(batchId: string, row: RowRejection): OutcomeRecord {
  const verdict = rejections(row.findings).length > 0 ? 'rejected' : 'notice';
  return { batchId, itemKey: row.key, line: row.line, orderNumber: row.orderNumber, files: [...row.files], verdict, findings: [...row.findings] };
}

function earlyOutcome(batchId: string, item: ReceiptItem): OutcomeRecord {
  return { batchId, itemKey: item.key, line: item.line, orderNumber: item.claims.orderNumber, files: itemFiles(item), verdict: verdictOf(item.findings), findings: [...item.findings] };
}

async function intakeInput(claimDir: string, fileName: string): Promise<IntakeInput> {
  const claimed = path.join(claimDir, fileName);
  if (dropKindOf(fileName) === 'zip') return { kind: 'zip', archivePath: claimed };
  const filesDir = path.join(claimDir, 'files');
  const fileNames = await readdir(filesDir).catch(() => []);
  return { kind: 'csv', manifestPath: claimed, filesDir, fileNames };
}

/**
 * Unpacks a claimed batch and queues its receipts. Rows and files that fail before any
 * document is read get their outcome here; the rest become one job each under the batch's
 * finalize step. Running it twice is harmless: job ids and outcome rows are unique.
 */
export function createIntakeProcessor(deps: IntakeDeps) {
  const intake = intakeOnce(deps);
  return async (job: Job<IntakeJobData>): Promise<{ queued: number }> => {
    try {
      return await intake(job);
    } catch (err) {
      const attempts = job.opts.attempts ?? 1;
      if (err instanceof UnrecoverableError || job.attemptsMade + 1 < attempts) throw err;
      // Last attempt: the batch must still end in a report, or it would wait forever.
      deps.logger.error({ err, batchId: job.data.batchId, jobId: job.id, attempts }, 'intake failed on its last attempt; reporting the batch as failed');
      await updateBatch(deps.db, job.data.batchId, { status: 'rejected', batchFindings: [finding('BATCH_PROCESSING_FAILED', { logId: `${job.id}` })] });
      await deps.queue.addFinalize(job.data.batchId);
      await updateBatch(deps.db, job.data.batchId, { state: 'queued' });
      return { queued: 0 };
    }
  };
}

function intakeOnce(deps: IntakeDeps) {
  const { db, config } = deps;
  return async (job: Job<IntakeJobData>): Promise<{ queued: number }> => {
    const { batchId } = job.data;
    const batch = await getBatch(db, batchId);
    if (!batch) throw new UnrecoverableError(`batch ${batchId} is not in the database`);
    if (batch.state !== 'received') return { queued: 0 };
    const log = deps.logger.child({ batchId, sellerId: batch.sellerId, jobId: job.id });

    const claimDir = path.join(sellerFolders(config.dropRoot, batch.sellerId).claimed, batchId);
    const workDir = batchWorkDir(config.home, batchId);
    await rm(workDir, { recursive: true, force: true });
    const input = await intakeInput(claimDir, batch.fileName);
    // Taken before the ZIP is read, so a change during intake is caught by the readers too.
    const archive = input.kind === 'zip' ? await claimedArchive(input.archivePath) : null;
    const plan = await intakeBatch(input, workDir, config.limits);

    if (!plan.ok) {
      log.info({ codes: plan.findings.map((f) => f.code) }, 'batch rejected as a whole');
      await updateBatch(db, batchId, { status: 'rejected', batchFindings: plan.findings });
      await deps.queue.addFinalize(batchId);
      await updateBatch(db, batchId, { state: 'queued' });
      return { queued: 0 };
    }

    const early = plan.items.filter((item) => rejections(item.findings).length > 0);
    const jobs = plan.items.filter((item) => rejections(item.findings).length === 0);
    await insertOutcomes(db, [...plan.rowRejections.map((row) => rowOutcome(batchId, row)), ...early.map((item) => earlyOutcome(batchId, item))]);
    await mkdir(workDir, { recursive: true });
    const planned: PlannedItem[] = plan.items.map((item) => ({ key: item.key, line: item.line, orderNumber: item.claims.orderNumber, files: itemFiles(item) }));
    await writeFile(path.join(workDir, planFileName), JSON.stringify({ items: planned }));
    const total = plan.items.length + plan.rowRejections.filter((row) => rejections(row.findings).length > 0).length;
    await updateBatch(db, batchId, { total });

    if (jobs.length === 0) await deps.queue.addFinalize(batchId);
    else await deps.queue.addReceiptFlow(batchId, batch.sellerId, jobs, archive);
    await updateBatch(db, batchId, { state: 'queued' });
    log.info({ receipts: jobs.length, rejectedEarly: early.length, rowRejections: plan.rowRejections.length }, 'batch queued');
    return { queued: jobs.length };
  };
}
