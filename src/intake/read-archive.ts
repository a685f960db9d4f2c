import { open, rm, stat } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Finding } from '../checks/finding.ts';
import type { BatchFile } from './batch-plan.ts';
import { ByteLimitError, CrcMismatchError, type ByteLimit } from './byte-meter.ts';
import { checkEntryLayout } from './entry-layout.ts';
import { extensionOf, stemOf } from './entry-name.ts';
import { extractEntry } from './extract-entry.ts';
import type { RejectedFile } from './file-lookup.ts';
import type { FileStore } from './file-store.ts';
import { entryUnreadable, fileTooLarge, limitExceeded, type Limits, typeUnsupported, unreadable, unsafePath } from './intake-findings.ts';
import { planEntry, type EntryAction, type NestedKind } from './plan-entry.ts';
import { isCdrName } from './sunat-names.ts';

/** Files extracted from an archive and the entries left out, or a whole-batch rejection. */
export type ArchiveResult =
  | { readonly ok: true; readonly files: readonly BatchFile[]; readonly rejected: readonly RejectedFile[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

interface ExtractContext {
  readonly store: FileStore;
  readonly limits: Limits;
  /** Bytes inflated so far in this batch, nested ZIPs included. */
  inflatedBytes: number;
  readonly files: BatchFile[];
  readonly rejected: RejectedFile[];
}

type ExtractAction = Extract<EntryAction, { kind: 'extract' }>;

interface PlannedEntry {
  readonly entry: Entry;
  readonly action: EntryAction;
}

/**
 * Streams every entry of a ZIP to `<workDir>/files/` under generated names.
 *
 * These problems reject the whole batch, and nothing is kept:
 * - a file that is not a ZIP, or a damaged or truncated central directory (BATCH_UNREADABLE);
 * - entries that overlap, sharing a local header or compressed data (BATCH_UNREADABLE);
 * - a path-traversal name, in the archive or in a nested ZIP (BATCH_UNSAFE_PATH);
 * - archive size, entry count or total uncompressed size over the limits, or compressed sizes
 *   that add up to more than the archive (BATCH_LIMITS_EXCEEDED).
 * Other problems reject one entry each while the other entries go on: symbolic links
 * (BATCH_UNSAFE_PATH), encrypted or damaged entries (BATCH_UNREADABLE), a compression ratio
 * over the limit (BATCH_LIMITS_EXCEEDED), a file over receiptFileBytes
 * (FILE_EMPTY_OR_TOO_LARGE) and ZIPs other than SUNAT ones (FILE_TYPE_UNSUPPORTED).
 * SUNAT ZIPs (`R-*.zip` CDRs and `{RUC}-{type}-{series}-{number}.zip` receipts) are opened
 * one level deep, and only their XML is kept.
 *
 * Throws only for failures of our own disk, which a retry can fix.
 */
export async function readArchive(archivePath: string, store: FileStore, limits: Limits): Promise<ArchiveResult> {
  const { size } = await stat(archivePath);
  if (size > limits.archiveBytes) return { ok: false, findings: [limitExceeded('archiveBytes', size, limits.archiveBytes)] };

  const opened = await openArchive(archivePath);
  if (!opened.ok) return { ok: false, findings: [unreadable(opened.reason, opened.error)] };

  const context: ExtractContext = { store, limits, inflatedBytes: 0, files: [], rejected: [] };
  try {
    const failure = await readOuterEntries(opened.zip, context);
    if (failure) return { ok: false, findings: failure };
    return { ok: true, files: context.files, rejected: context.rejected };
  } finally {
    opened.zip.close();
  }
}

async function readOuterEntries(zip: ZipFile, context: ExtractContext): Promise<Finding[] | null> {
  const { limits } = context;
  if (zip.entryCount > limits.archiveEntries) return [limitExceeded('archiveEntries', zip.entryCount, limits.archiveEntries)];

  const scan = await scanEntries(zip, limits, true);
  if (!scan.ok) return [unreadable('el índice del ZIP está dañado', scan.error)];
  const layout = await checkEntryLayout(zip, scan.planned.map(({ entry }) => entry));
  if (layout) return [layout];

  const traversals = scan.planned.flatMap(({ action }) => (action.kind === 'traversal' ? [unsafePath(action.name)] : []));
  if (traversals.length > 0) return traversals;

  const declaredTotal = scan.planned.reduce((sum, { entry, action }) => sum + (action.kind === 'extract' ? entry.uncompressedSize : 0), 0);
  if (declaredTotal > limits.uncompressedBytes) return [limitExceeded('uncompressedBytes', declaredTotal, limits.uncompressedBytes)];

  return extractPlanned(zip, scan.planned, context);
}

type OpenResult = { readonly ok: true; readonly zip: ZipFile } | { readonly ok: false; readonly reason: string; readonly error: unknown };

async function openArchive(archivePath: string): Promise<OpenResult> {
  try {
    const zip = await yauzl.openPromise(archivePath, { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true });
    // eachEntry() passes scan errors to its caller; this listener only keeps a late error (on close) from becoming an uncaught 'error' event.
    zip.on('error', () => undefined);
    return { ok: true, zip };
  } catch (error) {
    if (error instanceof Error && 'syscall' in error) throw error;
    return { ok: false, reason: await describeBadArchive(archivePath), error };
  }
}

/** Tells an empty file and a non-ZIP apart from a damaged or truncated ZIP, for the seller's report. */
async function describeBadArchive(archivePath: string): Promise<string> {
  const handle = await open(archivePath, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead === 0) return 'el archivo está vacío';
    if (buffer.toString('latin1') !== 'PK') return 'el archivo no es un ZIP';
    return 'el ZIP está incompleto o dañado';
  } finally {
    await handle.close();
  }
}

type ScanResult = { readonly ok: true; readonly planned: PlannedEntry[] } | { readonly ok: false; readonly error: unknown };

/** Reads the central directory once; each entry gets its action before any data is read. */
async function scanEntries(zip: ZipFile, limits: Limits, allowNested: boolean): Promise<ScanResult> {
  const planned: PlannedEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) planned.push({ entry, action: planEntry(entry, limits, allowNested) });
  } catch (error) {
    return { ok: false, error };
  }
  return { ok: true, planned };
}

/** Extracts the planned entries in archive order; returns findings when the whole batch must stop. */
async function extractPlanned(zip: ZipFile, planned: readonly PlannedEntry[], context: ExtractContext): Promise<Finding[] | null> {
  for (const { entry, action } of planned) {
    if (action.kind === 'reject') context.rejected.push({ originalName: action.name, findings: action.findings });
    if (action.kind !== 'extract') continue;
    const failure = await extractOne(zip, entry, action, context);
    if (failure) return failure;
  }
  return null;
}

async function extractOne(zip: ZipFile, entry: Entry, action: ExtractAction, context: ExtractContext): Promise<Finding[] | null> {
  const { limits } = context;
  const slot = context.store.allocate(action.extension);
  const byteLimits: ByteLimit[] = [
    { kind: 'file', maxBytes: action.maxBytes },
    { kind: 'ratio', maxBytes: Math.max(entry.compressedSize, 1) * limits.compressionRatio },
    { kind: 'total', maxBytes: limits.uncompressedBytes - context.inflatedBytes },
  ];

  const outcome = await extractEntry(zip, entry, slot.absolutePath, byteLimits);
  if (!outcome.ok) {
    const failed = failureFinding(action, entry, outcome.error, context);
    if (failed.scope === 'batch') return [failed.finding];
    context.rejected.push({ originalName: action.name, findings: [failed.finding] });
    return null;
  }
  context.inflatedBytes += outcome.size;

  if (action.nested === null) {
    context.files.push({ originalName: action.name, storedPath: slot.storedPath, size: outcome.size });
    return null;
  }
  try {
    return await readNested(slot.absolutePath, action.name, action.nested, context);
  } finally {
    // The nested ZIP was only a carrier: its XML is what the batch keeps.
    await rm(slot.absolutePath, { force: true });
  }
}

/** Maps a failed extraction to its finding, and to whether it stops the whole batch. */
function failureFinding(action: ExtractAction, entry: Entry, error: Error, context: ExtractContext): { scope: 'entry' | 'batch'; finding: Finding } {
  const { name } = action;
  const { limits } = context;
  if (error instanceof ByteLimitError) {
    const seen = error.bytesSeen;
    if (error.limit.kind === 'total') return { scope: 'batch', finding: limitExceeded('uncompressedBytes', context.inflatedBytes + seen, limits.uncompressedBytes) };
    if (error.limit.kind === 'ratio') {
      const ratio = Math.ceil(seen / Math.max(entry.compressedSize, 1));
      return { scope: 'entry', finding: limitExceeded('compressionRatio', ratio, limits.compressionRatio, name) };
    }
    const tooLarge = action.extension === '.csv' ? limitExceeded('manifestBytes', seen, action.maxBytes) : fileTooLarge(name, seen, action.maxBytes);
    return { scope: 'entry', finding: tooLarge };
  }
  return { scope: 'entry', finding: entryUnreadable(damageReason(name, error), error) };
}

function damageReason(name: string, error: Error): string {
  if (error instanceof CrcMismatchError) return `"${name}" está dañado: su CRC-32 no coincide`;
  // yauzl 3.4 words its size checks "too many bytes in the stream" and "not enough bytes in the stream".
  if (/bytes in the stream/.test(error.message)) return `el tamaño real de "${name}" no coincide con el declarado`;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return `los datos comprimidos de "${name}" están dañados`;
  return `no se pudo extraer "${name}"`;
}

/**
 * Reads a SUNAT ZIP that arrived as a loose file (next to a CSV manifest) under the same
 * rules as one found inside a batch ZIP.
 */
export async function readSunatZip(zipPath: string, zipName: string, kind: NestedKind, store: FileStore, limits: Limits): Promise<ArchiveResult> {
  const context: ExtractContext = { store, limits, inflatedBytes: 0, files: [], rejected: [] };
  const failure = await readNested(zipPath, zipName, kind, context);
  if (failure) return { ok: false, findings: failure };
  return { ok: true, files: context.files, rejected: context.rejected };
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
async function readNested(zipPath: string, zipName: string, kind: NestedKind, context: ExtractContext): Promise<Finding[] | null> {
  const reject = (finding: Finding): null => {
    context.rejected.push({ originalName: zipName, findings: [finding] });
    return null;
  };
  const opened = await openArchive(zipPath);
  if (!opened.ok) return reject(unreadable(`"${zipName}": ${opened.reason}`, opened.error));

  const { zip } = opened;
  try {
    if (zip.entryCount > context.limits.archiveEntries) return reject(limitExceeded('archiveEntries', zip.entryCount, context.limits.archiveEntries, zipName));
    const scan = await scanEntries(zip, context.limits, false);
    if (!scan.ok) return reject(unreadable(`el índice de "${zipName}" está dañado`, scan.error));
    const layout = await checkEntryLayout(zip, scan.planned.map(({ entry }) => entry), zipName);
    if (layout) return reject(layout);

    const traversals = scan.planned.flatMap(({ action }) => (action.kind === 'traversal' ? [unsafePath(`${zipName}/${action.name}`)] : []));
    if (traversals.length > 0) return traversals;

    const xmlEntries = scan.planned.flatMap(({ entry, action }) =>
      (action.kind === 'extract' || action.kind === 'reject') && isKeptXml(kind, zipName, action.name)
        ? [{ entry, action: { ...action, name: `${zipName}/${action.name}` } }]
        : [],
    );
    if (xmlEntries.length === 0) return reject(typeUnsupported(zipName, kind === 'cdr' ? 'un ZIP sin XML R-*.xml' : `un ZIP sin "${stemOf(zipName)}.xml"`));
    return await extractPlanned(zip, xmlEntries, context);
  } finally {
    zip.close();
  }
}
