import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, pngRowBytes } from '../../src/demo/png-image.ts';
import { pseudoQrPng } from '../../src/demo/pseudo-qr.ts';
import { buildLogoPng, logoSize } from '../../src/demo/receipt-logo.ts';

interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crcMatches: boolean;
}

function readChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('latin1'),
      data: typeAndData.subarray(4),
      crcMatches: png.readUInt32BE(offset + 8 + length) === crc32(typeAndData),
    });
    offset += 12 + length;
  }
  return chunks;
}

/** Width, height, bit depth and colour type from IHDR, and the inflated scanlines from IDAT. */
function decode(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number; scanlines: Buffer } {
  const chunks = readChunks(png);
  const header = chunks.find((chunk) => chunk.type === 'IHDR')?.data as Buffer;
  const data = chunks.find((chunk) => chunk.type === 'IDAT')?.data as Buffer;
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4), bitDepth: header[8] as number, colorType: header[9] as number, scanlines: inflateSync(data) };
}

describe('encodePng', () => {
  it('writes signature, chunks and checksums', () => {
    const png = encodePng({ width: 2, height: 1, bitDepth: 8, colorType: 2, rows: Buffer.from([255, 0, 0, 0, 0, 255]) });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const chunks = readChunks(png);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((chunk) => chunk.crcMatches)).toBe(true);
  });

  it('stores each row after a filter byte of 0', () => {
    const rows = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const image = decode(encodePng({ width: 1, height: 3, bitDepth: 8, colorType: 6, rows }));
    expect(image).toMatchObject({ width: 1, height: 3, bitDepth: 8, colorType: 6 });
    expect(image.scanlines).toEqual(Buffer.from([0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12]));
  });

  it('packs 1-bit greyscale rows into whole bytes', () => {
    expect(pngRowBytes(9, 0, 1)).toBe(2);
    expect(pngRowBytes(9, 6, 8)).toBe(36);
  });

  it('rejects rows of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, bitDepth: 8, colorType: 0, rows: Buffer.alloc(3) })).toThrow('PNG rows must be 4 bytes for 2x2, got 3');
  });

  it('rejects 1-bit colour images', () => {
    expect(() => encodePng({ width: 8, height: 1, bitDepth: 1, colorType: 2, rows: Buffer.alloc(3) })).toThrow('colour type 0');
  });
});

describe('pseudoQrPng', () => {
  it('draws modules inside a light border', () => {
    const image = decode(pseudoQrPng('20601234565|03|B001|123|', 4, 2));
    expect(image).toMatchObject({ width: 116, height: 116, bitDepth: 1, colorType: 0 });

    const rowBytes = 1 + pngRowBytes(116, 0, 1);
    const isWhite = (x: number, y: number) => (((image.scanlines[y * rowBytes + 1 + (x >> 3)] as number) >> (7 - (x & 7))) & 1) === 1;
    expect(isWhite(0, 0)).toBe(true);
    // The finder pattern's outer ring starts at module (0, 0), after 2 border modules of 4 pixels.
    expect(isWhite(8, 8)).toBe(false);
    expect(isWhite(7, 8)).toBe(true);
  });

  it('changes with the content', () => {
    expect(pseudoQrPng('a', 2).equals(pseudoQrPng('b', 2))).toBe(false);
    expect(pseudoQrPng('a', 2).equals(pseudoQrPng('a', 2))).toBe(true);
  });
});

describe('buildLogoPng', () => {
  it('is RGBA with transparent corners', () => {
    const image = decode(buildLogoPng('20601234565'));
    expect(image).toMatchObject({ width: logoSize.width, height: logoSize.height, bitDepth: 8, colorType: 6 });
    expect(image.scanlines[1 + 3]).toBe(0);
    const centre = (logoSize.height / 2) * (1 + logoSize.width * 4) + 1 + (logoSize.width / 2) * 4;
    expect(image.scanlines[centre + 3]).toBe(255);
  });

  it('gives each seed its own colours', () => {
    expect(buildLogoPng('20601234565').equals(buildLogoPng('20611111119'))).toBe(false);
  });
});
