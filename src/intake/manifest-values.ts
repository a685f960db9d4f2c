import type { ReceiptDocType } from '../receipts/receipt-document.ts';

/** A cell read into its normal form, or the Spanish problem for ROW_INVALID's `{problem}`. */
export type CellResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const invalid = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** Lower case, accents removed, runs of spaces, dashes and underscores made one space. */
function plainWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

const docTypeWords: Readonly<Record<string, ReceiptDocType>> = {
  '01': '01',
  '1': '01',
  factura: '01',
  '03': '03',
  '3': '03',
  boleta: '03',
  'boleta de venta': '03',
  '07': '07',
  '7': '07',
  'nota de credito': '07',
  '08': '08',
  '8': '08',
  'nota de debito': '08',
};

/** SUNAT catalogue 01 code from a code or a name ("Factura", "nota de crédito", "3"); a trailing "electrónica" is allowed. */
export function parseDocType(cell: string): CellResult<ReceiptDocType> {
  const words = plainWords(cell).replace(/ electronica$/, '');
  const code = docTypeWords[words];
  return code === undefined ? invalid(`no es un tipo válido: "${cell}"`) : { ok: true, value: code };
}

/**
 * Reads an amount as a decimal string with two decimals ("1234.50"). Accepts a dot or a comma as
 * the decimal separator and the other one for thousands: `1.234,50`, `1,234.50`, `1234,5`.
 * A single separator followed by exactly three digits groups thousands (`1.234` is 1234.00),
 * because totals in soles or dollars never carry three decimals.
 */
export function parseAmount(cell: string): CellResult<string> {
  if (cell.startsWith('-')) return invalid(`no puede ser negativo: "${cell}"`);
  if (!/^\d[\d.,]*$/.test(cell)) return invalid(`no es un monto válido: "${cell}"`);

  const split = splitDecimal(cell);
  if (split === null) return invalid(`no es un monto válido: "${cell}"`);
  const { integer, fraction, groupSeparator } = split;

  const grouping = groupSeparator === null ? /^\d+$/ : new RegExp(`^\\d{1,3}(\\${groupSeparator}\\d{3})*$`);
  if (!grouping.test(integer)) return invalid(`no es un monto válido: "${cell}"`);
  if (!/^\d{0,2}$/.test(fraction)) return invalid(`tiene más de dos decimales: "${cell}"`);

  const digits = groupSeparator === null ? integer : integer.replaceAll(groupSeparator, '');
  const whole = digits.replace(/^0+(?=\d)/, '');
  return { ok: true, value: `${whole}.${fraction.padEnd(2, '0')}` };
}

/** Splits at the decimal separator; null when the separators cannot be read one way only. */
function splitDecimal(cell: string): { integer: string; fraction: string; groupSeparator: string | null } | null {
  const lastDot = cell.lastIndexOf('.');
  const lastComma = cell.lastIndexOf(',');
  if (lastDot < 0 && lastComma < 0) return { integer: cell, fraction: '', groupSeparator: null };

  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const at = cell.lastIndexOf(decimal);
    if (cell.indexOf(decimal) !== at) return null;
    return { integer: cell.slice(0, at), fraction: cell.slice(at + 1), groupSeparator: decimal === '.' ? ',' : '.' };
  }

  const separator = lastDot >= 0 ? '.' : ',';
  const at = cell.lastIndexOf(separator);
  const tail = cell.slice(at + 1);
  if (cell.indexOf(separator) !== at || tail.length === 3) return { integer: cell, fraction: '', groupSeparator: separator };
  return { integer: cell.slice(0, at), fraction: tail, groupSeparator: null };
}

/** Reads a calendar date as YYYY-MM-DD from YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (day first, as in Peru). */
export function parseDate(cell: string): CellResult<string> {
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(cell);
  const dayFirstMatch = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/.exec(cell);
  const parts = isoMatch ? [isoMatch[1], isoMatch[2], isoMatch[3]] : dayFirstMatch ? [dayFirstMatch[4], dayFirstMatch[3], dayFirstMatch[1]] : null;
  if (parts === null) return invalid(`no es una fecha válida (AAAA-MM-DD o DD/MM/AAAA): "${cell}"`);

  const [year, month, day] = parts.map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const real = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!real) return invalid(`no es una fecha real: "${cell}"`);
  return { ok: true, value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** Reads a series of four letters or digits (F001, B001, FC01, E001, 0001), upper-cased. */
export function parseSeries(cell: string): CellResult<string> {
  return /^[A-Z0-9]{4}$/i.test(cell) ? { ok: true, value: cell.toUpperCase() } : invalid(`no es una serie válida (4 letras o dígitos): "${cell}"`);
}

/** Reads a correlativo of 1 to 8 digits, kept as written because padding varies between issuers. */
export function parseNumber(cell: string): CellResult<string> {
  return /^\d{1,8}$/.test(cell) ? { ok: true, value: cell } : invalid(`no es un correlativo válido (de 1 a 8 dígitos): "${cell}"`);
}
