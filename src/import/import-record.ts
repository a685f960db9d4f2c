/** One row of an import file, with values keyed by normalised column name. */
export interface ImportRecord {
  /** Line where the row starts (CSV header is line 1), or array index + 1 for JSON. */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
  /** Set when the row cannot be read as a row at all (wrong column count, not an object). */
  readonly problem?: string;
}

export type ParsedRecords =
  /** `columns` is the normalised CSV header, or null for JSON, which has none. */
  | { readonly ok: true; readonly records: ImportRecord[]; readonly columns: readonly string[] | null }
  | { readonly ok: false; readonly message: string; readonly line: number | null };

/**
 * Column name as compared: trimmed, lower-case, accents dropped, spaces as "_", so
 * "Razón Social" matches razon_social.
 */
export function normaliseColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_');
}
