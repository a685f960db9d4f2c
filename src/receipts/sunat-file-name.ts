/**
 * SUNAT file names: `{issuer RUC}-{type}-{series}-{number}.xml` (also `.pdf` and `.zip`,
 * any case), and `R-{same}` for the SUNAT response (CDR).
 */

export interface SunatFileName {
  readonly issuerRuc: string;
  /** Catalogue 01 code as written in the name: '01', '03', '07', '09'... */
  readonly docType: string;
  readonly series: string;
  /** The correlativo as written in the name (padding kept). */
  readonly number: string;
}

const sunatNamePattern = /^(?:R-)?(\d{11})-(\d{2})-([A-Z0-9]{4})-(\d{1,8})(?:\.(?:xml|pdf|zip))?$/i;

/**
 * Parses a SUNAT-style file name, with or without its folder, extension or `R-` prefix.
 * Returns null when the name does not follow the convention.
 */
export function parseSunatFileName(name: string): SunatFileName | null {
  const base = baseName(name).trim();
  const match = sunatNamePattern.exec(base);
  if (match === null) return null;

  const [, issuerRuc, docType, series, number] = match as unknown as [string, string, string, string, string];
  return { issuerRuc, docType, series: series.toUpperCase(), number };
}

/** True for a SUNAT response name such as `R-20100070970-01-F001-1.xml` (or `.zip`). */
export function isCdrFileName(name: string): boolean {
  const base = baseName(name).trim();
  return /^R-/i.test(base) && parseSunatFileName(base) !== null;
}

/** Returns the last path segment. ZIP entries use "/" and some Windows tools write "\\". */
function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}
