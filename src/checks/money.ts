/**
 * Money as integer cents (bigint). Amounts arrive as decimal strings ("118.00") and are
 * never converted to floating point, so 0.1 + 0.2 cannot drift.
 */

/** Default tolerance when two amounts must agree: one cent. */
export const centTolerance = 1n;

const decimalPattern = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses a plain decimal string ("236", "236.0", "-5.50", ".5") into cents, rounding half
 * away from zero past the second decimal. Returns null for anything else: empty text,
 * "NaN", "Infinity", exponents, thousands separators ("1,234.50" is the readers' job).
 */
export function parseCents(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const match = decimalPattern.exec(value.trim());
  if (!match) return null;

  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;

  const cents = BigInt(whole || '0') * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  const roundsUp = (fraction[2] ?? '0') >= '5';
  const magnitude = roundsUp ? cents + 1n : cents;
  return sign === '-' ? -magnitude : magnitude;
}

/** True when the two amounts differ by at most `tolerance` cents. */
export function amountsAgree(a: bigint, b: bigint, tolerance: bigint = centTolerance): boolean {
  const difference = a > b ? a - b : b - a;
  return difference <= tolerance;
}

/** Formats cents as a plain decimal with two places: 11800n → "118.00", -5n → "-0.05". */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  const whole = magnitude / 100n;
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const currencySymbols: Readonly<Record<string, string>> = { PEN: 'S/', USD: 'US$', EUR: '€' };

/**
 * Formats an amount for a Spanish message: "S/ 118.00", "US$ 40.00", "GBP 10.00". The
 * text is kept as written when it does not parse, so the seller sees what was read.
 */
export function formatAmount(value: string, currency: string | null): string {
  const cents = parseCents(value);
  const amount = cents === null ? value.trim() : formatCents(cents);
  if (currency === null || currency.trim() === '') return amount;

  const code = currency.trim().toUpperCase();
  return `${currencySymbols[code] ?? code} ${amount}`;
}
