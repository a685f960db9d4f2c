import iconv from 'iconv-lite';

/**
 * Decoding an XML file to text by its byte order mark or declared encoding. SUNAT issuers
 * write UTF-8, ISO-8859-1 and windows-1250/1252; a few write UTF-16.
 */

export type DecodedXml = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const declarationPattern = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the bytes of an XML document; the result has no BOM. */
export function decodeXmlBytes(bytes: Buffer): DecodedXml {
  const unicode = detectUnicodeForm(bytes);
  if (unicode !== null) return { ok: true, text: stripBom(iconv.decode(bytes, unicode)) };

  const declared = declaredEncoding(bytes);
  if (declared === null || isUtf8Name(declared)) return { ok: true, text: stripBom(decodeUtf8(bytes)) };
  if (!iconv.encodingExists(declared)) return { ok: false, reason: `declara la codificación "${declared}", que no se reconoce` };
  return { ok: true, text: iconv.decode(bytes, declared) };
}

/** UTF-16 by BOM, or by the zero byte next to the first "<" when there is no BOM. */
function detectUnicodeForm(bytes: Buffer): string | null {
  const [first, second] = [bytes[0], bytes[1]];
  if (first === 0xff && second === 0xfe) return 'utf-16le';
  if (first === 0xfe && second === 0xff) return 'utf-16be';
  if (first === 0x3c && second === 0x00) return 'utf-16le';
  if (first === 0x00 && second === 0x3c) return 'utf-16be';
  return null;
}

function declaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 300).toString('latin1').replace(/^\u00EF\u00BB\u00BF/, '');
  const match = declarationPattern.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function isUtf8Name(encoding: string): boolean {
  return encoding === 'utf-8' || encoding === 'utf8';
}

/**
 * Decodes UTF-8. A file declared UTF-8 (or declaring nothing) whose bytes are not valid
 * UTF-8 was written in windows-1252 by the issuer's system. Decoding it as windows-1252
 * keeps accented names readable instead of turning them into U+FFFD.
 */
function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'windows-1252');
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
