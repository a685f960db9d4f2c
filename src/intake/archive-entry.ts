import { closeSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

export type EntryReadResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly damage: EntryDamage };

const localHeaderSignature = 0x04034b50;
const localHeaderBytes = 30;
const stored = 0;

/**
 * Reads and inflates one entry, then checks its size and CRC-32 against the central
 * directory. Inflating stops one byte past the declared size, which intake has checked
 * against receiptFileBytes, so memory stays bounded. Bad data is returned as damage, and
 * failures of our own disk (EIO, EACCES) are thrown.
 */
export function readArchiveEntry(archivePath: string, location: ArchiveEntryLocation): EntryReadResult {
  const fd = openSync(archivePath, 'r');
  try {
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
export function takeArchiveEntry(archivePath: string, location: ArchiveEntryLocation, destination: string): EntryReadResult {
  const result = readArchiveEntry(archivePath, location);
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

function readAt(fd: number, length: number, position: number): Buffer {
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
