/**
 * Normalises the identifiers on a receipt (series, correlativo, RUC, buyer document) so
 * that padding, spacing and case do not decide a comparison. Reports keep the original text.
 */

/** Trims, drops inner whitespace and upper-cases ("f 001 " → "F001"). Returns null when nothing is left. */
export function normaliseId(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const normalised = text.replace(/\s+/g, '').toUpperCase();
  return normalised === '' ? null : normalised;
}

/**
 * Returns the integer value of a correlativo ("00000123" → 123). Returns null unless the text is only
 * digits (surrounding whitespace allowed) and fits a safe integer.
 */
export function correlativoValue(text: string | null | undefined): number | null {
  const trimmed = text?.trim() ?? '';
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** True when both correlativos are integers and equal, so "F001-1" and "F001-00000001" are one document. */
export function sameCorrelativo(a: string | null, b: string | null): boolean {
  const left = correlativoValue(a);
  return left !== null && left === correlativoValue(b);
}

export interface SeriesNumber {
  readonly series: string;
  readonly number: string;
}

/**
 * Splits "F001-00000123" (or "E001 - 170") at the first "-" into series and correlativo,
 * normalised. Returns null when either side is empty.
 */
export function splitSeriesNumber(text: string | null | undefined): SeriesNumber | null {
  const normalised = normaliseId(text);
  if (normalised === null) return null;

  const dash = normalised.indexOf('-');
  if (dash <= 0 || dash === normalised.length - 1) return null;
  return { series: normalised.slice(0, dash), number: normalised.slice(dash + 1) };
}

/** True when the two series-number pairs name the same document (series by text, number by value). */
export function sameSeriesNumber(a: SeriesNumber, b: SeriesNumber): boolean {
  return normaliseId(a.series) === normaliseId(b.series) && sameCorrelativo(a.number, b.number);
}

/** Formats "F001-123" for messages, keeping the correlativo's original padding; a missing part shows as "?". */
export function formatSeriesNumber(series: string | null, number: string | null): string {
  return `${series?.trim() || '?'}-${number?.trim() || '?'}`;
}

/** The four parts of a SUNAT file name `{RUC}-{type}-{series}-{number}.{ext}`. */
export interface SunatFileName {
  readonly ruc: string;
  readonly docType: string;
  readonly series: string;
  readonly number: string;
}

const sunatNamePattern = /^(\d{11})-(\d{2})-([A-Z0-9]{4})-(\d{1,10})$/i;

/**
 * Reads a SUNAT-style file name (folders and any extension are ignored, case too).
 * Returns null for other names, which are allowed and carry no claim.
 */
export function parseSunatFileName(fileName: string | null): SunatFileName | null {
  if (fileName === null) return null;
  const baseName = fileName.split(/[/\\]/).pop() ?? '';
  const stem = baseName.replace(/\.[A-Za-z0-9]+$/, '').trim();

  const match = sunatNamePattern.exec(stem);
  if (!match) return null;
  const [, ruc = '', docType = '', series = '', number = ''] = match;
  return { ruc, docType, series: series.toUpperCase(), number };
}
