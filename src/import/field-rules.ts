import { formatCents, parseCents } from '../checks/money.ts';
import { parseDate } from '../checks/dates.ts';
import { validateRuc } from '../checks/ruc.ts';
import { storageSegment } from '../attach/storage-path.ts';

/**
 * Parsers for the columns of the sellers and orders import. Each returns the stored value,
 * or a Spanish problem that names the column and the value.
 */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A whole row: the value to store, or every problem found joined in one message. */
export type RowValidation<T> = { readonly ok: true; readonly row: T } | { readonly ok: false; readonly message: string };

export function problemsOf(results: ReadonlyArray<FieldResult<unknown>>): string[] {
  return results.flatMap((result) => (result.ok ? [] : [result.problem]));
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const problem = (column: string, value: string, text: string): FieldResult<never> => ({ ok: false, problem: `${column} "${value}" ${text}` });
const missing = (column: string): FieldResult<never> => ({ ok: false, problem: `falta ${column}` });

/** Trims the text and collapses inner whitespace runs. An absent column gives "". */
export function cleanText(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Parses a seller id or order number: required, at most 64 characters, and usable as a
 * storage folder name (stored receipts live under `<seller>/<order>/`).
 */
export function parseKey(column: string, raw: string | undefined): FieldResult<string> {
  const value = cleanText(raw);
  if (value === '') return missing(column);
  if (value.length > 64) return problem(column, value, 'tiene más de 64 caracteres');
  if (storageSegment(value) === null) return problem(column, value, 'solo puede tener letras, dígitos, espacios, ".", "_" y "-"');
  return ok(value);
}

export function parseRequiredText(column: string, raw: string | undefined, maxLength: number): FieldResult<string> {
  const value = cleanText(raw);
  if (value === '') return missing(column);
  if (value.length > maxLength) return problem(column, value, `tiene más de ${maxLength} caracteres`);
  return ok(value);
}

/** Parses an 11-digit RUC with a valid check digit. */
export function parseRuc(column: string, raw: string | undefined): FieldResult<string> {
  const value = cleanText(raw).replace(/\s/g, '');
  if (value === '') return missing(column);
  const validation = validateRuc(value);
  return validation.valid ? ok(value) : problem(column, value, `no es un RUC válido: ${validation.reason}`);
}

/** Parses one of the allowed values, compared without case and returned as listed. */
export function parseChoice<T extends string>(column: string, raw: string | undefined, allowed: readonly T[]): FieldResult<T> {
  const value = cleanText(raw);
  if (value === '') return missing(column);
  const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
  return match ? ok(match) : problem(column, value, `no es un valor válido; use ${allowed.join(', ')}`);
}

/** Parses a non-negative amount with a dot and at most two decimals, stored as "118.00". */
export function parseTotal(column: string, raw: string | undefined): FieldResult<string> {
  const value = cleanText(raw);
  if (value === '') return missing(column);
  if (/^\d{1,15},\d{1,2}$/.test(value)) return problem(column, value, 'usa coma decimal; escriba el importe con punto, por ejemplo 118.00');
  const cents = /^\d{1,15}(\.\d{1,2})?$/.test(value) ? parseCents(value) : null;
  return cents === null ? problem(column, value, 'no es un importe válido; escriba por ejemplo 118.00') : ok(formatCents(cents));
}

const isoTime = /^[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses YYYY-MM-DD, or an ISO 8601 timestamp whose date part is kept as written. */
export function parseOrderDate(column: string, raw: string | undefined): FieldResult<string> {
  const value = cleanText(raw);
  if (value === '') return missing(column);
  const datePart = value.slice(0, 10);
  const timePart = value.slice(10);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(datePart) && parseDate(datePart) === datePart && (timePart === '' || isoTime.test(timePart));
  return valid ? ok(datePart) : problem(column, value, 'no es una fecha válida; use AAAA-MM-DD');
}
