import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { FileStamp } from './stability-tracker.ts';

// Record layouts from PKWARE's APPNOTE.TXT (section 4.3.14 to 4.3.16).
const endRecordSignature = 0x06054b50;
const endRecordBytes = 22;
const maxCommentBytes = 0xffff;
const zip64LocatorSignature = 0x07064b50;
const zip64LocatorBytes = 20;
const zip64RecordSignature = 0x06064b50;
/** Fixed part of the ZIP64 end record; its size field counts the bytes after the first 12. */
const zip64RecordBytes = 56;

/** Maximum size of the end record, its comment and a ZIP64 locator together, in bytes. */
export const zipTailBytes = zip64LocatorBytes + endRecordBytes + maxCommentBytes;

/** Reads `length` bytes at `position`, or fewer at the end of the file. */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

/**
 * Checks whether `tail`, the last bytes of a file of `fileSize` bytes, ends with a ZIP end
 * of central directory record and its comment. The central directory must end exactly where
 * that record starts, or where the ZIP64 end record starts when a ZIP64 locator precedes it.
 * Offsets in a ZIP count from the start of the file, so a prefix of a ZIP never passes, not
 * even one that stops right after a ZIP stored inside it. `readAt` fetches a ZIP64 end
 * record that lies before the tail.
 */
export async function endsWithCentralDirectory(tail: Buffer, fileSize: number, readAt: ReadAt): Promise<boolean> {
  const tailStart = fileSize - tail.length;
  const lowest = Math.max(0, tail.length - endRecordBytes - maxCommentBytes);
  for (let index = tail.length - endRecordBytes; index >= lowest; index -= 1) {
    if (tail.readUInt32LE(index) !== endRecordSignature) continue;
    // A signature inside the comment does not count: the record's comment must run to the end of the file.
    if (tail.readUInt16LE(index + 20) !== tail.length - index - endRecordBytes) continue;
    if (index >= zip64LocatorBytes && tail.readUInt32LE(index - zip64LocatorBytes) === zip64LocatorSignature) {
      return zip64DirectoryEndsAt(tail, index - zip64LocatorBytes, tailStart, readAt);
    }
    const directoryBytes = tail.readUInt32LE(index + 12);
    const directoryOffset = tail.readUInt32LE(index + 16);
    return directoryOffset + directoryBytes === tailStart + index;
  }
  return false;
}

/** Checks the ZIP64 end record that the locator at `locatorIndex` of the tail points to. */
async function zip64DirectoryEndsAt(tail: Buffer, locatorIndex: number, tailStart: number, readAt: ReadAt): Promise<boolean> {
  const recordOffset = readSafeUInt64(tail, locatorIndex + 8);
  const locatorOffset = tailStart + locatorIndex;
  if (recordOffset === null || recordOffset + zip64RecordBytes > locatorOffset) return false;

  const record = await readAt(recordOffset, zip64RecordBytes);
  if (record.length < zip64RecordBytes || record.readUInt32LE(0) !== zip64RecordSignature) return false;
  const recordSize = readSafeUInt64(record, 4);
  const directoryBytes = readSafeUInt64(record, 40);
  const directoryOffset = readSafeUInt64(record, 48);
  if (recordSize === null || directoryBytes === null || directoryOffset === null) return false;
  return recordOffset + 12 + recordSize === locatorOffset && directoryOffset + directoryBytes === recordOffset;
}

/** Reads a little-endian 64-bit value, or returns null above Number.MAX_SAFE_INTEGER. */
function readSafeUInt64(buffer: Buffer, offset: number): number | null {
  const value = buffer.readBigUInt64LE(offset);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

/**
 * Checks whether the regular file at `filePath`, still matching `stamp`, ends with a
 * complete ZIP central directory. Reads only the last `zipTailBytes` bytes and, for ZIP64,
 * the 56-byte ZIP64 end record. Any failure (gone, replaced by a link or a FIFO, changed
 * since `stamp`, unreadable) returns false, which only means the file waits the full
 * stability time.
 */
export async function zipLooksComplete(filePath: string, stamp: FileStamp): Promise<boolean> {
  let handle: FileHandle;
  try {
    // O_NOFOLLOW keeps a link swapped in since the lstat out; O_NONBLOCK keeps a FIFO from blocking the open.
    handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size !== stamp.size || info.mtimeMs !== stamp.mtimeMs) return false;
    const readAt: ReadAt = (position, length) => readBytes(handle, position, length);
    const tailLength = Math.min(info.size, zipTailBytes);
    return await endsWithCentralDirectory(await readAt(info.size - tailLength, tailLength), info.size, readAt);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
