import { mkdtempSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { waitForBatch } from '../../src/cli/wait-for-batch.ts';
import { sellerFolders } from '../../src/sources/folders.ts';
import type { BatchReport } from '../../src/reports/batch-report.ts';
import { testPostgresUrl } from './databases.ts';

export interface Harness {
  readonly config: Config;
  readonly pipeline: Pipeline;
  /** Drops a file into a seller's entrada/ the way an SFTP client does: a .part name, then a rename. */
  drop(sellerId: string, sourcePath: string, name?: string): Promise<string>;
  /** Waits until the watcher registered a batch for that file name and it is reported. */
  report(sellerId: string, fileName: string): Promise<BatchReport & { reports: { csv: string; json: string } }>;
  stop(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file; returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ci_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: testPostgresUrl });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = testPostgresUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const cleanup = knexFactory({ client: 'pg', connection: testPostgresUrl });
      await cleanup.raw(`drop database if exists ${name} with (force)`);
      await cleanup.destroy();
    },
  };
}

/**
 * Starts the real pipeline (watcher, BullMQ workers on the local Redis, SQLite or
 * PostgreSQL) on a temporary data folder with its own queue prefix.
 */
export async function startHarness(options: { databaseUrl?: string; home?: string; watch?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const home = options.home ?? mkdtempSync(path.join(os.tmpdir(), 'comprobantes-e2e-'));
  const env = {
    COMPROBANTES_QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    COMPROBANTES_STABLE_MS: '300',
    COMPROBANTES_POLL_MS: '100',
    COMPROBANTES_PDF_THREADS: '2',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig({ home }, env);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const pipeline = await startPipeline({ config, logger, watch: options.watch ?? true, work: true });
  await pipeline.ready;
  return {
    config,
    pipeline,
    async drop(sellerId, sourcePath, name = path.basename(sourcePath)) {
      const inbox = sellerFolders(config.dropRoot, sellerId).inbox;
      await mkdir(inbox, { recursive: true });
      const target = path.join(inbox, name);
      await copyFile(sourcePath, `${target}.part`);
      await rename(`${target}.part`, target);
      return target;
    },
    async report(sellerId, fileName) {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const row = await pipeline.db('batches').where({ seller_id: sellerId, file_name: fileName }).orderBy('id', 'desc').first('id');
        if (row) {
          const { report } = await waitForBatch(pipeline.db, row.id, () => undefined, 100);
          return JSON.parse(await readFile(report.reports.json, 'utf8'));
        }
        if (Date.now() > deadline) throw new Error(`no batch registered for ${sellerId}/${fileName}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => pipeline.close(),
  };
}
