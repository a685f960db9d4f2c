import type { Entry } from 'yauzl';
import type { Finding } from '../checks/finding.ts';
import type { ArchiveSource } from './extract-entry.ts';
import { compressedOverArchive, unreadable } from './intake-findings.ts';

/** Bytes of an entry in the archive file, from its local header to the end of its compressed data: [start, end). */
interface EntrySpan {
  readonly start: number;
  readonly end: number;
}

/** Fixed part of a local file header. A header that cannot be read still occupies these bytes. */
const localHeaderBytes = 30;
const localHeaderSignature = 0x04034b50;
/**
 * Number of local headers read in one turn of the event loop. They lie spread over the file,
 * so each is a read of its own. Blocking reads took 45 to 80 ms for 20,001 headers, and a
 * promise per read, 32 at a time, 270 ms.
 * NOTE: measured with the archive in the page cache, as it is right after the claim hashed it.
 * On a slow disk with a cold cache, one turn could hold the event loop far longer (not measured).
 */
const headersPerTurn = 1000;

/**
 * Checks that no two entries share bytes of the archive and that their compressed sizes fit in
 * it. Entries that share one compressed stream let a small ZIP inflate the same data many
 * times, each entry staying under the per-entry compression ratio. `zipName` names a nested
 * ZIP in the reason; the outer archive is "el ZIP".
 */
export async function checkEntryLayout(source: ArchiveSource, entries: readonly Entry[], zipName?: string): Promise<Finding | null> {
  const { zip } = source;
  const subject = zipName === undefined ? 'el ZIP' : `"${zipName}"`;
  if (await entriesOverlap(source, entries)) return unreadable(`${subject} tiene entradas que comparten los mismos datos`);

  const compressedTotal = entries.reduce((sum, entry) => sum + entry.compressedSize, 0);
  if (compressedTotal > zip.fileSize) return compressedOverArchive(compressedTotal, zip.fileSize, zipName);
  return null;
}

async function entriesOverlap(source: ArchiveSource, entries: readonly Entry[]): Promise<boolean> {
  const spans: EntrySpan[] = [];
  for (let from = 0; from < entries.length; from += headersPerTurn) {
    for (const entry of entries.slice(from, from + headersPerTurn)) spans.push(spanOf(source, entry));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  spans.sort((a, b) => a.start - b.start);

  let previousEnd = 0;
  for (const span of spans) {
    if (span.start < previousEnd) return true;
    previousEnd = Math.max(previousEnd, span.end);
  }
  return false;
}

/**
 * Reads the entry's local header, the only record of where its compressed data starts. The
 * read skips the reader's 64 KiB blocks, because through them the 20,001 headers of the
 * benchmark batch read about 1.3 GB.
 */
function spanOf({ zip, reader }: ArchiveSource, entry: Entry): EntrySpan {
  const start = entry.relativeOffsetOfLocalHeader;
  const header = reader.readUncachedSync(start, localHeaderBytes);
  if (header.length === localHeaderBytes && header.readUInt32LE(0) === localHeaderSignature) {
    const dataStart = start + localHeaderBytes + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize <= zip.fileSize) return { start, end: dataStart + entry.compressedSize };
  }
  // Not a local header, or data past the end of the file. Extraction fails the same way
  // later and rejects only this entry, so here it keeps just its header.
  return { start, end: start + localHeaderBytes };
}
