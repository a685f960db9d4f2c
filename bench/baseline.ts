import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runToEnd } from './child-processes.ts';

export interface BaselineResult {
  readonly files: number;
  readonly processes: number;
  /** Wall time of the slowest process, its timed loop only. */
  readonly seconds: number;
  readonly perSecond: number;
  readonly maxRssBytes: number;
  readonly failures: number;
  /** CPU time of the timed loops of every process, user and system. */
  readonly cpuSeconds: number;
}

/** The last line each slice process prints, as JSON. */
export interface SliceResult {
  readonly files: number;
  readonly failures: number;
  readonly seconds: number;
  readonly maxRssBytes: number;
  readonly cpuSeconds: number;
}

/**
 * The parsing limit: the files split evenly over `processes` child processes, each reading
 * and parsing its share in a plain loop.
 */
export async function measureBaseline(mode: 'pdf' | 'xml', files: readonly string[], processes: number, scratchDir: string): Promise<BaselineResult> {
  const listFile = path.join(scratchDir, `baseline-${mode}.json`);
  await writeFile(listFile, JSON.stringify(files));
  const script = path.join(import.meta.dirname, 'baseline-slice.ts');
  return runSlices(files.length, processes, (from, to) => [script, mode, listFile, String(from), String(to)]);
}

/**
 * Splits `count` items evenly over `processes` child processes started together, each given
 * the arguments `argsOf(from, to)` for its share, and adds up what they print. The slowest
 * process's time is the wall time of the whole set.
 */
export async function runSlices(count: number, processes: number, argsOf: (from: number, to: number, index: number) => string[]): Promise<BaselineResult> {
  const slice = Math.ceil(count / processes);
  const outputs = await Promise.all(
    Array.from({ length: processes }, (_, index) => runToEnd(process.execPath, ['--import', 'tsx', ...argsOf(index * slice, Math.min(count, (index + 1) * slice), index)], {})),
  );
  const slices = outputs.map((output) => JSON.parse(output.trim().split('\n').at(-1)!) as SliceResult);
  const seconds = Math.max(...slices.map((s) => s.seconds));
  return {
    files: count,
    processes,
    seconds,
    perSecond: count / seconds,
    maxRssBytes: Math.max(...slices.map((s) => s.maxRssBytes)),
    failures: slices.reduce((sum, s) => sum + s.failures, 0),
    cpuSeconds: slices.reduce((sum, s) => sum + s.cpuSeconds, 0),
  };
}
