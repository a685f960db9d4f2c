/**
 * Calendar dates as YYYY-MM-DD strings. Such strings sort like the dates they name, so
 * comparisons are plain string comparisons and no clock or time zone is involved.
 */

const isoPattern = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const dayFirstPattern = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Parses a date as receipts print it: YYYY-MM-DD (or with "/"), DD/MM/YYYY, DD-MM-YYYY or
 * DD.MM.YYYY, optionally followed by a time ("2024-03-05T10:00:00", "05/03/2024 10:00").
 * Returns the date as YYYY-MM-DD, or null when the text is not a real calendar date.
 */
export function parseDate(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const datePart = text.trim().split(/[T\s]/)[0] ?? '';

  const iso = isoPattern.exec(datePart);
  if (iso) return formatDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  const dayFirst = dayFirstPattern.exec(datePart);
  if (dayFirst) return formatDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));

  return null;
}

/** True when `a` is a later day than `b`; both are YYYY-MM-DD. */
export function isAfter(a: string, b: string): boolean {
  return a > b;
}

/** True when `a` is an earlier day than `b`; both are YYYY-MM-DD. */
export function isBefore(a: string, b: string): boolean {
  return a < b;
}
