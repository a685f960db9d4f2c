import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runToEnd } from './child-processes.ts';

export interface BaselineResult {
  readonly files: number;
  readonly processes: number;
  /** Wall time of the slowest process, parsing only. */
  readonly seconds: number;
  readonly perSecond: number;
  readonly maxRssBytes: number;
  readonly failures: number;
}

interface SliceResult {
  readonly files: number;
  readonly failures: number;
  readonly seconds: number;
  readonly maxRssBytes: number;
}

/**
 * The parsing limit: the files split evenly over `processes` child processes, each reading
 * and parsing its share in a plain loop. All processes start together, so the slowest one's
 * time is the wall time of the whole set.
 */
export async function measureBaseline(mode: 'pdf' | 'xml', files: readonly string[], processes: number, scratchDir: string): Promise<BaselineResult> {
  const listFile = path.join(scratchDir, `baseline-${mode}.json`);
  await writeFile(listFile, JSON.stringify(files));
  const slice = Math.ceil(files.length / processes);
  const script = path.join(import.meta.dirname, 'baseline-slice.ts');
  const outputs = await Promise.all(
    Array.from({ length: processes }, (_, index) =>
      runToEnd(process.execPath, ['--import', 'tsx', script, mode, listFile, String(index * slice), String(Math.min(files.length, (index + 1) * slice))], {}),
    ),
  );
  const slices = outputs.map((output) => JSON.parse(output.trim().split('\n').at(-1)!) as SliceResult);
  const seconds = Math.max(...slices.map((s) => s.seconds));
  return {
    files: files.length,
    processes,
    seconds,
    perSecond: files.length / seconds,
    maxRssBytes: Math.max(...slices.map((s) => s.maxRssBytes)),
    failures: slices.reduce((sum, s) => sum + s.failures, 0),
  };
}
