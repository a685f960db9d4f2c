import type { Finding } from '../checks/finding.ts';
import { classifyEntryName, decodeEntryName, extensionOf, storedExtension, type RawEntryName } from './entry-name.ts';
import { entryUnreadable, fileTooLarge, limitExceeded, type Limits, typeUnsupported, unreadable, unsafePath } from './intake-findings.ts';
import { isCdrName, sunatStemOf } from './sunat-names.ts';

/** The central-directory facts of an entry that decide what happens to it (a subset of yauzl's Entry). */
export interface EntryFacts extends RawEntryName {
  readonly versionMadeBy: number;
  readonly externalFileAttributes: number;
  readonly compressionMethod: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** A ZIP inside the batch that is opened: a SUNAT CDR (`R-*.zip`) or a SUNAT receipt zip (`{base}.zip`). */
export type NestedKind = 'cdr' | 'receipt';

export type EntryAction =
  | { readonly kind: 'skip' }
  /** A path-traversal name: the whole batch is rejected. */
  | { readonly kind: 'traversal'; readonly name: string }
  | { readonly kind: 'reject'; readonly name: string; readonly findings: readonly Finding[] }
  | {
      readonly kind: 'extract';
      readonly name: string;
      readonly extension: string;
      readonly nested: NestedKind | null;
      /** Per-file size limit for this entry: manifestBytes for a CSV, receiptFileBytes otherwise. */
      readonly maxBytes: number;
    };

const encryptedFlag = 0x1;
const stored = 0;
const deflated = 8;

/** "Version made by" host systems whose external attributes carry a Unix mode: 3 Unix, 19 macOS. */
const unixHosts = new Set([3, 19]);
const fileTypeMask = 0o170000;
const regularFile = 0o100000;
const directoryType = 0o040000;

/** Returns the Unix file type bits of an entry, or null when the archive was not made on a Unix host. */
function unixFileType(entry: EntryFacts): number | null {
  if (!unixHosts.has(entry.versionMadeBy >> 8)) return null;
  const type = (entry.externalFileAttributes >>> 16) & fileTypeMask;
  return type === 0 ? null : type;
}

/** Declared compression ratio; a zero compressed size counts as one byte so the ratio stays finite. */
export function declaredRatio(entry: EntryFacts): number {
  return entry.uncompressedSize / Math.max(entry.compressedSize, 1);
}

/**
 * Decides from the central directory alone what to do with one entry. `allowNested` is
 * false inside a nested ZIP, so ZIPs are opened one level deep at most.
 */
export function planEntry(entry: EntryFacts, limits: Limits, allowNested = true): EntryAction {
  const decoded = decodeEntryName(entry);
  const verdict = classifyEntryName(decoded);
  if (verdict.kind === 'traversal') return { kind: 'traversal', name: decoded };
  if (verdict.kind === 'empty') return { kind: 'reject', name: '', findings: [unreadable('el ZIP contiene una entrada sin nombre')] };
  if (verdict.kind !== 'file') return { kind: 'skip' };

  const name = verdict.path;
  const type = unixFileType(entry);
  if (type === directoryType) return { kind: 'skip' };
  // Symbolic links and special files are never followed or created: the entry is reported and left out.
  if (type !== null && type !== regularFile) return { kind: 'reject', name, findings: [unsafePath(name)] };

  const problem = dataProblem(entry, name, limits, allowNested);
  if (problem) return { kind: 'reject', name, findings: [problem] };

  const extension = storedExtension(name);
  const maxBytes = extension === '.csv' ? limits.manifestBytes : limits.receiptFileBytes;
  return { kind: 'extract', name, extension, nested: allowNested ? nestedKindOf(name) : null, maxBytes };
}

/** The first reason, if any, why an entry's data cannot be taken: encryption, method, type or limits. */
function dataProblem(entry: EntryFacts, name: string, limits: Limits, allowNested: boolean): Finding | null {
  if ((entry.generalPurposeBitFlag & encryptedFlag) !== 0) return entryUnreadable(`"${name}" está protegido con contraseña`);
  if (entry.compressionMethod !== stored && entry.compressionMethod !== deflated) {
    return entryUnreadable(`"${name}" usa un método de compresión no soportado (${entry.compressionMethod})`);
  }
  if (extensionOf(name) === '.zip' && (!allowNested || nestedKindOf(name) === null)) return typeUnsupported(name, 'un ZIP dentro del ZIP');

  if (storedExtension(name) === '.csv') {
    if (entry.uncompressedSize > limits.manifestBytes) return limitExceeded('manifestBytes', entry.uncompressedSize, limits.manifestBytes);
  } else if (entry.uncompressedSize > limits.receiptFileBytes) {
    return fileTooLarge(name, entry.uncompressedSize, limits.receiptFileBytes);
  }

  const ratio = declaredRatio(entry);
  if (ratio > limits.compressionRatio) return limitExceeded('compressionRatio', Math.round(ratio), limits.compressionRatio, name);
  return null;
}

/** Classifies a name as a SUNAT CDR ZIP or receipt ZIP, or returns null for any other name. */
export function nestedKindOf(name: string): NestedKind | null {
  if (extensionOf(name) !== '.zip') return null;
  if (isCdrName(name)) return 'cdr';
  return sunatStemOf(name) === null ? null : 'receipt';
}
