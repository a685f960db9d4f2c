import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteLimitError, ByteMeter, CrcMismatchError } from '../../src/intake/byte-meter.ts';

/** Creates a Writable that only counts what reaches it, in place of the file on disk. */
function countingSink(): Writable & { received: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.received += chunk.length;
      callback();
    },
  }) as Writable & { received: number };
  sink.received = 0;
  return sink;
}

describe('ByteMeter', () => {
  it('passes data and checks the CRC', async () => {
    const data = Buffer.from('contenido del comprobante');
    const sink = countingSink();
    const meter = new ByteMeter([{ kind: 'file', maxBytes: 100 }], crc32(data));
    await pipeline(Readable.from([data]), meter, sink);
    expect(sink.received).toBe(data.length);
    expect(meter.bytes).toBe(data.length);
  });

  it('rejects a CRC mismatch', async () => {
    const data = Buffer.from('contenido');
    const meter = new ByteMeter([], (crc32(data) + 1) >>> 0);
    await expect(pipeline(Readable.from([data]), meter, countingSink())).rejects.toBeInstanceOf(CrcMismatchError);
  });

  it('stops a deflate bomb at the ratio limit', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const compressed = deflateRawSync(zeros);
    const maxBytes = compressed.length * 200;
    const sink = countingSink();
    const meter = new ByteMeter([{ kind: 'file', maxBytes: 100 * 1024 * 1024 }, { kind: 'ratio', maxBytes }], crc32(zeros));

    const outcome = pipeline(Readable.from([compressed]), createInflateRaw(), meter, sink);

    const error = await outcome.then(() => null, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(ByteLimitError);
    expect((error as ByteLimitError).limit.kind).toBe('ratio');
    expect(sink.received).toBeLessThanOrEqual(maxBytes);
    expect(sink.received).toBeLessThan(zeros.length / 4);
  });
});
