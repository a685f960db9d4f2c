import { rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { demoSellers } from '../src/demo/demo-scenarios.ts';
import type { BaselineResult } from './baseline.ts';
import type { BenchBatch } from './bench-batch.ts';
import type { BenchOptions } from './bench-options.ts';
import { writeLargeArchive } from './large-archive.ts';
import { runPipeline, type PipelineRunResult } from './pipeline-run.ts';
import { megabytes } from './proc-memory.ts';
import type { TableRow } from './result-table.ts';

/** Goals from the benchmark's specification; a stage without a goal is reported only. */
const goals = { pdfRatio: 0.8, xmlRatio: 0.5, intakeShare: 0.05, peakRssBytes: 512 * 1024 ** 2 };

export interface Stage {
  readonly key: string;
  readonly label: string;
  readonly batch: 'pdf' | 'xml' | 'large';
  readonly database: 'sqlite' | 'postgres';
  readonly extraWorkers: number;
  /** Goals this stage is held to. */
  readonly checks: { readonly ratio: boolean; readonly intake: boolean; readonly rss: boolean };
}

export interface StageContext {
  readonly options: BenchOptions;
  readonly batch: BenchBatch;
  readonly baselines: { readonly pdf: BaselineResult; readonly xml: BaselineResult };
  readonly log: (line: string) => void;
}

const all = { ratio: true, intake: true, rss: true };
const none = { ratio: false, intake: false, rss: false };

/** Lists the end-to-end runs the options select, in the order they run. */
export function planStages(options: BenchOptions): Stage[] {
  const stages: Stage[] = [{ key: 'pdf', label: 'end to end PDF+XML, SQLite, 1 process', batch: 'pdf', database: 'sqlite', extraWorkers: 0, checks: all }];
  if (!options.skipXml) stages.push({ key: 'xml', label: 'end to end XML only, SQLite, 1 process', batch: 'xml', database: 'sqlite', extraWorkers: 0, checks: { ratio: true, intake: false, rss: false } });
  if (!options.skipLargeArchive) stages.push({ key: 'large', label: `end to end ${options.archiveBytes / 1024 ** 3} GB archive, SQLite, 1 process`, batch: 'large', database: 'sqlite', extraWorkers: 0, checks: { ratio: false, intake: false, rss: true } });
  if (!options.skipScaling) {
    stages.push({ key: 'sqlite2', label: 'end to end PDF+XML, SQLite, start + 1 worker', batch: 'pdf', database: 'sqlite', extraWorkers: 1, checks: none });
    if (!options.skipPostgres) {
      stages.push({ key: 'pg1', label: 'end to end PDF+XML, PostgreSQL, 1 process', batch: 'pdf', database: 'postgres', extraWorkers: 0, checks: none });
      stages.push({ key: 'pg2', label: 'end to end PDF+XML, PostgreSQL, start + 1 worker', batch: 'pdf', database: 'postgres', extraWorkers: 1, checks: none });
    }
  }
  return options.only.length === 0 ? stages : stages.filter((stage) => options.only.includes(stage.key));
}

/** Runs one stage; a failure becomes a row and a note, so the other stages still run. */
export async function runStage(stage: Stage, context: StageContext): Promise<{ rows: TableRow[]; notes: string[] }> {
  context.log(`${stage.label} ...`);
  try {
    const result = await runWithZip(stage, context);
    context.log(`${stage.label}: ${(context.batch.count / result.seconds).toFixed(0)} receipts/s, queued after ${result.queuedSeconds.toFixed(1)} s`);
    return { rows: rowsOf(stage, result, context), notes: [noteOf(stage, result, context.batch.count)] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${stage.label} failed: ${message}`);
    const failed: TableRow = { stage: stage.label, receipts: null, seconds: null, perSecond: null, ratio: null, peakRss: null, goal: 'run completes', met: false };
    return { rows: [failed], notes: [`${stage.label}: failed: ${message.split('\n')[0]}`] };
  }
}

async function runWithZip(stage: Stage, context: StageContext): Promise<PipelineRunResult> {
  const { batch, options } = context;
  if (stage.batch !== 'large') return runOn(stage, context, stage.batch === 'pdf' ? batch.pdfZip : batch.xmlZip);

  const zipPath = path.join(options.outDir, `lote-grande-${batch.count}.zip`);
  const { bavail, bsize } = await statfs(options.outDir);
  // The archive, its extracted entries and the stored receipts are on this disk at once.
  const needed = options.archiveBytes * 2.5;
  if (bavail * bsize < needed) throw new Error(`needs ${megabytes(needed)} free in ${options.outDir}, has ${megabytes(bavail * bsize)}`);
  try {
    context.log(`writing ${megabytes(options.archiveBytes)} archive ${zipPath} ...`);
    const { fillerEntries } = await writeLargeArchive(batch, zipPath, options.archiveBytes);
    context.log(`archive written with ${fillerEntries} filler entries of 16 MiB`);
    return await runOn(stage, context, zipPath);
  } finally {
    await rm(zipPath, { force: true });
  }
}

function runOn(stage: Stage, context: StageContext, zipPath: string): Promise<PipelineRunResult> {
  const { options, batch } = context;
  return runPipeline({
    name: stage.key,
    zipPath,
    sellersCsv: batch.sellersCsv,
    ordersCsv: batch.ordersCsv,
    sellerId: demoSellers[0]!.id,
    extraWorkers: stage.extraWorkers,
    database: stage.database,
    outDir: options.outDir,
    redisUrl: options.redisUrl,
    postgresAdminUrl: options.postgresAdminUrl,
    timeoutMs: 120_000 + batch.count * 50,
    nodeFlags: [...(options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.outDir, 'profiles')}`] : []), ...options.nodeFlags],
    keepScratch: options.keepScratch,
    pipelineBin: options.pipelineBin,
    log: context.log,
  });
}

function rowsOf(stage: Stage, result: PipelineRunResult, context: StageContext): TableRow[] {
  const baseline = stage.batch === 'xml' ? context.baselines.xml : context.baselines.pdf;
  const receipts = context.batch.count;
  const perSecond = receipts / result.seconds;
  const ratio = perSecond / baseline.perSecond;
  const ratioGoal = stage.batch === 'xml' ? goals.xmlRatio : goals.pdfRatio;
  const peak = Math.max(...result.processes.map((p) => p.peakRssBytes ?? 0));
  const share = result.queuedSeconds / result.seconds;
  const rows: TableRow[] = [
    {
      stage: stage.label,
      receipts,
      seconds: result.seconds,
      perSecond,
      ratio: ratio.toFixed(2),
      peakRss: megabytes(peak),
      goal: stage.checks.ratio ? `>= ${ratioGoal.toFixed(2)}` : null,
      met: stage.checks.ratio ? ratio >= ratioGoal : null,
    },
    { stage: '  intake (landing to all jobs queued)', receipts, seconds: result.queuedSeconds, perSecond: null, ratio: `${(share * 100).toFixed(1)} % of total`, peakRss: null, goal: stage.checks.intake ? '< 5 %' : null, met: stage.checks.intake ? share < goals.intakeShare : null },
  ];
  if (stage.checks.rss) rows.push({ stage: '  peak RSS, largest process', receipts: null, seconds: null, perSecond: null, ratio: null, peakRss: megabytes(peak), goal: '< 512 MB', met: peak < goals.peakRssBytes });
  return rows;
}

function noteOf(stage: Stage, result: PipelineRunResult, receipts: number): string {
  const processes = result.processes
    .map((p) => `${p.role} ${p.peakRssBytes === null ? '?' : megabytes(p.peakRssBytes)}, ${p.cpuSeconds === null ? '?' : ((p.cpuSeconds * 1000) / receipts).toFixed(1)} ms CPU per receipt`)
    .join('; ');
  const verdicts = `${result.accepted} accepted, ${result.rejected} rejected of ${result.total} (status ${result.status}; ${receipts} expected accepted)`;
  return `${stage.label}: ${verdicts}; claimed ${result.claimedSeconds.toFixed(1)} s after landing; per process: ${processes}`;
}
