import type { Finding } from '../checks/finding.ts';
import type { BatchFile } from './batch-plan.ts';
import { baseNameOf, extensionOf } from './entry-name.ts';
import { cdrSubjectOf } from './sunat-names.ts';

/** A file of the batch that was left out when it was taken in (too large, encrypted, damaged...). */
export interface RejectedFile {
  readonly originalName: string;
  readonly findings: readonly Finding[];
}

export type FileMatch = { readonly kind: 'file'; readonly file: BatchFile } | { readonly kind: 'rejected'; readonly rejected: RejectedFile };

/** Lower case, `/` separators, no leading `./` or `/`: how names are compared. */
export function normalizeName(name: string): string {
  return name
    .replaceAll('\\', '/')
    .replace(/^(\.?\/)+/, '')
    .toLowerCase();
}

export function matchName(match: FileMatch): string {
  return match.kind === 'file' ? match.file.originalName : match.rejected.originalName;
}

/**
 * Returns the ZIP a file was extracted from when it came out of a nested SUNAT ZIP
 * (`dir/X.zip/X.xml` → `dir/X.zip`), so a manifest that names the ZIP finds its XML.
 */
function containerOf(normalized: string): string | null {
  const slash = normalized.lastIndexOf('/');
  if (slash < 0) return null;
  const parent = normalized.slice(0, slash);
  return extensionOf(parent) === '.zip' ? parent : null;
}

/**
 * Finds batch files by the names sellers write: the exact path inside the ZIP first, then
 * the base name ignoring folders, case-insensitively. When several files share a base name
 * and the path does not decide, the first in archive order wins and the others stay
 * unreferenced, so they are still reported.
 */
export class FileLookup {
  private readonly byPath = new Map<string, FileMatch>();
  private readonly byBaseName = new Map<string, FileMatch>();
  private readonly used = new Set<FileMatch>();
  private readonly all: FileMatch[];

  constructor(files: readonly BatchFile[], rejected: readonly RejectedFile[]) {
    // Extracted files come before rejected ones, so a good copy wins a base-name tie.
    this.all = [...files.map((file): FileMatch => ({ kind: 'file', file })), ...rejected.map((entry): FileMatch => ({ kind: 'rejected', rejected: entry }))];
    for (const match of this.all) this.index(match);
  }

  private index(match: FileMatch): void {
    const normalized = normalizeName(matchName(match));
    const keys = [[this.byPath, normalized], [this.byBaseName, baseNameOf(normalized)]] as const;
    const container = containerOf(normalized);
    const containerKeys = container === null ? [] : ([[this.byPath, container], [this.byBaseName, baseNameOf(container)]] as const);
    for (const [map, key] of [...keys, ...containerKeys]) {
      if (!map.has(key)) map.set(key, match);
    }
  }

  /** Finds the file a manifest cell names; returns null when the batch has no such file. */
  find(name: string): FileMatch | null {
    const normalized = normalizeName(name);
    return this.byPath.get(normalized) ?? this.byBaseName.get(baseNameOf(normalized)) ?? null;
  }

  markUsed(match: FileMatch): void {
    this.used.add(match);
  }

  /** Files no row or pairing took, in archive order. */
  unused(): FileMatch[] {
    return this.all.filter((match) => !this.used.has(match));
  }
}

/** `F` and a running number padded to four digits (`F0001`): the key of a file reported on its own. */
export function fileKey(sequence: number): string {
  return `F${String(sequence).padStart(4, '0')}`;
}

/** Indexes CDR XMLs (`R-{base}.xml`, loose or taken from `R-{base}.zip`) by the SUNAT base name of their receipt; the first one wins. */
export function indexCdrs(files: readonly BatchFile[]): Map<string, BatchFile> {
  const cdrs = new Map<string, BatchFile>();
  for (const file of files) {
    const subject = extensionOf(file.originalName) === '.xml' ? cdrSubjectOf(file.originalName) : null;
    if (subject !== null && !cdrs.has(subject)) cdrs.set(subject, file);
  }
  return cdrs;
}
