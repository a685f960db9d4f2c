import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoBatch } from '../../src/demo/build-demo-batch.ts';
import { demoScenarios, demoSellers } from '../../src/demo/demo-scenarios.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { queueNames } from '../../src/queue/queue-names.ts';
import { createRedis } from '../../src/queue/redis.ts';
import { dataFolders } from '../../src/sources/folders.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const seller = demoSellers[0]!.id;

describe('receipt jobs in chunks', () => {
  let harness: Harness | null = null;
  afterEach(async () => {
    await harness?.stop();
    harness = null;
  });

  async function prepareBatch(runTag: string, count: number) {
    harness = await startHarness({ env: { COMPROBANTES_CHUNK_SIZE: '3' } });
    const scenarios = demoScenarios({ count, runTag, issueDate: '2026-12-01', mistakeEvery: 0 });
    const built = await buildDemoBatch(mkdtempSync(path.join(os.tmpdir(), 'chunks-')), `${runTag.toLowerCase()}.zip`, scenarios);
    await importSellers(harness.pipeline.db, built.sellersCsv);
    await importOrders(harness.pipeline.db, built.ordersCsv);
    return { harness, scenarios, built };
  }

  it('splits a batch into chunk jobs', async () => {
    const { harness, built } = await prepareBatch('CHUNKS', 8);
    await harness.drop(seller, built.zipPath);
    const report = await harness.report(seller, path.basename(built.zipPath));
    expect(report).toMatchObject({ status: 'completed', total: 8, accepted: 8, rejected: 0 });
    expect(await harness.pipeline.db('attached_receipts').count({ n: '*' }).first()).toMatchObject({ n: 8 });

    const connection = createRedis(harness.config.redisUrl);
    const receipts = new Queue(queueNames.receipts, { connection, prefix: harness.config.queuePrefix });
    try {
      const jobs = await receipts.getCompleted();
      expect(jobs.map((job) => job.data.items.length).sort()).toEqual([2, 3, 3]);
    } finally {
      await receipts.close();
      await connection.quit();
    }
  });

  it('keeps the chunk when one receipt fails', async () => {
    const { harness, scenarios, built } = await prepareBatch('CHUNKFAIL', 3);
    // A file where the order's storage folder should be: storing that receipt fails on every attempt.
    const blocked = scenarios[1]!.order!.orderNumber;
    const sellerStorage = path.join(dataFolders(harness.config.home).storage, seller);
    await mkdir(sellerStorage, { recursive: true });
    await writeFile(path.join(sellerStorage, blocked), 'not a folder');

    await harness.drop(seller, built.zipPath);
    const report = await harness.report(seller, path.basename(built.zipPath));
    expect(report).toMatchObject({ total: 3, accepted: 2, rejected: 1 });
    expect(report.reasons).toEqual({ PROCESSING_FAILED: 1 });

    const attached = await harness.pipeline.db('attached_receipts').orderBy('order_number').pluck('order_number');
    expect(attached).toEqual(scenarios.filter((_, index) => index !== 1).map((s) => s.order!.orderNumber).sort());
    const failed = await harness.pipeline.db('receipt_outcomes').where({ verdict: 'rejected' }).pluck('order_number');
    expect(failed).toEqual([blocked]);
  });
});
