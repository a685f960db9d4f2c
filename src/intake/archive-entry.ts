import { closeSync, constants, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Location of a receipt file's data in the claimed ZIP, recorded by intake from the central
 * directory. The reader thread that checks the receipt inflates it (readArchiveEntry), so
 * no receipt file is written to disk before its job runs.
 */
export interface ArchiveEntryLocation {
  readonly localHeaderOffset: number;
  readonly compressedSize: number;
  /** Declared by the central directory; intake has checked it against the limits. */
  readonly uncompressedSize: number;
  readonly crc32: number;
  /** 0 (stored) or 8 (deflated); intake rejects other methods. */
  readonly compressionMethod: number;
}

/**
 * Reason an entry's data could not be read:
 * - 'header': no local file header at the recorded offset, or data past the end of the file.
 * - 'data': a corrupt deflate stream.
 * - 'size': the data inflates to more or fewer bytes than declared.
 * - 'crc': the inflated bytes do not match the declared CRC-32.
 */
export type EntryDamage = 'header' | 'data' | 'size' | 'crc';

/** Size, modification time and inode of a file, to tell whether it is still the same file. */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The claimed ZIP that a batch's receipts are read from, as it was when intake read it. */
export interface ClaimedArchive {
  readonly path: string;
  readonly identity: FileIdentity;
}

/**
 * Raised when the claimed ZIP is no longer the file intake read: replaced, truncated or
 * written to after the claim. Its receipts cannot be read as they were sent, so the
 * chunk fails as our fault and the seller may send the same file again.
 */
export class ArchiveChangedError extends Error {
  override readonly name = 'ArchiveChangedError';
  readonly code = 'ARCHIVE_CHANGED';
}

/** Returns the identity of the claimed ZIP, which must be a regular file, not a link. */
export async function claimedArchive(archivePath: string): Promise<ClaimedArchive> {
  const status = await lstat(archivePath);
  if (!status.isFile()) throw new ArchiveChangedError(`claimed archive ${archivePath} is not a regular file`);
  return { path: archivePath, identity: { size: status.size, mtimeMs: status.mtimeMs, ino: status.ino } };
}

/**
 * Raises ArchiveChangedError when the claimed ZIP is no longer the file intake read. A
 * chunk calls it once before its reads, so a changed claim fails the chunk with one error
 * instead of one per receipt. Each read checks the open file again.
 */
export async function assertArchiveUnchanged(archive: ClaimedArchive): Promise<void> {
  const current = await claimedArchive(archive.path);
  assertSameIdentity(current.identity, archive.path, archive.identity);
}

export type EntryReadResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly damage: EntryDamage };

const localHeaderSignature = 0x04034b50;
const localHeaderBytes = 30;
const stored = 0;

/**
 * Reads and inflates one entry, then checks its size and CRC-32 against the central
 * directory. Inflating stops one byte past the declared size, which intake has checked
 * against receiptFileBytes, so memory stays bounded. Bad data is returned as damage, and
 * failures of our own disk (EIO, EACCES) are thrown. A symbolic link at `archivePath` is
 * not followed (ELOOP), and with `expected`, a file that is no longer the one intake read
 * raises ArchiveChangedError.
 */
export function readArchiveEntry(archivePath: string, location: ArchiveEntryLocation, expected?: FileIdentity): EntryReadResult {
  const fd = openSync(archivePath, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if (expected) assertSameIdentity(fstatSync(fd), archivePath, expected);
    const header = readAt(fd, localHeaderBytes, location.localHeaderOffset);
    if (header.length < localHeaderBytes || header.readUInt32LE(0) !== localHeaderSignature) return { ok: false, damage: 'header' };
    const dataStart = location.localHeaderOffset + localHeaderBytes + header.readUInt16LE(26) + header.readUInt16LE(28);
    const compressed = readAt(fd, location.compressedSize, dataStart);
    if (compressed.length < location.compressedSize) return { ok: false, damage: 'header' };
    return checkInflated(inflate(compressed, location), location);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an entry and writes its bytes to `destination` through a temporary name, so the
 * destination never contains part of an entry. A damaged entry writes nothing.
 */
export function takeArchiveEntry(archivePath: string, location: ArchiveEntryLocation, destination: string, expected?: FileIdentity): EntryReadResult {
  const result = readArchiveEntry(archivePath, location, expected);
  if (!result.ok) return result;
  // Two receipts can share one file (a CDR), and two threads may take it at once, so each
  // thread writes under its own temporary name.
  const partial = `${destination}.${process.pid}-${threadId}.part`;
  try {
    writeFileSync(partial, result.bytes);
    renameSync(partial, destination);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return result;
}

function assertSameIdentity(status: FileIdentity, archivePath: string, expected: FileIdentity): void {
  if (status.size === expected.size && status.mtimeMs === expected.mtimeMs && status.ino === expected.ino) return;
  const found = { size: status.size, mtimeMs: status.mtimeMs, ino: status.ino };
  throw new ArchiveChangedError(`claimed archive ${archivePath} changed after intake: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
}

/** Reads `length` bytes at `position` of an open file, blocking; fewer only at the end of the file. */
export function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(fd, buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function inflate(compressed: Buffer, location: ArchiveEntryLocation): Buffer | EntryDamage {
  if (location.compressionMethod === stored) return compressed;
  try {
    return inflateRawSync(compressed, { maxOutputLength: location.uncompressedSize + 1 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return 'size';
    if (typeof code === 'string' && code.startsWith('Z_')) return 'data';
    throw error;
  }
}

function checkInflated(inflated: Buffer | EntryDamage, location: ArchiveEntryLocation): EntryReadResult {
  if (typeof inflated === 'string') return { ok: false, damage: inflated };
  if (inflated.length !== location.uncompressedSize) return { ok: false, damage: 'size' };
  if (crc32(inflated) !== location.crc32) return { ok: false, damage: 'crc' };
  return { ok: true, bytes: inflated };
}
