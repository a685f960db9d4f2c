/**
 * The text layer of a printed receipt, prepared for matching. pdf.js output mixes case and
 * accents and puts tabs between cells, so each line is kept twice. The line as extracted
 * gives values (names, hashes). A "plain" copy of the same length (upper case, no accents,
 * tabs as spaces) is matched against labels. An index found in one is valid in the other.
 */

export interface PdfTextView {
  readonly lines: readonly string[];
  readonly plain: readonly string[];
}

const accentFree: Readonly<Record<string, string>> = {
  Á: 'A', É: 'E', Í: 'I', Ó: 'O', Ú: 'U', Ü: 'U', Ñ: 'N', À: 'A', È: 'E', Ì: 'I', Ò: 'O', Ù: 'U',
  '\t': ' ', '\u00a0': ' ', º: '°',
};

export function createTextView(text: string): PdfTextView {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line.trim() !== '');
  return { lines, plain: lines.map(toPlain) };
}

/** Upper case without accents, character for character, so indices stay aligned. */
export function toPlain(line: string): string {
  let plain = '';
  for (const character of line) {
    const upper = character.toUpperCase();
    const single = upper.length === character.length ? upper : character;
    plain += accentFree[single] ?? single;
  }
  return plain;
}

/** Removes every space, so "FAC TURA ELEC TRÓNIC A" compares as "FACTURAELECTRONICA". */
export function compact(plainText: string): string {
  return plainText.replace(/\s+/g, '');
}

/**
 * Builds a regular expression source for a label whose letters may be split by single
 * spaces, as pdf.js emits for letter-spaced fonts: "IMPORTE TOTAL" also matches "IMPOR TE TOTAL".
 */
export function looseLabel(label: string): string {
  return label
    .split(' ')
    .map((word) => [...word].map(escapeRegExp).join(' ?'))
    .join('\\s*');
}

function escapeRegExp(character: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(character) ? `\\${character}` : character;
}

/** Reads the first "DD/MM/YYYY", "DD-MM-YYYY" or "YYYY-MM-DD" date in `text` as YYYY-MM-DD, skipping impossible dates. */
export function findDate(text: string): string | null {
  const dayFirst = /(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?!\d)/.exec(text);
  const yearFirst = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(text);
  const candidates = [
    dayFirst === null ? null : { index: dayFirst.index, date: isoDate(dayFirst[3], dayFirst[2], dayFirst[1]) },
    yearFirst === null ? null : { index: yearFirst.index, date: isoDate(yearFirst[1], yearFirst[2], yearFirst[3]) },
  ].filter((candidate): candidate is { index: number; date: string | null } => candidate !== null && candidate.date !== null);

  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.date ?? null;
}

function isoDate(year: string | undefined, month: string | undefined, day: string | undefined): string | null {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "1,234.5" → "1234.50"; "236" → "236.00". */
export function normaliseAmount(text: string): string | null {
  const plainNumber = text.replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plainNumber);
  if (match === null) return null;
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}
