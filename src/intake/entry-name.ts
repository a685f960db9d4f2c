import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';

/** General purpose bit 11: the name and comment are UTF-8. */
const utf8NameFlag = 0x800;
/** Info-ZIP Unicode Path extra field: version byte, CRC-32 of the header name, UTF-8 name. */
const unicodePathFieldId = 0x7075;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface RawEntryName {
  readonly generalPurposeBitFlag: number;
  readonly fileNameRaw: Buffer;
  readonly extraFields: readonly { readonly id: number; readonly data: Buffer }[];
}

/**
 * Decodes an entry name from its raw bytes. Without the UTF-8 flag, valid UTF-8 bytes are
 * still read as UTF-8, because some tools (macOS's Archive Utility among them) write UTF-8
 * without setting the flag. Other bytes are read as CP850. The Windows built-in zip writes
 * the OEM code page, which is 850 on Spanish Windows and agrees with CP437 on ñ, á, é, í, ó
 * and ú.
 */
export function decodeEntryName(entry: RawEntryName): string {
  const raw = entry.fileNameRaw;
  if ((entry.generalPurposeBitFlag & utf8NameFlag) !== 0) return raw.toString('utf8');

  const unicodePath = unicodePathName(entry);
  if (unicodePath !== null) return unicodePath;

  try {
    return strictUtf8.decode(raw);
  } catch {
    return iconv.decode(raw, 'cp850');
  }
}

/** Reads the UTF-8 name of an Info-ZIP Unicode Path field, used only when its CRC matches this header name. */
function unicodePathName(entry: RawEntryName): string | null {
  const field = entry.extraFields.find((extra) => extra.id === unicodePathFieldId);
  if (!field || field.data.length < 5 || field.data[0] !== 1) return null;
  if (field.data.readUInt32LE(1) !== crc32(entry.fileNameRaw)) return null;
  try {
    return strictUtf8.decode(field.data.subarray(5));
  } catch {
    return null;
  }
}

/** Meaning of an entry name for extraction. */
export type NameVerdict =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'directory' }
  | { readonly kind: 'ignored' }
  /** Path traversal: absolute, drive letter, UNC, `..` segment or NUL byte. */
  | { readonly kind: 'traversal' }
  | { readonly kind: 'empty' };

/** Files that desktop systems add to folders; they are never receipts. */
const systemFileNames = new Set(['thumbs.db', 'desktop.ini']);

/**
 * Classifies a decoded entry name. Backslashes count as separators, so `..\..\x` is caught
 * like `../../x`. The returned path uses `/`, without `.` segments or a leading `./`. It is
 * for display and matching only, never for building an output path.
 */
export function classifyEntryName(name: string): NameVerdict {
  const slashed = name.replaceAll('\\', '/');
  if (slashed.includes('\0')) return { kind: 'traversal' };
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { kind: 'traversal' };

  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { kind: 'traversal' };
  if (segments.length === 0) return slashed === '' ? { kind: 'empty' } : { kind: 'directory' };
  if (slashed.endsWith('/')) return { kind: 'directory' };

  const hidden = segments.some((segment) => segment.startsWith('.') || segment === '__MACOSX');
  const baseName = segments[segments.length - 1]!;
  if (hidden || systemFileNames.has(baseName.toLowerCase())) return { kind: 'ignored' };
  return { kind: 'file', path: segments.join('/') };
}

/** Extensions kept on stored files; anything else is stored as `.bin`. */
const storedExtensions = new Set(['.pdf', '.xml', '.zip', '.csv']);

/** Picks the extension of a stored copy from a whitelist, so no seller text reaches the file system. */
export function storedExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > name.lastIndexOf('/') ? name.slice(dot).toLowerCase() : '';
  return storedExtensions.has(extension) ? extension : '.bin';
}

/** Returns the last path segment of a name, with backslashes counted as `/`. */
export function baseNameOf(name: string): string {
  const slashed = name.replaceAll('\\', '/');
  return slashed.slice(slashed.lastIndexOf('/') + 1);
}

/** Returns the base name without its last extension. */
export function stemOf(name: string): string {
  const base = baseNameOf(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Returns the lower-case extension of a name with its dot, or '' when it has none. */
export function extensionOf(name: string): string {
  const base = baseNameOf(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}
