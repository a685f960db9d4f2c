import iconv from 'iconv-lite';

export type ManifestEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodedManifest =
  | { readonly ok: true; readonly text: string; readonly encoding: ManifestEncoding }
  /** `reason` is Spanish, for the `{reason}` placeholder of MANIFEST_ENCODING. */
  | { readonly ok: false; readonly reason: string };

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16LeBom = Buffer.from([0xff, 0xfe]);
const utf16BeBom = Buffer.from([0xfe, 0xff]);

function strictDecode(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes manifest bytes: UTF-8 with or without BOM; UTF-16 only with a BOM; otherwise
 * Windows-1252, the code page Excel uses for "CSV (delimitado por comas)" on Spanish
 * Windows. Bytes that fit none of these, or text with NUL characters, are rejected.
 */
export function decodeManifestBytes(bytes: Buffer): DecodedManifest {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    return { ok: false, reason: 'es un libro de Excel o un ZIP, no un CSV' };
  }

  const decoded = decodeByBomOrContent(bytes);
  if (!decoded.ok) return decoded;
  if (decoded.text.includes('\0')) {
    return { ok: false, reason: 'contiene caracteres nulos (¿UTF-16 sin BOM o un archivo binario?)' };
  }
  return decoded;
}

function decodeByBomOrContent(bytes: Buffer): DecodedManifest {
  const withBom = (encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bomLength: number, label: ManifestEncoding): DecodedManifest => {
    const text = strictDecode(encoding, bytes.subarray(bomLength));
    return text === null ? { ok: false, reason: `tiene marca de ${encoding.toUpperCase()} pero su contenido no lo es` } : { ok: true, text, encoding: label };
  };
  if (bytes.subarray(0, 3).equals(utf8Bom)) return withBom('utf-8', 3, 'utf-8-bom');
  if (bytes.subarray(0, 2).equals(utf16LeBom)) return withBom('utf-16le', 2, 'utf-16le');
  if (bytes.subarray(0, 2).equals(utf16BeBom)) return withBom('utf-16be', 2, 'utf-16be');

  const utf8 = strictDecode('utf-8', bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };

  // iconv-lite 0.7 turns the five bytes Windows-1252 leaves undefined into U+FFFD.
  const text = iconv.decode(bytes, 'windows-1252');
  if (text.includes('\uFFFD')) return { ok: false, reason: 'no está en UTF-8 ni en Windows-1252' };
  return { ok: true, text, encoding: 'windows-1252' };
}
