import { rm } from 'node:fs/promises';
import type { Entry } from 'yauzl';
import type { Finding } from '../checks/finding.ts';
import type { ArchiveEntryLocation, EntryDamage } from './archive-entry.ts';
import type { BatchFile } from './batch-plan.ts';
import { ByteLimitError, CrcMismatchError, type ByteLimit } from './byte-meter.ts';
import { checkEntryLayout } from './entry-layout.ts';
import { extensionOf, stemOf } from './entry-name.ts';
import { EntrySizeError, extractEntry, type ArchiveSource, type ExtractOutcome } from './extract-entry.ts';
import type { ExtractionPool } from './extraction-pool.ts';
import type { RejectedFile } from './file-lookup.ts';
import type { FileStore, StoredSlot } from './file-store.ts';
import { damagedEntry, fileTooLarge, limitExceeded, type Limits, typeUnsupported, unreadable, unsafePath } from './intake-findings.ts';
import { openArchive, scanEntries, type PlannedEntry } from './open-archive.ts';
import type { EntryAction, NestedKind } from './plan-entry.ts';
import { isCdrName } from './sunat-names.ts';

export interface ExtractContext {
  readonly store: FileStore;
  readonly limits: Limits;
  /** Shared by the whole batch, nested ZIPs included, so the limits on parallel work and inflated bytes cover all of it. */
  readonly pool: ExtractionPool;
}

/** Files and rejections from some entries of an archive, in archive order, or the whole-batch failure that stopped them. */
export interface ExtractedEntries {
  readonly files: readonly BatchFile[];
  readonly rejected: readonly RejectedFile[];
  readonly failure: readonly Finding[] | null;
}

export type ExtractAction = Extract<EntryAction, { kind: 'extract' }>;

const nothing: ExtractedEntries = { files: [], rejected: [], failure: null };

function rejectedEntry(originalName: string, findings: readonly Finding[]): ExtractedEntries {
  return { ...nothing, rejected: [{ originalName, findings }] };
}

/**
 * Extracts the planned entries, several at a time, and returns their files and rejections
 * in archive order. Stored names are handed out in archive order before each entry starts,
 * so they are the same as when entries ran one by one. Entries after a nested ZIP wait for
 * it, because the XML inside takes the names that come next. After a whole-batch failure or
 * an error no further entry starts, and the first one in archive order wins once the
 * running ones have finished. With `leaveReceipts`, receipt files are not extracted: each
 * gets its stored name and the location of its data (see staysInArchive).
 */
export async function extractPlanned(source: ArchiveSource, planned: readonly PlannedEntry[], context: ExtractContext, leaveReceipts = false): Promise<ExtractedEntries> {
  const outcomes: Promise<ExtractedEntries>[] = [];
  let stopped = false;
  for (const { entry, action } of planned) {
    if (stopped) break;
    if (action.kind === 'reject') outcomes.push(Promise.resolve(rejectedEntry(action.name, action.findings)));
    if (action.kind !== 'extract') continue;
    if (leaveReceipts && staysInArchive(action)) {
      outcomes.push(Promise.resolve(leftInArchive(entry, action, context.store)));
      continue;
    }

    const { outcome } = await startEntry(source, entry, action, context);
    outcome.then(
      (extracted) => (stopped ||= extracted.failure !== null),
      () => (stopped = true),
    );
    outcomes.push(outcome);
    if (action.nested !== null) await outcome.catch(() => undefined);
  }
  return mergeInOrder(await Promise.allSettled(outcomes));
}

/** Checks for a receipt file: neither the manifest nor a SUNAT ZIP, which intake opens. */
export function staysInArchive(action: ExtractAction): boolean {
  return action.nested === null && action.extension !== '.csv';
}

/** Gives the entry its stored name and records where its data is, without reading it. */
function leftInArchive(entry: Entry, action: ExtractAction, store: FileStore): ExtractedEntries {
  const slot = store.allocate(action.extension);
  const archiveEntry: ArchiveEntryLocation = {
    localHeaderOffset: entry.relativeOffsetOfLocalHeader,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    crc32: entry.crc32,
    compressionMethod: entry.compressionMethod,
  };
  return { ...nothing, files: [{ originalName: action.name, storedPath: slot.storedPath, size: entry.uncompressedSize, archiveEntry }] };
}

/** Joins the entries' results in archive order up to the first failure, and throws the first error again. */
function mergeInOrder(settled: readonly PromiseSettledResult<ExtractedEntries>[]): ExtractedEntries {
  const files: BatchFile[] = [];
  const rejected: RejectedFile[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    if (result.value.failure) return { files, rejected, failure: result.value.failure };
    files.push(...result.value.files);
    rejected.push(...result.value.rejected);
  }
  return { files, rejected, failure: null };
}

/** Takes the entry's stored name, waits for a place in the pool, and starts it. */
async function startEntry(source: ArchiveSource, entry: Entry, action: ExtractAction, context: ExtractContext): Promise<{ outcome: Promise<ExtractedEntries> }> {
  const slot = context.store.allocate(action.extension);
  const extract = (totalLimit: number) => extractEntry(source, entry, slot.absolutePath, entryLimits(entry, action, context.limits, totalLimit));
  const keptBytes = (outcome: ExtractOutcome) => (outcome.ok ? outcome.size : 0);
  const { done } = await context.pool.start(entry.uncompressedSize, extract, keptBytes);
  return { outcome: done.then((extracted) => finishEntry(extracted, entry, action, slot, context)) };
}

function entryLimits(entry: Entry, action: ExtractAction, limits: Limits, totalLimit: number): ByteLimit[] {
  return [
    { kind: 'file', maxBytes: action.maxBytes },
    { kind: 'ratio', maxBytes: Math.max(entry.compressedSize, 1) * limits.compressionRatio },
    { kind: 'total', maxBytes: totalLimit },
  ];
}

/** Turns an extracted entry into its file, its rejection, or the XML of a nested ZIP. */
async function finishEntry(outcome: ExtractOutcome, entry: Entry, action: ExtractAction, slot: StoredSlot, context: ExtractContext): Promise<ExtractedEntries> {
  if (!outcome.ok) {
    const failed = failureFinding(action, entry, outcome.error, context.limits);
    if (failed.scope === 'batch') return { ...nothing, failure: [failed.finding] };
    return rejectedEntry(action.name, [failed.finding]);
  }
  if (action.nested === null) return { ...nothing, files: [{ originalName: action.name, storedPath: slot.storedPath, size: outcome.size }] };
  try {
    return await readNested(slot.absolutePath, action.name, action.nested, context);
  } finally {
    // The nested ZIP was only a carrier: its XML is what the batch keeps.
    await rm(slot.absolutePath, { force: true });
  }
}

/** Maps a failed extraction to its finding, and to whether it stops the whole batch. */
function failureFinding(action: ExtractAction, entry: Entry, error: Error, limits: Limits): { scope: 'entry' | 'batch'; finding: Finding } {
  const { name } = action;
  if (error instanceof ByteLimitError) {
    const seen = error.bytesSeen;
    if (error.limit.kind === 'total') {
      // The entry's total limit is what the batch had left, so the bytes kept before it are the difference.
      const keptBefore = limits.uncompressedBytes - error.limit.maxBytes;
      return { scope: 'batch', finding: limitExceeded('uncompressedBytes', keptBefore + seen, limits.uncompressedBytes) };
    }
    if (error.limit.kind === 'ratio') {
      const ratio = Math.ceil(seen / Math.max(entry.compressedSize, 1));
      return { scope: 'entry', finding: limitExceeded('compressionRatio', ratio, limits.compressionRatio, name) };
    }
    const tooLarge = action.extension === '.csv' ? limitExceeded('manifestBytes', seen, action.maxBytes) : fileTooLarge(name, seen, action.maxBytes);
    return { scope: 'entry', finding: tooLarge };
  }
  return { scope: 'entry', finding: damagedEntry(name, damageOf(error), error) };
}

function damageOf(error: Error): EntryDamage | null {
  if (error instanceof CrcMismatchError) return 'crc';
  // yauzl 3.4 words its size checks "too many bytes in the stream" and "not enough bytes in the stream".
  if (error instanceof EntrySizeError || /bytes in the stream/.test(error.message)) return 'size';
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return 'data';
  return null;
}

/** Checks whether an entry of a nested SUNAT ZIP is the XML the batch keeps from it. */
function isKeptXml(kind: NestedKind, zipName: string, entryName: string): boolean {
  if (extensionOf(entryName) !== '.xml') return false;
  if (kind === 'cdr') return isCdrName(entryName);
  return stemOf(entryName).toUpperCase() === stemOf(zipName).toUpperCase();
}

/**
 * Opens a SUNAT ZIP found in the batch and extracts its XML under the same rules. Problems
 * with it are one RejectedFile for the ZIP; a traversal name inside still rejects the batch.
 */
export async function readNested(zipPath: string, zipName: string, kind: NestedKind, context: ExtractContext): Promise<ExtractedEntries> {
  const reject = (finding: Finding): ExtractedEntries => rejectedEntry(zipName, [finding]);
  const opened = await openArchive(zipPath);
  if (!opened.ok) return reject(unreadable(`"${zipName}": ${opened.reason}`, opened.error));

  const { zip } = opened;
  try {
    if (zip.entryCount > context.limits.archiveEntries) return reject(limitExceeded('archiveEntries', zip.entryCount, context.limits.archiveEntries, zipName));
    const scan = await scanEntries(zip, context.limits, false);
    if (!scan.ok) return reject(unreadable(`el índice de "${zipName}" está dañado`, scan.error));
    const layout = await checkEntryLayout(opened, scan.planned.map(({ entry }) => entry), zipName);
    if (layout) return reject(layout);

    const traversals = scan.planned.flatMap(({ action }) => (action.kind === 'traversal' ? [unsafePath(`${zipName}/${action.name}`)] : []));
    if (traversals.length > 0) return { ...nothing, failure: traversals };

    const xmlEntries = scan.planned.flatMap(({ entry, action }) =>
      (action.kind === 'extract' || action.kind === 'reject') && isKeptXml(kind, zipName, action.name)
        ? [{ entry, action: { ...action, name: `${zipName}/${action.name}` } }]
        : [],
    );
    if (xmlEntries.length === 0) return reject(typeUnsupported(zipName, kind === 'cdr' ? 'un ZIP sin XML R-*.xml' : `un ZIP sin "${stemOf(zipName)}.xml"`));
    return await extractPlanned(opened, xmlEntries, context);
  } finally {
    zip.close();
  }
}
