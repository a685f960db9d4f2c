import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl, { type ZipFile } from 'yauzl';
import { readAt } from './archive-entry.ts';

/** Size of the blocks kept in memory for small reads, in bytes. */
const blockBytes = 64 * 1024;
/** Maximum number of cached blocks, 2 MiB in all. */
const cachedBlocks = 32;
/** Chunk size of the streams of large entries, in bytes. */
const streamChunkBytes = 64 * 1024;

/**
 * Reads a ZIP file for yauzl with positional reads that may run in parallel. Reads of at
 * most one block (the central directory records, local headers, small entries' data) are
 * served from a small cache of 64 KiB blocks. yauzl 3.4's own file reader runs one read at
 * a time and two per central directory record: listing the 20,001 entries of a benchmark
 * batch took 1.7 s with it and 0.2 s with this reader, on a 2-core machine.
 */
export class ZipFileReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Buffer>();
  private readonly loading = new Map<number, Promise<Buffer>>();

  constructor(
    private readonly handle: FileHandle,
    readonly fileSize: number,
  ) {
    super();
  }

  /** Opens `filePath` for reading. Throws the file system's error (ENOENT, EACCES...). */
  static async open(filePath: string): Promise<ZipFileReader> {
    const handle = await open(filePath, 'r');
    try {
      const { size } = await handle.stat();
      return new ZipFileReader(handle, size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Returns `length` bytes from `position`, fewer only at the end of the file. */
  async readRange(position: number, length: number): Promise<Buffer> {
    const end = Math.min(position + length, this.fileSize);
    if (end <= position) return Buffer.alloc(0);
    const first = Math.floor(position / blockBytes);
    const last = Math.floor((end - 1) / blockBytes);
    if (last - first > 1 || end - position > blockBytes) return this.readDirect(position, end - position);

    const cached = this.cachedRange(position, end);
    if (cached) return cached;
    const parts: Buffer[] = [];
    for (let index = first; index <= last; index += 1) parts.push(await this.loadBlock(index));
    return sliceBlocks(parts, position - first * blockBytes, end - position);
  }

  /** Reads `length` bytes at `position`, blocking and past the block cache, for small reads spread over the file. */
  readUncachedSync(position: number, length: number): Buffer {
    return readAt(this.handle.fd, length, position);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const done = (bytes: Buffer) => {
      bytes.copy(buffer, offset);
      callback(null, bytes.length);
    };
    // yauzl reads every central directory record and local header here. Serving them from the
    // cache at once, rather than on a later tick, saves a turn of the event loop per record.
    const cached = this.cachedRange(position, Math.min(position + length, this.fileSize));
    if (cached) {
      done(cached);
      return;
    }
    this.readRange(position, length).then(done, (error: Error) => callback(error));
  }

  override _readStreamForRange(start: number, end: number): Readable {
    let position = start;
    const readChunk = (length: number) => this.readDirect(position, length);
    return new Readable({
      highWaterMark: streamChunkBytes,
      read() {
        const length = Math.min(streamChunkBytes, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        readChunk(length).then(
          (chunk) => {
            position += chunk.length;
            // A short file ends the stream early; yauzl's byte count check then reports it.
            this.push(chunk.length === 0 ? null : chunk);
          },
          (error: Error) => this.destroy(error),
        );
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    this.blocks.clear();
    this.handle.close().then(() => callback(null), (error: Error) => callback(error));
  }

  private async readDirect(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  /** Returns the bytes [start, end) when every block they need is cached, or null. */
  private cachedRange(start: number, end: number): Buffer | null {
    if (end <= start) return Buffer.alloc(0);
    const first = Math.floor(start / blockBytes);
    const last = Math.floor((end - 1) / blockBytes);
    if (last - first > 1) return null;
    const parts: Buffer[] = [];
    for (let index = first; index <= last; index += 1) {
      const block = this.blocks.get(index);
      if (!block) return null;
      parts.push(block);
    }
    return sliceBlocks(parts, start - first * blockBytes, end - start);
  }

  private loadBlock(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(index);
    if (!pending) {
      pending = this.readDirect(index * blockBytes, blockBytes).then((block) => {
        this.keepBlock(index, block);
        return block;
      });
      pending.finally(() => this.loading.delete(index)).catch(() => undefined);
      this.loading.set(index, pending);
    }
    return pending;
  }

  private keepBlock(index: number, block: Buffer): void {
    this.blocks.set(index, block);
    if (this.blocks.size <= cachedBlocks) return;
    // A Map iterates in insertion order, so the first key is the block read longest ago.
    const oldest = this.blocks.keys().next().value;
    if (oldest !== undefined) this.blocks.delete(oldest);
  }
}

/** Returns `length` bytes from `offset` of one block, or of two consecutive blocks joined. */
function sliceBlocks(parts: readonly Buffer[], offset: number, length: number): Buffer {
  const [first, second] = parts;
  if (!first) return Buffer.alloc(0);
  if (!second || offset + length <= first.length) return first.subarray(offset, offset + length);
  return Buffer.concat([first.subarray(offset), second.subarray(0, offset + length - first.length)]);
}
