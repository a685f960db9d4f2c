import { Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { queueNames } from './queue-names.ts';

export interface WorkerSetOptions {
  readonly connection: Redis;
  readonly prefix: string;
  readonly logger: Logger;
  readonly receiptConcurrency: number;
  readonly processors: {
    readonly intake: Processor;
    readonly receipt: Processor;
    readonly finalize: Processor;
  };
}

export interface WorkerSet {
  /**
   * Resolves once every worker's connections are ready. BullMQ 5.81 closes a connection that
   * is still connecting by disconnecting it, and the failed connect then emits an 'error'
   * event after close() removed the listeners, which ends the process. So a caller that may
   * close soon after the start (a command that fails at once) waits for this first.
   */
  readonly ready: Promise<void>;
  /** Waits for active jobs to finish, then disconnects; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts one BullMQ worker per queue. Intake runs one batch at a time per process, because
 * it is disk-bound. Receipts run `receiptConcurrency` at once, and the PDF thread pool
 * bounds their PDF parsing.
 */
export function startWorkers(options: WorkerSetOptions): WorkerSet {
  const { connection, prefix, logger } = options;
  const common = { connection, prefix, autorun: true };
  const workers = [
    new Worker(queueNames.intake, options.processors.intake, { ...common, concurrency: 1 }),
    new Worker(queueNames.receipts, options.processors.receipt, { ...common, concurrency: options.receiptConcurrency }),
    new Worker(queueNames.finalize, options.processors.finalize, { ...common, concurrency: 2 }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      const attempts = job?.opts.attempts ?? 1;
      logger.error({ err, queue: worker.name, jobId: job?.id, batchId: job?.data?.batchId, attempt: job?.attemptsMade, attempts }, 'job failed');
    });
    worker.on('error', (err) => logger.error({ err, queue: worker.name }, 'worker error'));
  }
  let closing: Promise<void> | null = null;
  return {
    ready: Promise.all(workers.map((worker) => worker.waitUntilReady())).then(() => undefined),
    close() {
      closing ??= Promise.allSettled(workers.map((w) => w.close())).then(() => undefined);
      return closing;
    },
  };
}
