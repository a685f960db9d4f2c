import iconv from 'iconv-lite';

export type ImportEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Decodes an import file. A byte-order mark decides when there is one. Otherwise the bytes
 * are UTF-8 when they decode as UTF-8 without error, else Windows-1252, which is what Excel
 * on a Spanish Windows saves as "CSV". Decoding never fails, because the five bytes
 * Windows-1252 leaves undefined become U+FFFD.
 */
export function decodeImportText(bytes: Uint8Array): { readonly text: string; readonly encoding: ImportEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252' };
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
