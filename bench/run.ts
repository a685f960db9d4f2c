// Entry point of `npm run bench`: measures the pipeline against the parsing limit on this
// machine and prints one table. See docs/benchmarks.md for what each row means.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { redisAnswers } from '../src/queue/redis.ts';
import { measureBaseline, type BaselineResult } from './baseline.ts';
import { ensureBenchBatch } from './bench-batch.ts';
import { parseBenchOptions, type BenchOptions } from './bench-options.ts';
import { stopAllChildren } from './child-processes.ts';
import { megabytes } from './proc-memory.ts';
import { renderTable, type TableRow } from './result-table.ts';
import { planStages, runStage, type StageContext } from './stages.ts';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function baselineRow(label: string, result: BaselineResult): TableRow {
  return { stage: label, receipts: result.files, seconds: result.seconds, perSecond: result.perSecond, ratio: '1.00', peakRss: megabytes(result.maxRssBytes), goal: null, met: null };
}

/** Other work on the machine skews every figure, so the run records the 1, 5 and 15 minute load. */
function formatLoad(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');
}

async function preflight(options: BenchOptions): Promise<void> {
  if (!(await redisAnswers(options.redisUrl))) throw new Error(`Redis at ${options.redisUrl} is unreachable (no reply to PING); start it or pass --redis-url`);
}

async function main(options: BenchOptions): Promise<void> {
  await mkdir(options.outDir, { recursive: true });
  await preflight(options);
  const cores = availableParallelism();
  log(`${cores} cores, ${megabytes(totalmem())} memory, node ${process.version}`);
  const batch = await ensureBenchBatch(options.outDir, options.receipts, log);

  log(`baseline: PDF text of ${batch.count} files in ${cores} processes ...`);
  const pdf = await measureBaseline('pdf', batch.pdfPaths, cores, options.outDir);
  log(`baseline: UBL XML of ${batch.count} files in ${cores} processes ...`);
  log(`baseline PDF: ${pdf.perSecond.toFixed(0)} receipts/s`);
  const xml = await measureBaseline('xml', batch.xmlPaths, cores, options.outDir);
  log(`baseline XML: ${xml.perSecond.toFixed(0)} receipts/s`);
  const rows: TableRow[] = [baselineRow(`baseline PDF text, ${cores} processes`, pdf), baselineRow(`baseline UBL XML, ${cores} processes`, xml)];
  const notes: string[] = [batch.summary, `baseline failures: PDF ${pdf.failures}, XML ${xml.failures}`, `load average at start: ${formatLoad()}`];

  const context: StageContext = { options, batch, baselines: { pdf, xml }, log };
  for (const stage of planStages(options)) {
    const outcome = await runStage(stage, context);
    rows.push(...outcome.rows);
    notes.push(...outcome.notes);
  }

  notes.push(`load average at end: ${formatLoad()}`);
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`);
  const record = path.join(options.outDir, 'last-run.md');
  await writeFile(record, `${table}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`);
  log(`table also written to ${record}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: stopping the pipeline processes`);
    // Each run's own cleanup (scratch database, Redis keys) runs as its stopped children exit.
    void stopAllChildren().finally(() => setTimeout(() => process.exit(130), 5_000).unref());
  });
}

let exitCode = 0;
try {
  await main(parseBenchOptions(process.argv.slice(2), path.join(import.meta.dirname, 'out')));
} catch (error) {
  // A usage error needs its message only. Any other error keeps its stack for debugging.
  if (!(error instanceof Error)) log(String(error));
  else if (/^--|\n {2}--/.test(error.message)) log(error.message);
  else log(error.stack ?? error.message);
  exitCode = 1;
} finally {
  await stopAllChildren();
}
process.exit(exitCode);
