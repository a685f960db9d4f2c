import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchPlan } from './batch-plan.ts';
import { extensionOf } from './entry-name.ts';
import { clearFileStore, createFileStore, type FileStore } from './file-store.ts';
import { limitExceeded, type Limits, unreadable } from './intake-findings.ts';
import { takeLooseFiles } from './loose-files.ts';
import { planBatch } from './plan-batch.ts';
import { readArchive } from './read-archive.ts';
import { readManifest } from './read-manifest.ts';

export { manifestFileNames } from './read-manifest.ts';

/** A claimed batch: a ZIP, or a CSV manifest whose files the watcher moved into `filesDir`. */
export type IntakeInput =
  | { readonly kind: 'zip'; readonly archivePath: string }
  | { readonly kind: 'csv'; readonly manifestPath: string; readonly filesDir: string; readonly fileNames: readonly string[] };

/**
 * Takes a batch into `<workDir>/files/` and plans its receipts. Problems with the seller's
 * files come back in the plan; a whole-batch rejection leaves no files behind. Throws only
 * when our own disk fails (a retry may then succeed).
 */
export async function intakeBatch(input: IntakeInput, workDir: string, limits: Limits): Promise<BatchPlan> {
  const store = await createFileStore(workDir);
  const plan = input.kind === 'zip' ? await intakeArchive(input.archivePath, store, limits) : await intakeLooseCsv(input, store, limits);
  if (!plan.ok) await clearFileStore(store);
  return plan;
}

const isCsvName = (name: string): boolean => extensionOf(name) === '.csv';

/** Plans a ZIP batch. The ZIP may contain one CSV, its manifest; without one, files are paired by name. */
async function intakeArchive(archivePath: string, store: FileStore, limits: Limits): Promise<BatchPlan> {
  const archive = await readArchive(archivePath, store, limits);
  if (!archive.ok) return archive;

  const manifests = archive.files.filter((file) => isCsvName(file.originalName));
  const rejectedManifests = archive.rejected.filter((rejected) => isCsvName(rejected.originalName));
  const csvNames = [...manifests, ...rejectedManifests].map((file) => file.originalName);
  if (csvNames.length > 1) {
    return { ok: false, findings: [unreadable(`el ZIP contiene ${csvNames.length} archivos CSV (${csvNames.join(', ')}) y debe tener un solo manifiesto`)] };
  }
  if (rejectedManifests[0]) return { ok: false, findings: rejectedManifests[0].findings };

  const manifestFile = manifests[0];
  const manifest = manifestFile ? readManifest(await readFile(path.join(store.workDir, manifestFile.storedPath))) : null;
  return planBatch({
    manifest,
    files: archive.files.filter((file) => file !== manifestFile),
    rejectedFiles: archive.rejected,
  });
}

async function intakeLooseCsv(input: Extract<IntakeInput, { kind: 'csv' }>, store: FileStore, limits: Limits): Promise<BatchPlan> {
  const status = await lstat(input.manifestPath);
  if (!status.isFile()) return { ok: false, findings: [unreadable('el manifiesto no es un archivo normal')] };
  if (status.size > limits.manifestBytes) return { ok: false, findings: [limitExceeded('manifestBytes', status.size, limits.manifestBytes)] };

  // Checked again after reading, in case the file grew after the lstat.
  const bytes = await readFile(input.manifestPath);
  if (bytes.length > limits.manifestBytes) return { ok: false, findings: [limitExceeded('manifestBytes', bytes.length, limits.manifestBytes)] };
  const manifest = readManifest(bytes);
  if (!manifest.ok) return manifest;

  const loose = await takeLooseFiles(input.filesDir, input.fileNames, store, limits);
  if (!loose.ok) return loose;
  return planBatch({ manifest, files: loose.files, rejectedFiles: loose.rejected });
}
