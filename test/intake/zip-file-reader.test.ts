import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFileReader } from '../../src/intake/zip-file-reader.ts';

const block = 64 * 1024;
const bytes = randomBytes(3 * block + 1000);
let dir: string;
let reader: ZipFileReader;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zip-file-reader-'));
  const filePath = path.join(dir, 'datos.bin');
  await writeFile(filePath, bytes);
  reader = await ZipFileReader.open(filePath);
});

afterAll(async () => {
  await new Promise((resolve) => reader.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** Ranges inside a block, across a block boundary, longer than a block, and at the end of the file. */
const ranges: [position: number, length: number][] = [
  [0, 46],
  [100, block - 200],
  [block - 10, 30],
  [block - 10, block],
  [block, block],
  [5, 2 * block + 7],
  [3 * block + 900, 100],
  [0, bytes.length],
];

describe('ZipFileReader', () => {
  it.each(ranges)('reads %i + %i bytes', async (position, length) => {
    const range = await reader.readRange(position, length);
    expect(range.equals(bytes.subarray(position, position + length))).toBe(true);
  });

  it('reads the same ranges again from its cache', async () => {
    for (const [position, length] of ranges) {
      const range = await reader.readRange(position, length);
      expect(range.equals(bytes.subarray(position, position + length)), `${position} + ${length}`).toBe(true);
    }
  });

  it('stops at the end of the file', async () => {
    const range = await reader.readRange(bytes.length - 10, 50);
    expect(range.equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect(await reader.readRange(bytes.length + 5, 10)).toHaveLength(0);
  });

  it('fills a buffer through read', async () => {
    const target = Buffer.alloc(40);
    const bytesRead = await new Promise<number | undefined>((resolve, reject) => {
      reader.read(target, 4, 30, block - 15, (error, count) => (error ? reject(error) : resolve(count)));
    });
    expect(bytesRead).toBe(30);
    expect(target.subarray(4, 34).equals(bytes.subarray(block - 15, block + 15))).toBe(true);
  });

  it('streams a range', async () => {
    const streamed = await buffer(reader._readStreamForRange(block - 3, 3 * block + 10));
    expect(streamed.equals(bytes.subarray(block - 3, 3 * block + 10))).toBe(true);
  });
});
