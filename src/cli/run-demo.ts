import { copyFile, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { listUnfinishedBatches } from '../db/batches.ts';
import { buildDemoBatch } from '../demo/build-demo-batch.ts';
import { demoScenarios, demoSellers } from '../demo/demo-scenarios.ts';
import { importOrders } from '../import/import-orders.ts';
import { importSellers } from '../import/import-sellers.ts';
import type { Logger } from '../logger.ts';
import { createSellerFolders, limaToday, startPipeline } from '../pipeline.ts';
import { deleteKeysUnder } from '../queue/redis.ts';
import { summaryOf, type BatchReport } from '../reports/batch-report.ts';
import { sellerFolders } from '../sources/folders.ts';
import { formatSummary, previousBatchOf } from './print-summary.ts';
import { waitForBatch } from './wait-for-batch.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function findBatchId(db: Db, sellerId: string, fileName: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const row = await db('batches').where({ seller_id: sellerId, file_name: fileName }).orderBy('id', 'desc').first('id');
    if (row) return row.id;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the watcher did not take ${fileName} within ${timeoutMs / 1000} s`);
}

async function nextDemoNumber(db: Db): Promise<number> {
  const row = await db('attached_receipts').whereIn('issuer_ruc', demoSellers.map((s) => s.ruc)).max({ last: 'number' }).first();
  return Number(row?.last ?? 999) + 1;
}

/** Maximum wait for the batches of an earlier run, in ms; a demo batch takes a few seconds. */
const earlierBatchesWaitMs = 120_000;

/**
 * Waits until no batch of this data folder is unfinished and the demo seller's entrada/ is
 * empty. A demo stopped midway leaves its batch, which this run's workers then finish. Its
 * receipts must be attached before this run numbers its own, or both would use the same
 * correlativos.
 */
async function waitForEarlierBatches(db: Db, inbox: string): Promise<void> {
  const deadline = Date.now() + earlierBatchesWaitMs;
  let announced = false;
  for (;;) {
    const waiting = (await readdir(inbox).catch(() => [] as string[])).filter((name) => /\.(zip|csv)$/i.test(name)).length;
    const pending = (await listUnfinishedBatches(db)).length + waiting;
    if (pending === 0) return;
    if (Date.now() > deadline) {
      say(`Siguen ${pending} lotes anteriores sin terminar; la prueba sigue, y algunos resultados pueden diferir.`);
      return;
    }
    if (!announced) say(`Esperando a que terminen ${pending} lotes anteriores de esta carpeta de datos ...`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Compares each receipt's verdict and first code with what its scenario implies. */
function differences(report: BatchReport, expected: ReturnType<typeof demoScenarios>): string[] {
  const problems: string[] = [];
  expected.forEach((scenario, index) => {
    const item = report.items.find((i) => i.line === index + 2);
    const wanted = `${scenario.expected.verdict}${scenario.expected.firstCode ? ` ${scenario.expected.firstCode}` : ''}`;
    const got = item ? `${item.verdict}${item.verdict === 'rejected' ? ` ${item.codes[0]}` : ''}` : 'sin resultado';
    if (wanted !== got) problems.push(`línea ${index + 2} (${scenario.name}): se esperaba ${wanted}, se obtuvo ${got}`);
  });
  return problems;
}

/**
 * The main job end to end on the embedded default: imports demo sellers and orders, drops a
 * realistic ZIP into a seller's entrada/ as an SFTP client would, and waits for its report.
 */
export async function runDemo(app: { config: Config; logger: Logger }, options: { receipts: number }): Promise<void> {
  const { config, logger } = app;
  const runTag = `D${new Date().toISOString().replace(/\D/g, '').slice(2, 14)}`;
  const today = limaToday();
  const zipName = `lote-${today}-${runTag}.zip`;
  const workDir = path.join(config.home, 'demo', runTag);
  // The demo seller's entrada/ exists before the watcher starts, so the watcher's first scan
  // watches it: chokidar 4 can miss a file renamed into a folder it is still setting up.
  await mkdir(sellerFolders(config.dropRoot, demoSellers[0]!.id).inbox, { recursive: true });
  // A queue prefix of its own, so that a `start` of another data folder on the same Redis
  // neither takes the demo's jobs nor keeps the demo from starting (queue-owner.ts).
  const queuePrefix = `${config.queuePrefix}-demo-${runTag}`;
  const pipeline = await startPipeline({ config: { ...config, queuePrefix }, logger, watch: true, work: true });
  try {
    await pipeline.ready;
    await waitForEarlierBatches(pipeline.db, sellerFolders(config.dropRoot, demoSellers[0]!.id).inbox);
    // Correlativos continue after the demo sellers' last attached receipt, so a second run on
    // the same data folder issues new receipts instead of reusing attached ones.
    const scenarios = demoScenarios({ count: options.receipts, runTag, issueDate: today, firstNumber: await nextDemoNumber(pipeline.db) });
    say(`Generando ${scenarios.length} comprobantes de prueba en ${workDir} ...`);
    const built = await buildDemoBatch(workDir, zipName, scenarios);
    const sellers = await importSellers(pipeline.db, built.sellersCsv);
    const orders = await importOrders(pipeline.db, built.ordersCsv);
    say(`Importados ${(sellers.inserted + sellers.updated)} vendedores y ${(orders.inserted + orders.updated)} pedidos.`);
    await createSellerFolders(pipeline.db, config.dropRoot);

    const inbox = sellerFolders(config.dropRoot, demoSellers[0]!.id).inbox;
    const partial = path.join(inbox, `${zipName}.part`);
    await copyFile(built.zipPath, partial);
    await rename(partial, path.join(inbox, zipName));
    say(`Lote dejado en ${path.join(inbox, zipName)}; esperando al vigilante ...`);

    const batchId = await findBatchId(pipeline.db, demoSellers[0]!.id, zipName, 60_000 + config.watcher.stableMs);
    const { report } = await waitForBatch(pipeline.db, batchId, (progress) => {
      if (process.stdout.isTTY && progress.total > 0) process.stdout.write(`\r  ${progress.done}/${progress.total} comprobantes revisados`);
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    say(formatSummary(summaryOf(report), report.reports, previousBatchOf(report)));

    const problems = differences(JSON.parse(await readFile(report.reports.json, 'utf8')), scenarios);
    if (problems.length === 0) say('Cada comprobante obtuvo el resultado esperado por el escenario de prueba.');
    else {
      say('Resultados distintos a los esperados:');
      for (const problem of problems) say(`  ${problem}`);
      process.exitCode = 1;
    }
  } finally {
    await pipeline.close();
    // A private redis-server that this run started is stopped by now, so its keys stay there; no later run uses this prefix.
    if (!pipeline.redis.privateServer) await deleteKeysUnder(pipeline.redis.url, queuePrefix).catch((err: unknown) => logger.warn({ err, queuePrefix }, 'could not delete the demo queue keys'));
  }
}
