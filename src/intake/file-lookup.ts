import type { Finding } from '../checks/finding.ts';
import type { BatchFile } from './batch-plan.ts';
import { baseNameOf, extensionOf } from './entry-name.ts';
import { cdrSubjectOf, sunatKeyOf } from './sunat-names.ts';

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

/**
 * The CDR XMLs of a batch (`R-{base}.xml`, loose or taken from `R-{base}.zip`), found by
 * the receipt they respond to. When two CDRs respond to one receipt, the first in archive order wins.
 */
export class CdrIndex {
  private readonly byKey = new Map<string, BatchFile>();
  /** The same CDRs by type, series and number alone; null marks a document that CDRs of two issuers respond to. */
  private readonly byDocument = new Map<string, BatchFile | null>();

  constructor(files: readonly BatchFile[]) {
    for (const file of files) {
      const subject = extensionOf(file.originalName) === '.xml' ? cdrSubjectOf(file.originalName) : null;
      if (subject === null || this.byKey.has(subject)) continue;
      this.byKey.set(subject, file);
      const document = subject.slice(subject.indexOf('-') + 1);
      this.byDocument.set(document, this.byDocument.has(document) ? null : file);
    }
  }

  /** Returns the CDR of the receipt a SUNAT-style file name states, whatever its padding. */
  forFileName(name: string): BatchFile | null {
    const key = sunatKeyOf(name);
    return key === null ? null : (this.byKey.get(key) ?? null);
  }

  /**
   * Returns the one CDR that responds to this type, series and number, for a receipt whose files
   * do not carry SUNAT names. Returns null when no CDR does, or when CDRs of several issuers do.
   */
  forDocument(docType: string, series: string, number: string): BatchFile | null {
    if (!/^\d{1,8}$/.test(number)) return null;
    return this.byDocument.get(`${docType}-${series.toUpperCase()}-${Number(number)}`) ?? null;
  }
}
