import { createHash } from 'node:crypto';
import { encodePng, pngRowBytes } from './png-image.ts';

/**
 * A square that looks like a QR code (three finder patterns and data modules derived from
 * the content's hash). It is not decodable; the generated receipts print the QR content
 * as text as well, and that text is what the reader uses.
 */

const modules = 25;

export function drawPseudoQr(doc: PDFKit.PDFDocument, content: string, x: number, y: number, size: number): void {
  const cell = size / modules;
  const bits = moduleBits(content);

  doc.save().fillColor('#000000');
  for (let row = 0; row < modules; row += 1) {
    for (let column = 0; column < modules; column += 1) {
      if (isDark(row, column, bits)) doc.rect(x + column * cell, y + row * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/**
 * Encodes the same square as a 1-bit greyscale PNG with a light border of `quietModules`, as
 * issuers' software embeds its QR. The image is `(25 + 2 * quietModules) * pixelsPerModule`
 * pixels a side.
 */
export function pseudoQrPng(content: string, pixelsPerModule: number, quietModules = 2): Buffer {
  const side = (modules + 2 * quietModules) * pixelsPerModule;
  const rowBytes = pngRowBytes(side, 0, 1);
  const bits = moduleBits(content);
  // Greyscale 1 is white: start all white and clear the bits of dark pixels.
  const rows = Buffer.alloc(rowBytes * side, 0xff);
  for (let y = 0; y < side; y += 1) {
    const row = Math.floor(y / pixelsPerModule) - quietModules;
    for (let x = 0; x < side; x += 1) {
      const column = Math.floor(x / pixelsPerModule) - quietModules;
      if (row < 0 || row >= modules || column < 0 || column >= modules || !isDark(row, column, bits)) continue;
      const index = y * rowBytes + (x >> 3);
      rows[index] = (rows[index] as number) & ~(0x80 >> (x & 7));
    }
  }
  return encodePng({ width: side, height: side, bitDepth: 1, colorType: 0, rows });
}

function moduleBits(content: string): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((modules * modules) / 8));
  let block = createHash('sha256').update(content).digest();
  for (let offset = 0; offset < bytes.length; offset += block.length) {
    bytes.set(block.subarray(0, Math.min(block.length, bytes.length - offset)), offset);
    block = createHash('sha256').update(block).digest();
  }
  return bytes;
}

function isDark(row: number, column: number, bits: Uint8Array): boolean {
  const finder = finderModule(row, column);
  if (finder !== null) return finder;
  const index = row * modules + column;
  return ((bits[index >> 3] as number) & (1 << (index & 7))) !== 0;
}

/** Finder patterns (7×7 rings with a 3×3 centre) in three corners, with a light separator. */
function finderModule(row: number, column: number): boolean | null {
  for (const [top, left] of [[0, 0], [0, modules - 7], [modules - 7, 0]] as const) {
    const r = row - top;
    const c = column - left;
    if (r >= -1 && r <= 7 && c >= -1 && c <= 7) {
      if (r < 0 || r > 6 || c < 0 || c > 6) return false;
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      return ring !== 2;
    }
  }
  return null;
}
