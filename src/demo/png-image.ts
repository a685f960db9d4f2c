import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder for the images the demo receipts embed (logo, QR). It writes one
 * IDAT chunk, no interlacing, and filter type 0 on every row, so the same pixels always give
 * the same bytes.
 */

/** PNG colour types used here: 0 greyscale, 2 RGB, 6 RGBA. */
export type PngColorType = 0 | 2 | 6;

export interface PngImage {
  readonly width: number;
  readonly height: number;
  /** 1 or 8; 1 only for greyscale. */
  readonly bitDepth: 1 | 8;
  readonly colorType: PngColorType;
  /** Packed rows, top to bottom, without filter bytes: `ceil(width * channels * bitDepth / 8)` bytes each. */
  readonly rows: Buffer;
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const channelsByColorType: Readonly<Record<PngColorType, number>> = { 0: 1, 2: 3, 6: 4 };

export function encodePng(image: PngImage): Buffer {
  const rowBytes = pngRowBytes(image.width, image.colorType, image.bitDepth);
  if (image.bitDepth === 1 && image.colorType !== 0) throw new Error(`PNG bit depth 1 needs colour type 0 (greyscale), got ${image.colorType}`);
  if (image.rows.length !== rowBytes * image.height) {
    throw new Error(`PNG rows must be ${rowBytes * image.height} bytes for ${image.width}x${image.height}, got ${image.rows.length}`);
  }

  const filtered = Buffer.alloc((rowBytes + 1) * image.height);
  for (let row = 0; row < image.height; row += 1) {
    image.rows.copy(filtered, row * (rowBytes + 1) + 1, row * rowBytes, (row + 1) * rowBytes);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.writeUInt8(image.bitDepth, 8);
  header.writeUInt8(image.colorType, 9);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(filtered, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Bytes in one packed row of pixels. */
export function pngRowBytes(width: number, colorType: PngColorType, bitDepth: 1 | 8): number {
  return Math.ceil((width * channelsByColorType[colorType] * bitDepth) / 8);
}

/** Builds one chunk: data length, type, data, and a CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}
