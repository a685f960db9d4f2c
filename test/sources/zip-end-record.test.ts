import { mkdtemp, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { zipLooksComplete } from '../../src/sources/zip-end-record.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zip-end-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly compress?: boolean;
}

interface ZipOptions {
  readonly comment?: string;
  readonly zip64?: boolean;
  readonly entries?: readonly ZipEntry[];
}

const defaultEntries: readonly ZipEntry[] = [
  { name: '20100070970-01-F001-1.pdf', data: Buffer.from('%PDF-1.4 uno') },
  { name: '20100070970-01-F001-1.xml', data: Buffer.from('<Invoice/>') },
];

/** ZIP bytes as yazl 3.3 writes them. */
async function zipBytes(options: ZipOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of options.entries ?? defaultEntries) {
    zip.addBuffer(entry.data, entry.name, { compress: entry.compress ?? true, forceZip64Format: options.zip64 ?? false });
  }
  zip.end({ comment: options.comment ?? '', forceZip64Format: options.zip64 ?? false });
  return buffer(zip.outputStream);
}

/** Writes `bytes` to a file and checks it the way the watcher does, with its current stamp. */
async function check(bytes: Buffer, name = 'lote.zip'): Promise<boolean> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, bytes);
  const info = await stat(filePath);
  return zipLooksComplete(filePath, { size: info.size, mtimeMs: info.mtimeMs });
}

describe('zipLooksComplete', () => {
  it('accepts a complete zip', async () => {
    expect(await check(await zipBytes())).toBe(true);
  });

  it('rejects a zip short of one byte', async () => {
    const bytes = await zipBytes();
    expect(await check(bytes.subarray(0, bytes.length - 1))).toBe(false);
  });

  it('rejects every prefix of a zip', async () => {
    const bytes = await zipBytes();
    for (let length = 0; length < bytes.length; length += 1) {
      expect(await check(bytes.subarray(0, length)), `prefix of ${length} bytes`).toBe(false);
    }
  });

  it('rejects bytes after the end record', async () => {
    expect(await check(Buffer.concat([await zipBytes(), Buffer.from('x')]))).toBe(false);
  });

  it('accepts a zip with a comment', async () => {
    expect(await check(await zipBytes({ comment: 'lote de noviembre' }))).toBe(true);
  });

  it('accepts the longest comment', async () => {
    expect(await check(await zipBytes({ comment: 'c'.repeat(0xffff) }))).toBe(true);
  });

  it('rejects a zip cut inside its comment', async () => {
    const bytes = await zipBytes({ comment: 'lote de noviembre' });
    expect(await check(bytes.subarray(0, bytes.length - 3))).toBe(false);
  });

  it('accepts a zip64 end record', async () => {
    const bytes = await zipBytes({ zip64: true });
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    expect(await check(bytes)).toBe(true);
  });

  it('accepts a zip64 end record and a comment', async () => {
    expect(await check(await zipBytes({ zip64: true, comment: 'lote' }))).toBe(true);
  });

  it('rejects a zip64 zip short of one byte', async () => {
    const bytes = await zipBytes({ zip64: true });
    expect(await check(bytes.subarray(0, bytes.length - 1))).toBe(false);
  });

  it('rejects a zip64 directory that ends elsewhere', async () => {
    const bytes = await zipBytes({ zip64: true });
    const recordStart = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    const directoryBytes = bytes.readBigUInt64LE(recordStart + 40);
    bytes.writeBigUInt64LE(directoryBytes - 1n, recordStart + 40);
    expect(await check(bytes)).toBe(false);
  });

  it('rejects a zip64 record that ends before its locator', async () => {
    const bytes = await zipBytes({ zip64: true });
    const recordStart = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    bytes.writeBigUInt64LE(bytes.readBigUInt64LE(recordStart + 4) - 1n, recordStart + 4);
    expect(await check(bytes)).toBe(false);
  });

  it('rejects a prefix ending with a stored zip64 zip', async () => {
    const inner = await zipBytes({ zip64: true });
    const outer = await zipBytes({ entries: [{ name: 'R-20100070970-01-F001-1.zip', data: inner, compress: false }, ...defaultEntries] });
    const innerEnd = outer.indexOf(inner) + inner.length;
    expect(await check(outer.subarray(0, innerEnd))).toBe(false);
  });

  it('rejects a prefix ending with a stored zip', async () => {
    // A SUNAT zip stored uncompressed inside the batch ends with an end record of its own.
    const inner = await zipBytes();
    const outer = await zipBytes({ entries: [{ name: 'R-20100070970-01-F001-1.zip', data: inner, compress: false }, ...defaultEntries] });
    const innerEnd = outer.indexOf(inner) + inner.length;
    expect(innerEnd).toBeGreaterThan(inner.length);
    expect(await check(outer.subarray(0, innerEnd))).toBe(false);
    expect(await check(outer)).toBe(true);
  });

  it('rejects a file that is not a zip', async () => {
    expect(await check(Buffer.from('numero_orden;tipo\n1;01\n'))).toBe(false);
  });

  it('rejects an empty file', async () => {
    expect(await check(Buffer.alloc(0))).toBe(false);
  });

  it('accepts an empty zip', async () => {
    expect(await check(await zipBytes({ entries: [] }))).toBe(true);
  });

  it('rejects a file changed since its stamp', async () => {
    const filePath = path.join(dir, 'lote.zip');
    await writeFile(filePath, await zipBytes());
    const info = await stat(filePath);
    await utimes(filePath, info.atime, new Date(info.mtimeMs + 5000));
    expect(await zipLooksComplete(filePath, { size: info.size, mtimeMs: info.mtimeMs })).toBe(false);
  });

  it('rejects a symbolic link', async () => {
    const target = path.join(dir, 'real.zip');
    await writeFile(target, await zipBytes());
    const link = path.join(dir, 'enlace.zip');
    await symlink(target, link);
    const info = await stat(target);
    expect(await zipLooksComplete(link, { size: info.size, mtimeMs: info.mtimeMs })).toBe(false);
  });

  it('rejects a missing file', async () => {
    expect(await zipLooksComplete(path.join(dir, 'nada.zip'), { size: 22, mtimeMs: 0 })).toBe(false);
  });
});
