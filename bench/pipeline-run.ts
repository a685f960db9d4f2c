import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { binNodeFlags } from '../src/cli/bin-node-flags.ts';
import { openDb, sqliteFileIn, type Db } from '../src/db/connect.ts';
import { sellerFolders } from '../src/sources/folders.ts';
import { runToEnd, spawnTracked, stopChild } from './child-processes.ts';
import { cpuSecondsOf, peakRssOf } from './proc-memory.ts';
import { deleteKeysUnder } from '../src/queue/redis.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-services.ts';

export interface PipelineRunOptions {
  /** Short stage name; it appears in the scratch folder, queue prefix and database name. */
  readonly name: string;
  readonly zipPath: string;
  readonly sellersCsv: string;
  readonly ordersCsv: string;
  readonly sellerId: string;
  /** `comprobantes worker` processes started beside the `start` process (watcher and workers). */
  readonly extraWorkers: number;
  readonly database: 'sqlite' | 'postgres';
  readonly outDir: string;
  readonly redisUrl: string;
  readonly postgresAdminUrl: string;
  readonly timeoutMs: number;
  /** Node flags for the `start` and `worker` processes, such as --cpu-prof, after those of the bin's first line. */
  readonly nodeFlags: readonly string[];
  readonly keepScratch: boolean;
  /** The pipeline's bin/comprobantes.js; this checkout's when null. */
  readonly pipelineBin: string | null;
  readonly log: (line: string) => void;
}

export interface ProcessPeak {
  readonly role: string;
  readonly pid: number;
  readonly peakRssBytes: number | null;
  /** CPU time used from landing to the report, threads included; on a busy machine a steadier figure than wall time. */
  readonly cpuSeconds: number | null;
}

export interface PipelineRunResult {
  /** From the ZIP landing in entrada/ to the batch reported. */
  readonly seconds: number;
  /** From landing to the batch row (the watcher's claim, after its stability wait). */
  readonly claimedSeconds: number;
  /** From landing to every receipt job queued (batch state 'queued'). */
  readonly queuedSeconds: number;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly status: string | null;
  readonly processes: readonly ProcessPeak[];
}

const ownBinPath = path.resolve(import.meta.dirname, '../bin/comprobantes.js');
const pollMs = 50;

/**
 * Runs the pipeline end to end once, on a fresh data folder, queue prefix and database. It
 * imports the sellers and orders with the CLI, starts the pipeline processes, drops the ZIP
 * into the seller's entrada/ and waits for the report. Everything it created is removed
 * afterwards, also on failure.
 */
export async function runPipeline(options: PipelineRunOptions): Promise<PipelineRunResult> {
  const stamp = `${Date.now()}`;
  const home = path.join(options.outDir, 'runs', `${options.name}-${stamp}`);
  const prefix = `bench-${process.pid}-${options.name}-${stamp}`;
  const children: Array<{ role: string; child: ChildProcess }> = [];
  let scratchDb: ScratchDatabase | null = null;
  let db: Db | null = null;
  try {
    await mkdir(home, { recursive: true });
    if (options.database === 'postgres') {
      scratchDb = await createScratchDatabase(options.postgresAdminUrl, `bench_${process.pid}_${stamp}_${options.name.replace(/\W/g, '_')}`.toLowerCase());
    }
    const env = pipelineEnv(options, home, prefix, scratchDb?.url ?? null);
    const binPath = options.pipelineBin ?? ownBinPath;
    // The processes get the flags on the bin's first line, as `npx comprobantes` would pass them.
    const nodeFlags = [...(await binNodeFlags(binPath)), ...options.nodeFlags];
    await runToEnd(process.execPath, [binPath, 'sellers', 'import', options.sellersCsv], { env });
    await runToEnd(process.execPath, [binPath, 'orders', 'import', options.ordersCsv], { env });

    children.push({ role: 'start', child: await startProcess(binPath, nodeFlags, ['start'], env, path.join(home, 'start.log')) });
    for (let index = 0; index < options.extraWorkers; index += 1) {
      children.push({ role: `worker ${index + 1}`, child: await startProcess(binPath, nodeFlags, ['worker'], env, path.join(home, `worker-${index + 1}.log`)) });
    }
    db = await openDb({ databaseUrl: scratchDb?.url ?? null, sqliteFile: sqliteFileIn(home) });

    const zipName = path.basename(options.zipPath);
    const cpuBefore = await Promise.all(children.map(({ child }) => cpuSecondsOf(child.pid!)));
    const landed = await dropZip(options.zipPath, sellerFolders(path.join(home, 'buzones'), options.sellerId).inbox, zipName);
    const times = await waitForReport(db, zipName, landed, options.timeoutMs, children);
    const processes = await Promise.all(children.map(({ role, child }, index) => measureProcess(role, child.pid!, cpuBefore[index] ?? null)));
    const row = await db('batches').where({ file_name: zipName }).first('total', 'accepted', 'rejected', 'status');
    return { ...times, total: row.total, accepted: row.accepted, rejected: row.rejected, status: row.status, processes };
  } finally {
    await Promise.allSettled(children.map(({ child }) => stopChild(child)));
    await db?.destroy().catch(() => undefined);
    await scratchDb?.drop().catch((err: Error) => options.log(`could not drop scratch database: ${err.message}`));
    await deleteKeysUnder(options.redisUrl, prefix).catch((err: Error) => options.log(`could not delete Redis keys ${prefix}:*: ${err.message}`));
    if (!options.keepScratch) await rm(home, { recursive: true, force: true });
  }
}

async function measureProcess(role: string, pid: number, cpuAtLanding: number | null): Promise<ProcessPeak> {
  const cpuNow = await cpuSecondsOf(pid);
  const cpuSeconds = cpuNow === null || cpuAtLanding === null ? null : cpuNow - cpuAtLanding;
  return { role, pid, peakRssBytes: await peakRssOf(pid), cpuSeconds };
}

function pipelineEnv(options: PipelineRunOptions, home: string, prefix: string, databaseUrl: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COMPROBANTES_HOME: home, COMPROBANTES_QUEUE_PREFIX: prefix, REDIS_URL: options.redisUrl };
  delete env.COMPROBANTES_DROP_ROOT;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** Starts `comprobantes <args>` with its logs in logFile; resolves once it prints its start-up line. */
async function startProcess(binPath: string, nodeFlags: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): Promise<ChildProcess> {
  const child = spawnTracked(process.execPath, [...nodeFlags, binPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  let onExit: (code: number | null) => void = () => undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`comprobantes ${args.join(' ')} did not start within 60 s; see ${logFile}`)), 60_000);
    onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`comprobantes ${args.join(' ')} exited with code ${code} while starting; see ${logFile}`));
    };
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      // run-start.ts prints a line starting with "comprobantes: " to stderr once the pipeline is ready.
      if (chunk.toString('utf8').includes('comprobantes: ')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.off('exit', onExit);
  closeLogOnExit(child, log);
  return child;
}

function closeLogOnExit(child: ChildProcess, log: WriteStream): void {
  child.once('exit', () => log.end());
}

/**
 * Lands the ZIP as an SFTP client does: under a temporary name the watcher ignores, then
 * renamed. A hard link avoids copying gigabytes; the pipeline moves the link, not the cached file.
 */
async function dropZip(zipPath: string, inbox: string, zipName: string): Promise<number> {
  const partial = path.join(inbox, `${zipName}.part`);
  await link(zipPath, partial).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EXDEV') throw err;
    await copyFile(zipPath, partial);
  });
  await rename(partial, path.join(inbox, zipName));
  return performance.now();
}

async function waitForReport(db: Db, zipName: string, landed: number, timeoutMs: number, children: ReadonlyArray<{ role: string; child: ChildProcess }>) {
  let claimed: number | null = null;
  let queued: number | null = null;
  while (performance.now() - landed < timeoutMs) {
    const dead = children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
    if (dead) throw new Error(`pipeline process ${dead.role} exited (code ${dead.child.exitCode}, signal ${dead.child.signalCode}) before the report`);
    const row = await db('batches').where({ file_name: zipName }).first('state');
    const now = performance.now();
    if (row) claimed ??= now;
    if (row && row.state !== 'received') queued ??= now;
    if (row && (row.state === 'reported' || row.state === 'archived')) {
      return { seconds: (now - landed) / 1000, claimedSeconds: (claimed! - landed) / 1000, queuedSeconds: (queued! - landed) / 1000 };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`batch ${zipName} was not reported within ${timeoutMs / 1000} s`);
}
