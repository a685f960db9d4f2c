import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaults } from '../config/defaults.ts';
import type { ArchiveEntryLocation } from '../src/intake/archive-entry.ts';
import { createFileStore } from '../src/intake/file-store.ts';
import { readArchive } from '../src/intake/read-archive.ts';
import { runSlices, type BaselineResult } from './baseline.ts';

/** A receipt's files in the batch ZIP, as the floor's slices read them. */
export interface FloorReceipt {
  readonly files: ReadonlyArray<{ readonly name: string; readonly storedPath: string; readonly entry: ArchiveEntryLocation }>;
}

/**
 * Measures the floor of a ZIP batch: the work every receipt costs besides the queue, the
 * database, the checks and the report, in a plain loop, one process per core
 * (floor-slice.ts). Its ratio to the parse-only baseline is the best an end-to-end run can
 * reach. Its files go to `folder`, kept after the run with `keepFolder`.
 */
export async function measureFloor(zipPath: string, processes: number, folder: string, keepFolder: boolean): Promise<BaselineResult> {
  await rm(folder, { recursive: true, force: true });
  const receipts = await receiptsOf(zipPath, path.join(folder, 'plan'));
  const listFile = path.join(folder, 'receipts.json');
  await writeFile(listFile, JSON.stringify(receipts));
  const script = path.join(import.meta.dirname, 'floor-slice.ts');
  try {
    return await runSlices(receipts.length, processes, (from, to, index) => [script, zipPath, listFile, String(from), String(to), path.join(folder, `slice-${index}`)]);
  } finally {
    if (!keepFolder) await rm(folder, { recursive: true, force: true });
  }
}

/** Lists the ZIP with intake's own reader and pairs each receipt's files by name. */
async function receiptsOf(zipPath: string, workDir: string): Promise<FloorReceipt[]> {
  await mkdir(workDir, { recursive: true });
  const listed = await readArchive(zipPath, await createFileStore(workDir), defaults.limits);
  if (!listed.ok) throw new Error(`intake rejected the bench batch ${zipPath}: ${JSON.stringify(listed.findings)}`);
  const byReceipt = new Map<string, FloorReceipt['files'][number][]>();
  for (const file of listed.files) {
    if (!file.archiveEntry) continue;
    const base = file.originalName.replace(/\.(pdf|xml)$/i, '');
    const files = byReceipt.get(base) ?? [];
    files.push({ name: file.originalName, storedPath: file.storedPath, entry: file.archiveEntry });
    byReceipt.set(base, files);
  }
  return [...byReceipt.values()].map((files) => ({ files }));
}
