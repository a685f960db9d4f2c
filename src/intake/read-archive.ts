import { stat } from 'node:fs/promises';
import type { Finding } from '../checks/finding.ts';
import type { BatchFile } from './batch-plan.ts';
import { checkEntryLayout } from './entry-layout.ts';
import type { ArchiveSource } from './extract-entry.ts';
import { extractPlanned, readNested, staysInArchive, type ExtractAction, type ExtractContext, type ExtractedEntries } from './extract-planned.ts';
import { ExtractionPool } from './extraction-pool.ts';
import type { RejectedFile } from './file-lookup.ts';
import type { FileStore } from './file-store.ts';
import { limitExceeded, type Limits, unreadable, unsafePath } from './intake-findings.ts';
import { openArchive, scanEntries, type PlannedEntry } from './open-archive.ts';
import type { NestedKind } from './plan-entry.ts';

/**
 * Entries extracted at the same time. Creating each file takes three thread-pool calls
 * (open, write, close), so several entries in flight keep the pool's threads busy while
 * this thread reads and inflates the next ones. NOTE: chosen by timing a 20,001-entry batch
 * on a 2-core machine, where 4 was about 40% slower than 16 and 32 or 64 no faster.
 */
const parallelExtractions = 16;

/** Files extracted from an archive and the entries left out, or a whole-batch rejection. */
export type ArchiveResult =
  | { readonly ok: true; readonly files: readonly BatchFile[]; readonly rejected: readonly RejectedFile[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

export interface ReadArchiveOptions {
  /**
   * Whether receipt files are extracted too. By default they stay in the archive for the
   * reader threads (BatchFile.archiveEntry).
   */
  readonly extractReceipts?: boolean;
}

/**
 * Reads a batch ZIP and plans every entry from the central directory. The manifest and the
 * XML of SUNAT ZIPs are extracted to `<workDir>/files/` under generated names, several at a
 * time. Receipt files stay in the archive with their stored names reserved, and each is
 * inflated when its job reads it. So intake of 20,001 entries takes about 2 s on 2 cores.
 *
 * These problems reject the whole batch, and nothing is kept:
 * - a file that is not a ZIP, or a damaged or truncated central directory (BATCH_UNREADABLE);
 * - entries that overlap, sharing a local header or compressed data (BATCH_UNREADABLE);
 * - a path-traversal name, in the archive or in a nested ZIP (BATCH_UNSAFE_PATH);
 * - archive size, entry count or total uncompressed size over the limits, or compressed sizes
 *   that add up to more than the archive (BATCH_LIMITS_EXCEEDED).
 * Other problems reject one entry each while the other entries go on: symbolic links
 * (BATCH_UNSAFE_PATH), encrypted or damaged entries (ENTRY_UNREADABLE), a compression ratio
 * over the limit (BATCH_LIMITS_EXCEEDED), a file over receiptFileBytes
 * (FILE_EMPTY_OR_TOO_LARGE) and ZIPs other than SUNAT ones (FILE_TYPE_UNSUPPORTED). Damaged
 * data in a receipt left in the archive is found when its job reads it (ENTRY_UNREADABLE).
 * SUNAT ZIPs (`R-*.zip` CDRs and `{RUC}-{type}-{series}-{number}.zip` receipts) are opened
 * one level deep, and only their XML is kept.
 *
 * Throws only for failures of our own disk, which a retry can fix.
 */
export async function readArchive(archivePath: string, store: FileStore, limits: Limits, options: ReadArchiveOptions = {}): Promise<ArchiveResult> {
  const { size } = await stat(archivePath);
  if (size > limits.archiveBytes) return { ok: false, findings: [limitExceeded('archiveBytes', size, limits.archiveBytes)] };

  const opened = await openArchive(archivePath);
  if (!opened.ok) return { ok: false, findings: [unreadable(opened.reason, opened.error)] };

  try {
    const extracted = await readOuterEntries(opened, store, limits, options.extractReceipts !== true);
    if (extracted.failure) return { ok: false, findings: extracted.failure };
    return { ok: true, files: extracted.files, rejected: extracted.rejected };
  } finally {
    opened.zip.close();
  }
}

async function readOuterEntries(source: ArchiveSource, store: FileStore, limits: Limits, leaveReceipts: boolean): Promise<ExtractedEntries> {
  const { zip } = source;
  const stop = (failure: Finding[]): ExtractedEntries => ({ files: [], rejected: [], failure });
  if (zip.entryCount > limits.archiveEntries) return stop([limitExceeded('archiveEntries', zip.entryCount, limits.archiveEntries)]);

  const scan = await scanEntries(zip, limits, true);
  if (!scan.ok) return stop([unreadable('el índice del ZIP está dañado', scan.error)]);
  const layout = await checkEntryLayout(source, scan.planned.map(({ entry }) => entry));
  if (layout) return stop([layout]);

  const traversals = scan.planned.flatMap(({ action }) => (action.kind === 'traversal' ? [unsafePath(action.name)] : []));
  if (traversals.length > 0) return stop(traversals);

  const declaredTotal = declaredBytes(scan.planned, () => true);
  if (declaredTotal > limits.uncompressedBytes) return stop([limitExceeded('uncompressedBytes', declaredTotal, limits.uncompressedBytes)]);

  // A receipt left in the archive inflates to exactly its declared size or is rejected. So its
  // declared bytes are set aside, and the files extracted now share the rest of the limit.
  const leftBytes = leaveReceipts ? declaredBytes(scan.planned, staysInArchive) : 0;
  const context: ExtractContext = { store, limits, pool: new ExtractionPool(parallelExtractions, limits.uncompressedBytes - leftBytes) };
  return extractPlanned(source, scan.planned, context, leaveReceipts);
}

/** Adds up the declared uncompressed sizes of the entries to extract that `include` accepts. */
function declaredBytes(planned: readonly PlannedEntry[], include: (action: ExtractAction) => boolean): number {
  return planned.reduce((sum, { entry, action }) => sum + (action.kind === 'extract' && include(action) ? entry.uncompressedSize : 0), 0);
}

/**
 * Reads a SUNAT ZIP that arrived as a loose file (next to a CSV manifest) under the same
 * rules as one found inside a batch ZIP.
 */
export async function readSunatZip(zipPath: string, zipName: string, kind: NestedKind, store: FileStore, limits: Limits): Promise<ArchiveResult> {
  const context: ExtractContext = { store, limits, pool: new ExtractionPool(parallelExtractions, limits.uncompressedBytes) };
  const extracted = await readNested(zipPath, zipName, kind, context);
  if (extracted.failure) return { ok: false, findings: extracted.failure };
  return { ok: true, files: extracted.files, rejected: extracted.rejected };
}
