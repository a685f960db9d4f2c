// Entry point of `npm run bench`: measures the pipeline against the parsing limit on this
// machine and prints one table. See docs/benchmarks.md for what each row means.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { redisAnswers } from '../src/queue/redis.ts';
import { measureBaseline, type BaselineResult } from './baseline.ts';
import { ensureBenchBatch, type BenchBatch } from './bench-batch.ts';
import { parseBenchOptions, type BenchOptions } from './bench-options.ts';
import { stopAllChildren } from './child-processes.ts';
import { measureFloor } from './floor.ts';
import { megabytes } from './proc-memory.ts';
import { renderTable, type TableRow } from './result-table.ts';
import { planStages, runStage, type Stage, type StageContext } from './stages.ts';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function baselineRow(label: string, result: BaselineResult): TableRow {
  return { stage: label, receipts: result.files, seconds: result.seconds, perSecond: result.perSecond, ratio: '1.00', peakRss: megabytes(result.maxRssBytes), goal: null, met: null };
}

/**
 * Measures the floor of each batch kind that an end-to-end stage will run. Each gives a row
 * with its ratio to the matching baseline, the best ratio that stage can reach, and a note
 * with its CPU per receipt beside the baseline's.
 */
async function measureFloors(stages: readonly Stage[], batch: BenchBatch, baselines: StageContext['baselines'], options: BenchOptions, cores: number) {
  const rows: TableRow[] = [];
  const notes: string[] = [];
  const kinds = [
    { kind: 'pdf', zip: batch.pdfZip, label: 'PDF+XML', baseline: baselines.pdf },
    { kind: 'xml', zip: batch.xmlZip, label: 'XML only', baseline: baselines.xml },
  ] as const;
  for (const { kind, zip, label, baseline } of kinds) {
    if (!stages.some((stage) => stage.batch === kind)) continue;
    log(`floor: ${label} receipts read from the ZIP, parsed and stored, in ${cores} processes ...`);
    const floor = await measureFloor(zip, cores, path.join(options.outDir, 'runs', `floor-${kind}-${Date.now()}`), options.keepScratch);
    log(`floor ${label}: ${floor.perSecond.toFixed(0)} receipts/s`);
    const ratio = floor.perSecond / baseline.perSecond;
    rows.push({ stage: `floor ${label}: from the ZIP, parsed and stored, ${cores} processes`, receipts: floor.files, seconds: floor.seconds, perSecond: floor.perSecond, ratio: ratio.toFixed(2), peakRss: null, goal: null, met: null });
    const perReceiptMs = (result: BaselineResult) => (result.cpuSeconds / result.files) * 1000;
    notes.push(
      `floor ${label}: ${floor.failures} receipts not stored; ${perReceiptMs(floor).toFixed(2)} ms CPU per receipt against ${perReceiptMs(baseline).toFixed(2)} ms for the baseline's parse, ` +
        `so an end-to-end run of this batch can reach about ${ratio.toFixed(2)} of the baseline at best`,
    );
  }
  return { rows, notes };
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

  const stages = planStages(options);
  const floors = await measureFloors(stages, batch, { pdf, xml }, options, cores);
  rows.push(...floors.rows);
  notes.push(...floors.notes);

  const context: StageContext = { options, batch, baselines: { pdf, xml }, log };
  for (const stage of stages) {
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
