import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { chunksOf } from '../db/chunks.ts';
import type { ClaimedArchive } from '../intake/archive-entry.ts';
import type { ReceiptItem } from '../intake/batch-plan.ts';
import { jobIds, queueNames } from './queue-names.ts';

export interface IntakeJobData {
  readonly batchId: string;
}

/** One chunk of a batch's receipts, checked and attached together. */
export interface ReceiptChunkJobData {
  readonly batchId: string;
  readonly sellerId: string;
  /** Position of the chunk in the batch, from 0; part of the job id. */
  readonly chunkIndex: number;
  readonly items: readonly ReceiptItem[];
  /** The claimed ZIP that still contains the items' files (BatchFile.archiveEntry); null for a loose CSV batch. */
  readonly archive: ClaimedArchive | null;
}

export interface FinalizeJobData {
  readonly batchId: string;
}

/** Queue operations the sources and intake use. The BullMQ details stay in this module. */
export interface BatchQueue {
  addIntake(batchId: string): Promise<void>;
  /** Queues the report of a batch that has no receipt jobs (duplicate, rejected whole, or empty). */
  addFinalize(batchId: string): Promise<void>;
  /**
   * Queues the receipts in jobs of `chunkSize` each, under the batch's finalize step, which
   * runs when all of them are done.
   */
  addReceiptFlow(batchId: string, sellerId: string, items: readonly ReceiptItem[], archive: ClaimedArchive | null): Promise<void>;
  close(): Promise<void>;
}

export interface BatchQueueOptions {
  readonly connection: Redis;
  readonly prefix: string;
  readonly attempts: number;
  /** Receipts per receipt job. */
  readonly chunkSize: number;
}

/**
 * Retries are for infrastructure failures only: checks return rejections as results, so a
 * job that throws hit Redis, the database or the disk. Finished jobs are trimmed; failed ones
 * stay a week for ops.
 */
function jobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function createBatchQueue(options: BatchQueueOptions): BatchQueue {
  const base = { connection: options.connection, prefix: options.prefix };
  const intake = new Queue<IntakeJobData>(queueNames.intake, base);
  const finalize = new Queue<FinalizeJobData>(queueNames.finalize, base);
  const flows = new FlowProducer(base);
  const defaults = jobOptions(options.attempts);

  return {
    async addIntake(batchId) {
      await intake.add('intake', { batchId }, { ...defaults, jobId: jobIds.intake(batchId) });
    },
    async addFinalize(batchId) {
      await finalize.add('finalize', { batchId }, { ...defaults, jobId: jobIds.finalize(batchId) });
    },
    async addReceiptFlow(batchId, sellerId, items, archive) {
      await flows.add({
        name: 'finalize',
        queueName: queueNames.finalize,
        data: { batchId } satisfies FinalizeJobData,
        opts: { ...defaults, jobId: jobIds.finalize(batchId) },
        children: chunksOf(items, options.chunkSize).map((chunk, chunkIndex) => ({
          name: 'receipts',
          queueName: queueNames.receipts,
          data: { batchId, sellerId, chunkIndex, items: chunk, archive } satisfies ReceiptChunkJobData,
          // A chunk that still fails after its retries must not block the report: finalize
          // records PROCESSING_FAILED for each of its receipts left without an outcome.
          opts: { ...defaults, jobId: jobIds.receiptChunk(batchId, chunkIndex), ignoreDependencyOnFailure: true },
        })),
      });
    },
    async close() {
      await Promise.allSettled([intake.close(), finalize.close(), flows.close()]);
    },
  };
}
