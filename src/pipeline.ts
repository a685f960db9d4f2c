import { readdir, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { installationId, openDb, sqliteFileIn, type Db } from './db/connect.ts';
import { getBatch, listUnfinishedBatches, updateBatch } from './db/batches.ts';
import type { Logger } from './logger.ts';
import { createBatchQueue, type BatchQueue } from './queue/batch-queue.ts';
import { resolveRedis, type RedisEndpoint } from './queue/private-redis.ts';
import { jobIds, queueNames } from './queue/queue-names.ts';
import { claimQueuePrefix, databaseLocation, QueuePrefixInUseError, type Installation } from './queue/queue-owner.ts';
import { createRedis } from './queue/redis.ts';
import { startWorkers, type WorkerSet } from './queue/workers.ts';
import { createReceiptFilePool, type ReceiptFilePool } from './receipts/receipt-file-pool.ts';
import { claimDrop, type ClaimRequest, type ClaimResult } from './sources/claim-drop.ts';
import { watchDropFolders, type DropFolderWatcher } from './sources/drop-folder-watcher.ts';
import { sellerFolderNames, sellerFolders } from './sources/folders.ts';
import { createIntakeProcessor } from '../jobs/intake.ts';
import { createReceiptChunkProcessor } from '../jobs/receipt-chunk.ts';
import { createFinalizeProcessor } from '../jobs/finalize-batch.ts';

export interface PipelineOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Watch the drop folders. */
  readonly watch: boolean;
  /** Run the BullMQ workers in this process. */
  readonly work: boolean;
}

export interface Pipeline {
  readonly db: Db;
  readonly redis: RedisEndpoint;
  readonly queue: BatchQueue;
  /** Resolves once the watcher tracks the files present at start-up (at once without a watcher). */
  readonly ready: Promise<void>;
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * Resolves if another installation takes this queue prefix while the process runs (after
   * Redis lost its keys, say); never resolves otherwise. A long-running command then stops.
   */
  readonly prefixLost: Promise<QueuePrefixInUseError>;
  /** Ordered, idempotent shutdown: sources, workers, PDF threads, queues, Redis, database. */
  close(): Promise<void>;
}

// Built once: constructing an Intl.DateTimeFormat with a time zone costs about 0.7 ms of CPU
// (Node 20), and the receipt worker reads today's date once per receipt.
const limaDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima' });

/** Interval between checks for unfinished batches whose jobs Redis no longer has, in ms. */
const reconcileEveryMs = 5 * 60_000;

/** Interval between checks that the queue prefix is still this installation's, in ms; each is one SET and at most one GET. */
const prefixCheckEveryMs = 60_000;

/** Today's date in Lima, YYYY-MM-DD. */
export function limaToday(now: Date = new Date()): string {
  return limaDateFormat.format(now);
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { config, logger } = options;
  const db = await openDb({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.home), logger });
  const redis = await resolveRedis({ url: config.redisUrl, explicit: config.redisUrlExplicit, home: config.home, logger }).catch(async (err) => {
    await db.destroy();
    throw err;
  });
  // The name shows in CLIENT LIST, so an operator can tell this program's connections apart.
  const connection: Redis = createRedis(redis.url, { connectionName: `comprobantes-${config.queuePrefix}` });
  const database = databaseLocation({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.home) });
  let installation: Installation;
  try {
    installation = { id: await installationId(db), database };
    const owner = await claimQueuePrefix(connection, config.queuePrefix, installation, redis.url);
    if (owner.database !== database) {
      logger.warn({ queuePrefix: config.queuePrefix, recorded: owner.database, database }, 'queue prefix recorded for this database at another location: a moved data folder, or a copy of this database that would share its jobs');
    }
  } catch (err) {
    connection.disconnect();
    await redis.privateServer?.stop();
    await db.destroy();
    throw err;
  }
  const queue = createBatchQueue({ connection, prefix: config.queuePrefix, attempts: config.worker.attempts, chunkSize: config.worker.chunkSize });
  const claim = (request: ClaimRequest) => claimDrop({ db, config, logger, queue }, request);

  let filePool: ReceiptFilePool | null = null;
  let workers: WorkerSet | null = null;
  let reconcile: NodeJS.Timeout | null = null;
  let watcher: DropFolderWatcher | null = null;
  let closing: Promise<void> | null = null;
  const prefixWatch = watchQueuePrefix(connection, config.queuePrefix, installation, redis.url, logger);
  const close = () => {
    closing ??= shutdown([
      ['prefix check', async () => prefixWatch.stop()],
      ['reconciliation timer', async () => clearInterval(reconcile ?? undefined)],
      ['watcher', () => watcher?.close()],
      ['workers', () => workers?.close()],
      ['reader threads', () => filePool?.close()],
      ['queues', () => queue.close()],
      ['redis connection', () => connection.quit().then(() => undefined)],
      ['private redis', () => redis.privateServer?.stop()],
      ['database', () => db.destroy()],
    ], logger);
    return closing;
  };

  try {
    if (options.work) {
      filePool = createReceiptFilePool({
        threads: config.worker.pdfThreads,
        timeoutMs: config.worker.pdfTimeoutMs,
        memoryMb: config.worker.pdfMemoryMb,
        recycleAfter: config.worker.pdfRecycleAfter,
        onThreadError: (err) => logger.error({ err }, 'reader thread failed outside a file'),
      });
      const pool = filePool;
      workers = startWorkers({
        connection,
        prefix: config.queuePrefix,
        logger,
        receiptConcurrency: config.worker.concurrency,
        processors: {
          intake: createIntakeProcessor({ db, config, logger, queue }),
          receipt: createReceiptChunkProcessor({ db, config, logger, filePool: pool, today: () => limaToday() }),
          finalize: createFinalizeProcessor({ db, config, logger }),
        },
      });
      await workers.ready;
    }

    const recovery = { db, config, logger, queue, connection };
    await returnOrphanClaims(recovery);
    await recoverUnfinished(recovery, true);
    // Redis can lose jobs (a restart without persistence); checking again every few minutes
    // brings such batches back without waiting for this process to restart.
    if (options.work) {
      reconcile = setInterval(() => void recoverUnfinished(recovery, false).catch((err) => logger.error({ err }, 'batch reconciliation failed')), reconcileEveryMs);
    }
    if (options.watch) {
      await createSellerFolders(db, config.dropRoot);
      watcher = watchDropFolders({
        dropRoot: config.dropRoot,
        stableMs: config.watcher.stableMs,
        zipStableMs: config.watcher.zipStableMs,
        pollMs: config.watcher.pollMs,
        logger,
        onComplete: async (drop) => {
          const result = await claim({ sellerId: drop.sellerId, kind: drop.kind, filePath: drop.filePath, source: 'drop' });
          // An unknown seller may be imported later, and a loose CSV's files may still be uploading.
          return result.status === 'unknown_seller' || result.status === 'not_ready' ? 'retry' : 'done';
        },
      });
    }
  } catch (err) {
    // What started before the failure would keep the process alive: its threads, its Redis connections.
    await close();
    throw err;
  }
  return { db, redis, queue, ready: watcher?.ready ?? Promise.resolve(), claim, prefixLost: prefixWatch.lost, close };
}

/**
 * Records the queue prefix again on every reconnect to Redis and every minute, since Redis
 * without persistence loses the record when it restarts. `lost` resolves once another
 * installation has the prefix.
 */
function watchQueuePrefix(connection: Redis, prefix: string, installation: Installation, redisUrl: string, logger: Logger) {
  let report: (error: QueuePrefixInUseError) => void = () => undefined;
  const lost = new Promise<QueuePrefixInUseError>((resolve) => (report = resolve));
  const check = () => {
    claimQueuePrefix(connection, prefix, installation, redisUrl).catch((err: unknown) => {
      if (!(err instanceof QueuePrefixInUseError)) return logger.debug({ err, queuePrefix: prefix }, 'queue prefix check failed; the next one retries');
      logger.error({ err, queuePrefix: prefix, owner: err.owner }, 'another installation took the queue prefix');
      report(err);
    });
  };
  connection.on('ready', check);
  const timer = setInterval(check, prefixCheckEveryMs);
  return {
    lost,
    stop() {
      clearInterval(timer);
      connection.off('ready', check);
    },
  };
}

async function shutdown(steps: Array<[string, () => Promise<unknown> | undefined]>, logger: Logger): Promise<void> {
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      logger.error({ err, step: name }, 'shutdown step failed');
    }
  }
}

/** Creates entrada/ and its siblings for every registered seller, so sellers' tools find them. */
export async function createSellerFolders(db: Db, dropRoot: string): Promise<void> {
  const sellers: Array<{ id: string }> = await db('sellers').select('id');
  for (const { id } of sellers) {
    const folders = sellerFolders(dropRoot, id);
    for (const dir of [folders.inbox, folders.processed, folders.failed, folders.reports]) await mkdir(dir, { recursive: true });
  }
}

interface RecoveryDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly queue: BatchQueue;
  readonly connection: Redis;
}

/**
 * Resumes unfinished batches after a crash, a restart or lost Redis data. Batches never
 * queued get their intake again, and so do queued batches whose jobs Redis lost. Outcome
 * rows and job ids are unique, so nothing runs twice.
 */
async function recoverUnfinished(deps: RecoveryDeps, atStartup: boolean): Promise<void> {
  const finalize = new Queue(queueNames.finalize, { connection: deps.connection, prefix: deps.config.queuePrefix });
  try {
    for (const batch of await listUnfinishedBatches(deps.db)) {
      const log = deps.logger.child({ batchId: batch.id, sellerId: batch.sellerId });
      if (batch.state === 'queued' && (await finalize.getJob(jobIds.finalize(batch.id)))) {
        // After a crash its running jobs stay locked until BullMQ's stalled check frees them.
        if (atStartup) log.info('batch in progress; jobs interrupted by a stop resume within about a minute');
        continue;
      }
      if (batch.state === 'queued') await updateBatch(deps.db, batch.id, { state: 'received' });
      if (batch.status === 'duplicate') await deps.queue.addFinalize(batch.id);
      else await deps.queue.addIntake(batch.id);
      log.info({ state: batch.state }, 'resuming unfinished batch');
    }
  } finally {
    await finalize.close();
  }
}

/** Moves claims that never got a batch row (a crash between rename and insert) back to entrada/. */
async function returnOrphanClaims(deps: RecoveryDeps): Promise<void> {
  const sellers = await readdir(deps.config.dropRoot).catch(() => [] as string[]);
  for (const sellerId of sellers) {
    const claimedRoot = path.join(deps.config.dropRoot, sellerId, sellerFolderNames.claimed);
    for (const batchId of await readdir(claimedRoot).catch(() => [] as string[])) {
      if (await getBatch(deps.db, batchId)) continue;
      const dir = path.join(claimedRoot, batchId);
      const inbox = path.join(deps.config.dropRoot, sellerId, sellerFolderNames.inbox);
      const companions = (await readdir(path.join(dir, 'files')).catch(() => [] as string[])).map((name) => path.join('files', name));
      // Companions first: the CSV that names them must not be claimed again before they are back.
      for (const name of [...companions, ...(await readdir(dir)).filter((name) => name !== 'files')]) {
        await rename(path.join(dir, name), path.join(inbox, path.basename(name)));
      }
      deps.logger.warn({ sellerId, claim: dir }, 'returned a claim without a batch to entrada');
    }
  }
}
