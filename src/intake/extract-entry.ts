import { createWriteStream, writeFile } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { ByteLimitError, ByteMeter, CrcMismatchError, type ByteLimit } from './byte-meter.ts';
import type { ZipFileReader } from './zip-file-reader.ts';

/** The entry's bytes are on disk, or the archive's data for it is bad (limit, damage). */
export type ExtractOutcome = { readonly ok: true; readonly size: number } | { readonly ok: false; readonly error: Error };

/** An opened ZIP and the reader under it, which the in-memory path reads directly. */
export interface ArchiveSource {
  readonly zip: ZipFile;
  readonly reader: ZipFileReader;
}

/**
 * Entries declared up to this size are inflated in memory and written with one call, which
 * costs far less than a chain of streams per entry. Larger entries stream, so memory stays
 * under the number of parallel extractions times this size (twice, compressed and inflated).
 */
export const inMemoryMaxBytes = 1024 * 1024;

/** Raised when an entry inflates to more or fewer bytes than its central directory record declares. */
export class EntrySizeError extends Error {
  override readonly name = 'EntrySizeError';
  constructor(
    readonly declared: number,
    readonly actual: number,
  ) {
    super(actual > declared ? `entry inflates to more than its declared ${declared} bytes` : `entry inflates to only ${actual} of its declared ${declared} bytes`);
  }
}

const stored = 0;
const deflated = 8;
const encryptedFlag = 0x1;
// The callback API: fs.promises.writeFile opens a FileHandle and awaits three promises per file.
const writeNewFile = promisify(writeFile);

/** Node errors from the file system carry `syscall`; those are ours to retry, not the seller's. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error;
}

/**
 * Extracts one entry to `destination` (which must not exist) under `limits`. A bad entry
 * (limit crossed, corrupt deflate data, CRC or size mismatch, unsupported method) comes
 * back as a failed outcome and its partial file is removed. Failures of our own disk
 * (ENOSPC, EACCES, EIO) are thrown, because retrying later can fix them.
 */
export async function extractEntry(source: ArchiveSource, entry: Entry, destination: string, limits: readonly ByteLimit[]): Promise<ExtractOutcome> {
  return fitsInMemory(entry, limits) ? extractInMemory(source, entry, destination, limits) : streamEntry(source.zip, entry, destination, limits);
}

/**
 * Checks for a small stored or deflated entry whose limits are all at least its declared
 * size. The other entries stream through a ByteMeter, so that a limit below the declared
 * size stops them at the same chunk as before.
 */
function fitsInMemory(entry: Entry, limits: readonly ByteLimit[]): boolean {
  if (entry.uncompressedSize > inMemoryMaxBytes || entry.compressedSize > inMemoryMaxBytes) return false;
  if ((entry.generalPurposeBitFlag & encryptedFlag) !== 0) return false;
  if (entry.compressionMethod !== stored && entry.compressionMethod !== deflated) return false;
  return limits.every((limit) => limit.maxBytes >= entry.uncompressedSize);
}

/**
 * Inflates the entry in memory, applies the checks a ByteMeter makes (limits, then
 * CRC-32) and writes the bytes with one call. Inflating on this thread costs less than
 * zlib's thread-pool round trip for entries this small (at most a few milliseconds for
 * inMemoryMaxBytes), while the writes of other entries run in the thread pool.
 */
async function extractInMemory(source: ArchiveSource, entry: Entry, destination: string, limits: readonly ByteLimit[]): Promise<ExtractOutcome> {
  let data: Buffer;
  try {
    data = await inflateEntry(source, entry);
    checkInflated(data, entry, limits);
  } catch (error) {
    if (isSystemError(error)) throw error;
    return { ok: false, error: error as Error };
  }

  try {
    await writeNewFile(destination, data, { flag: 'wx' });
  } catch (error) {
    // A partial file is removed, but not a file that was there before (EEXIST).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(destination, { force: true });
    throw error;
  }
  return { ok: true, size: data.length };
}

/** Returns the entry's inflated bytes, stopping one byte past the declared size. */
async function inflateEntry(source: ArchiveSource, entry: Entry): Promise<Buffer> {
  const { fileDataStart } = await source.zip.readLocalFileHeaderPromise(entry, { minimal: true });
  const compressed = await source.reader.readRange(fileDataStart, entry.compressedSize);
  // yauzl has checked that the data lies inside the file, so a short read means the file changed.
  if (compressed.length < entry.compressedSize) throw new Error(`unexpected end of file reading ${entry.compressedSize} bytes at ${fileDataStart}`);
  if (entry.compressionMethod === stored) return compressed;

  try {
    return inflateRawSync(compressed, { maxOutputLength: entry.uncompressedSize + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new EntrySizeError(entry.uncompressedSize, entry.uncompressedSize + 1);
    throw error;
  }
}

/** Applies the checks of yauzl's size assertion and of a ByteMeter, in the order a stream meets them. */
function checkInflated(data: Buffer, entry: Entry, limits: readonly ByteLimit[]): void {
  if (data.length !== entry.uncompressedSize) throw new EntrySizeError(entry.uncompressedSize, data.length);
  const crossed = limits.find((limit) => data.length > limit.maxBytes);
  if (crossed) throw new ByteLimitError(crossed, data.length);
  const actualCrc = crc32(data);
  if (actualCrc !== entry.crc32) throw new CrcMismatchError(entry.crc32, actualCrc);
}

/** Streams the entry through yauzl's inflater and a ByteMeter to a file. */
async function streamEntry(zip: ZipFile, entry: Entry, destination: string, limits: readonly ByteLimit[]): Promise<ExtractOutcome> {
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
