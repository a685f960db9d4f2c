/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula. A leading apostrophe makes them show it as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Formats one CSV field: formula-neutralised, quoted when it contains a separator, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Control characters (a NUL from an entry name, say) become U+FFFD; tab, CR and LF stay.
  const text = neutraliseFormula(String(value).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD'));
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvField).join(',');
}
