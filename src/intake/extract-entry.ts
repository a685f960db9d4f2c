import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import { ByteMeter, type ByteLimit } from './byte-meter.ts';

/** The entry's bytes are on disk, or the archive's data for it is bad (limit, damage). */
export type ExtractOutcome = { readonly ok: true; readonly size: number } | { readonly ok: false; readonly error: Error };

/** Node errors from the file system carry `syscall`; those are ours to retry, not the seller's. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error;
}

/**
 * Streams one entry to `destination` (which must not exist) through a ByteMeter. A bad
 * entry (limit crossed, corrupt deflate data, CRC or size mismatch, unsupported method)
 * comes back as a failed outcome and its partial file is removed. Failures of our own disk
 * (ENOSPC, EACCES, EIO) are thrown, because retrying later can fix them.
 */
export async function extractEntry(zip: ZipFile, entry: Entry, destination: string, limits: readonly ByteLimit[]): Promise<ExtractOutcome> {
  let source: Readable;
  try {
    source = await zip.openReadStreamPromise(entry);
  } catch (error) {
    if (isSystemError(error)) throw error;
    return { ok: false, error: error as Error };
  }

  const meter = new ByteMeter(limits, entry.crc32);
  const writer = createWriteStream(destination, { flags: 'wx' });
  try {
    await pipeline(source, meter, writer);
    return { ok: true, size: meter.bytes };
  } catch (error) {
    // pipeline() destroys every stream with the first error, so the writer also emits the
    // archive's errors. Only our disk's failures carry `syscall`.
    await rm(destination, { force: true });
    if (isSystemError(error)) throw error;
    return { ok: false, error: error as Error };
  }
}
