import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataFolders, sellerFolders } from '../sources/folders.ts';
import type { BatchReport } from './batch-report.ts';

export interface WrittenReport {
  /** The seller's copy, in `<dropRoot>/<sellerId>/reportes/<batchId>/`. */
  readonly csv: string;
  readonly json: string;
  /** The ops copy, in `<home>/reportes/<sellerId>/<batchId>/`. */
  readonly opsDir: string;
}

/** Writes under a temporary name and renames, so a reader never sees half a report. */
async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export async function writeBatchReport(
  where: { readonly home: string; readonly dropRoot: string },
  report: BatchReport,
  csv: string,
): Promise<WrittenReport> {
  const sellerDir = path.join(sellerFolders(where.dropRoot, report.seller).reports, report.batchId);
  const opsDir = path.join(dataFolders(where.home).opsReports, report.seller, report.batchId);
  const written: WrittenReport = { csv: path.join(sellerDir, 'rechazos.csv'), json: path.join(sellerDir, 'resultado.json'), opsDir };
  // Paths relative to the seller's folder: the file goes to the seller, who has no business
  // knowing the server's layout.
  const sellerRoot = sellerFolders(where.dropRoot, report.seller).root;
  const reports = { csv: path.relative(sellerRoot, written.csv), json: path.relative(sellerRoot, written.json) };
  const opsJson = `${JSON.stringify({ ...report, reports }, null, 2)}\n`;
  const sellerJson = `${JSON.stringify({ ...report, reports }, withoutLibraryErrors, 2)}\n`;
  for (const [dir, json] of [[opsDir, opsJson], [sellerDir, sellerJson]] as const) {
    await writeAtomically(path.join(dir, 'rechazos.csv'), csv);
    await writeAtomically(path.join(dir, 'resultado.json'), json);
  }
  return written;
}

/**
 * Drops the `error` detail (a library's English message, kept for ops) from every finding of
 * the seller's copy. The Spanish `reason` beside it gives the seller the same fact.
 */
function withoutLibraryErrors(key: string, value: unknown): unknown {
  if (key !== 'details' || value === null || typeof value !== 'object' || !('error' in value)) return value;
  const { error: _error, ...rest } = value as Record<string, unknown>;
  return rest;
}
