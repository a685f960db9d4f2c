import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

/** Kind of limit on an entry's inflated bytes. */
export type ByteLimitKind = 'file' | 'ratio' | 'total';

export interface ByteLimit {
  readonly kind: ByteLimitKind;
  readonly maxBytes: number;
}

/** Raised by ByteMeter when the bytes that actually came out of an entry cross a limit. */
export class ByteLimitError extends Error {
  override readonly name = 'ByteLimitError';
  constructor(
    readonly limit: ByteLimit,
    readonly bytesSeen: number,
  ) {
    super(`entry data exceeds the ${limit.kind} limit of ${limit.maxBytes} bytes`);
  }
}

/** Raised at the end of an entry whose CRC-32 differs from the one in the central directory. */
export class CrcMismatchError extends Error {
  override readonly name = 'CrcMismatchError';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`CRC-32 mismatch: expected ${expected.toString(16)}, got ${actual.toString(16)}`);
  }
}

/**
 * Counts and checksums the inflated bytes of one entry on their way to disk. It fails
 * before passing on the chunk that would cross a limit, so no more than the limit reaches
 * the disk whatever the headers claim. yauzl 3.4 does not check CRC-32, so this does.
 */
export class ByteMeter extends Transform {
  bytes = 0;
  private crc = 0;

  constructor(
    private readonly limits: readonly ByteLimit[],
    private readonly expectedCrc: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const next = this.bytes + chunk.length;
    const crossed = this.limits.find((limit) => next > limit.maxBytes);
    if (crossed) {
      callback(new ByteLimitError(crossed, next));
      return;
    }
    this.bytes = next;
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.crc !== this.expectedCrc) callback(new CrcMismatchError(this.expectedCrc, this.crc));
    else callback();
  }
}
