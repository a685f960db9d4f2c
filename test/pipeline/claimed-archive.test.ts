import { mkdtempSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBatch } from '../../src/demo/build-demo-batch.ts';
import { demoScenarios, demoSellers } from '../../src/demo/demo-scenarios.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { queueNames } from '../../src/queue/queue-names.ts';
import { sellerFolders } from '../../src/sources/folders.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const seller = demoSellers[0]!.id;

async function waitForState(harness: Harness, fileName: string, state: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const row = await harness.pipeline.db('batches').where({ seller_id: seller, file_name: fileName }).first('id', 'state');
    if (row?.state === state) return row.id as string;
    if (Date.now() > deadline) throw new Error(`batch of ${fileName} never reached ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('claimed ZIP changed after intake', () => {
  let harness: Harness;
  let redis: Redis;
  let receipts: Queue;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'claimed-archive-'));
  const scenarios = demoScenarios({ count: 6, runTag: 'SWAP', issueDate: '2026-12-01', mistakeEvery: 0, firstNumber: 777000 });
  let zipPath: string;

  beforeAll(async () => {
    harness = await startHarness();
    const built = await buildDemoBatch(scratch, 'lote-swap.zip', scenarios);
    zipPath = built.zipPath;
    await importSellers(harness.pipeline.db, built.sellersCsv);
    await importOrders(harness.pipeline.db, built.ordersCsv);
    redis = new Redis(harness.config.redisUrl, { maxRetriesPerRequest: null });
    receipts = new Queue(queueNames.receipts, { connection: redis, prefix: harness.config.queuePrefix });
  });

  afterAll(async () => {
    await receipts?.close();
    await redis?.quit();
    await harness?.stop();
  });

  it('fails the receipts and accepts a resend', async () => {
    // Holds the receipt jobs, so the claimed file changes after intake and before any receipt is read.
    await receipts.pause();
    await harness.drop(seller, zipPath);
    const batchId = await waitForState(harness, 'lote-swap.zip', 'queued');
    const claimed = path.join(sellerFolders(harness.config.dropRoot, seller).claimed, batchId, 'lote-swap.zip');
    const bytes = await readFile(claimed);
    await writeFile(`${claimed}.new`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rename(`${claimed}.new`, claimed);
    await receipts.resume();

    const report = await harness.report(seller, 'lote-swap.zip');

    expect(report.reasons).toEqual({ PROCESSING_FAILED: scenarios.length });
    const orderNumbers = scenarios.map((scenario) => scenario.manifestOrderNumber);
    expect(await harness.pipeline.db('attached_receipts').whereIn('order_number', orderNumbers)).toEqual([]);
    // Rereading the same changed file cannot help, so the chunk job is not retried.
    expect((await receipts.getFailed()).map((job) => job.attemptsMade)).toEqual([1]);

    // The same bytes under another name: a new batch, not BATCH_DUPLICATE, since the failed one freed them.
    await harness.drop(seller, zipPath, 'lote-swap-reenvio.zip');
    const resent = await harness.report(seller, 'lote-swap-reenvio.zip');
    expect(resent).toMatchObject({ status: 'completed', accepted: scenarios.length, rejected: 0 });
  });
});
