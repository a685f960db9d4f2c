import { open } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ArchiveSource } from './extract-entry.ts';
import type { Limits } from './intake-findings.ts';
import { planEntry, type EntryAction } from './plan-entry.ts';
import { ZipFileReader } from './zip-file-reader.ts';

export interface PlannedEntry {
  readonly entry: Entry;
  readonly action: EntryAction;
}

type OpenResult = ({ readonly ok: true } & ArchiveSource) | { readonly ok: false; readonly reason: string; readonly error: unknown };

/**
 * Opens a ZIP for reading its entries in parallel. A file that is not a readable ZIP comes
 * back with a Spanish reason for the seller; failures of our own disk are thrown.
 */
export async function openArchive(archivePath: string): Promise<OpenResult> {
  const reader = await ZipFileReader.open(archivePath);
  try {
    const zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.fileSize, { decodeStrings: false, autoClose: false, validateEntrySizes: true });
    // eachEntry() passes scan errors to its caller; this listener only keeps a late error (on close) from becoming an uncaught 'error' event.
    zip.on('error', () => undefined);
    return { ok: true, zip, reader };
  } catch (error) {
    // yauzl 3.4 releases the reader only through ZipFile.close(), so a failed open closes it here.
    await new Promise<void>((resolve) => reader.close(() => resolve()));
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
export async function scanEntries(zip: ZipFile, limits: Limits, allowNested: boolean): Promise<ScanResult> {
  const planned: PlannedEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) planned.push({ entry, action: planEntry(entry, limits, allowNested) });
  } catch (error) {
    return { ok: false, error };
  }
  return { ok: true, planned };
}
