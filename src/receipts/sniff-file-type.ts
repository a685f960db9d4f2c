/**
 * Tells a file's type by its first bytes, never by its extension: sellers rename files,
 * and a `.pdf` that is really a PNG must be reported as such.
 */

export type SniffedKind = 'pdf' | 'xml' | 'zip' | 'unknown';

export interface SniffedType {
  readonly kind: SniffedKind;
  /** Spanish description for the FILE_TYPE_UNSUPPORTED message, e.g. "imagen PNG". */
  readonly description: string;
}

/** pdf.js accepts a `%PDF-` header anywhere in the first 1024 bytes, after junk some generators write. */
const pdfHeaderWindow = 1024;

const signatures: ReadonlyArray<{ readonly bytes: readonly number[]; readonly type: SniffedType }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], type: { kind: 'zip', description: 'ZIP' } },
  { bytes: [0x50, 0x4b, 0x05, 0x06], type: { kind: 'zip', description: 'ZIP vacío' } },
  { bytes: [0x89, 0x50, 0x4e, 0x47], type: { kind: 'unknown', description: 'imagen PNG' } },
  { bytes: [0xff, 0xd8, 0xff], type: { kind: 'unknown', description: 'imagen JPEG' } },
  { bytes: [0x47, 0x49, 0x46, 0x38], type: { kind: 'unknown', description: 'imagen GIF' } },
  { bytes: [0x49, 0x49, 0x2a, 0x00], type: { kind: 'unknown', description: 'imagen TIFF' } },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], type: { kind: 'unknown', description: 'imagen TIFF' } },
  { bytes: [0x42, 0x4d], type: { kind: 'unknown', description: 'imagen BMP' } },
  { bytes: [0x52, 0x61, 0x72, 0x21], type: { kind: 'unknown', description: 'archivo RAR' } },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], type: { kind: 'unknown', description: 'archivo 7z' } },
  { bytes: [0x1f, 0x8b], type: { kind: 'unknown', description: 'archivo GZIP' } },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], type: { kind: 'unknown', description: 'documento de Office antiguo (DOC/XLS)' } },
];

/**
 * Sniffs the type from the head of a file (the first 1024 bytes are enough). A PDF wins
 * over everything else because its header may follow a few junk bytes.
 */
export function sniffFileType(head: Buffer): SniffedType {
  if (head.length === 0) return { kind: 'unknown', description: 'archivo vacío' };
  if (head.subarray(0, pdfHeaderWindow).includes('%PDF-', 0, 'latin1')) return { kind: 'pdf', description: 'PDF' };

  for (const { bytes, type } of signatures) {
    if (startsWith(head, bytes)) return type;
  }
  if (isRiffWebp(head)) return { kind: 'unknown', description: 'imagen WEBP' };

  const markup = sniffMarkup(head);
  if (markup !== null) return markup;
  return looksLikeText(head) ? { kind: 'unknown', description: 'texto' } : { kind: 'unknown', description: 'binario desconocido' };
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);
}

function isRiffWebp(head: Buffer): boolean {
  return head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP';
}

/** XML: optional BOM (UTF-8 or UTF-16), whitespace, then `<`. HTML pages are not XML receipts. */
function sniffMarkup(head: Buffer): SniffedType | null {
  const text = decodeHead(head);
  if (text === null) return null;

  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return null;
  if (/^<!doctype\s+html|^<html[\s>]/i.test(start)) return { kind: 'unknown', description: 'página HTML' };
  return { kind: 'xml', description: 'XML' };
}

/** Decodes just enough of the head to see the first markup character: UTF-8 (read as Latin-1, which keeps ASCII) or UTF-16. */
function decodeHead(head: Buffer): string | null {
  const sample = head.subarray(0, 256);
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return sample.subarray(3).toString('latin1');
  if (startsWith(sample, [0xff, 0xfe])) return sample.subarray(2, sample.length - (sample.length % 2)).toString('utf16le');
  if (startsWith(sample, [0xfe, 0xff])) return swapBytes(sample.subarray(2)).toString('utf16le');
  // UTF-16 without a BOM still starts with "<" next to a zero byte.
  if (startsWith(sample, [0x3c, 0x00])) return sample.subarray(0, sample.length - (sample.length % 2)).toString('utf16le');
  if (startsWith(sample, [0x00, 0x3c])) return swapBytes(sample).toString('utf16le');
  return sample.toString('latin1');
}

function swapBytes(bytes: Buffer): Buffer {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return Buffer.from(even).swap16();
}

/** Text when almost every byte is printable ASCII, whitespace or part of a UTF-8/Latin-1 letter. */
function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control += 1;
  }
  return control <= sample.length / 100;
}
