import type { Entry, ZipFile } from 'yauzl';
import type { Finding } from '../checks/finding.ts';
import { compressedOverArchive, unreadable } from './intake-findings.ts';

/** Bytes of an entry in the archive file, from its local header to the end of its compressed data: [start, end). */
interface EntrySpan {
  readonly start: number;
  readonly end: number;
}

/** Fixed part of a local file header. A header that cannot be read still occupies these bytes. */
const localHeaderBytes = 30;

/**
 * Checks that no two entries share bytes of the archive and that their compressed sizes fit in
 * it. Entries that share one compressed stream let a small ZIP inflate the same data many
 * times, each entry staying under the per-entry compression ratio. `zipName` names a nested
 * ZIP in the reason; the outer archive is "el ZIP".
 */
export async function checkEntryLayout(zip: ZipFile, entries: readonly Entry[], zipName?: string): Promise<Finding | null> {
  const subject = zipName === undefined ? 'el ZIP' : `"${zipName}"`;
  if (await entriesOverlap(zip, entries)) return unreadable(`${subject} tiene entradas que comparten los mismos datos`);

  const compressedTotal = entries.reduce((sum, entry) => sum + entry.compressedSize, 0);
  if (compressedTotal > zip.fileSize) return compressedOverArchive(compressedTotal, zip.fileSize, zipName);
  return null;
}

async function entriesOverlap(zip: ZipFile, entries: readonly Entry[]): Promise<boolean> {
  const spans: EntrySpan[] = [];
  for (const entry of entries) spans.push(await spanOf(zip, entry));
  spans.sort((a, b) => a.start - b.start);

  let previousEnd = 0;
  for (const span of spans) {
    if (span.start < previousEnd) return true;
    previousEnd = Math.max(previousEnd, span.end);
  }
  return false;
}

/** Reads the entry's local header, the only record of where its compressed data starts. */
async function spanOf(zip: ZipFile, entry: Entry): Promise<EntrySpan> {
  const start = entry.relativeOffsetOfLocalHeader;
  try {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    return { start, end: fileDataStart + entry.compressedSize };
  } catch {
    // yauzl 3.4 fails here for a bad signature or data past the end of the file. Extraction
    // fails the same way later and rejects only this entry, so here it keeps just its header.
    return { start, end: start + localHeaderBytes };
  }
}
