import type { ReceiptSpec } from './receipt-spec.ts';

/**
 * Amounts of a generated receipt in integer cents. Prices include IGV at 18%, as
 * marketplace prices do; each line's taxable base is its total divided by 1.18, rounded
 * half up, and its IGV is the rest, so base + IGV = total on every line and in the sum.
 */

export const igvPercent = 18;

export interface LineAmounts {
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  /** Unit value without IGV, rounded to cents. */
  readonly unitValueCents: number;
  readonly totalCents: number;
  readonly baseCents: number;
  readonly igvCents: number;
}

export interface ReceiptAmounts {
  readonly lines: readonly LineAmounts[];
  readonly baseCents: number;
  readonly igvCents: number;
  readonly totalCents: number;
}

export function computeReceiptAmounts(spec: ReceiptSpec): ReceiptAmounts {
  const lines = spec.lines.map((line): LineAmounts => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`Line "${line.description}": quantity must be a positive integer, got ${line.quantity}`);
    }
    const unitPriceCents = parseCents(line.unitPrice);
    const totalCents = unitPriceCents * line.quantity;
    const baseCents = withoutIgv(totalCents);
    return { description: line.description, quantity: line.quantity, unitPriceCents, unitValueCents: withoutIgv(unitPriceCents), totalCents, baseCents, igvCents: totalCents - baseCents };
  });

  const sum = (pick: (line: LineAmounts) => number): number => lines.reduce((total, line) => total + pick(line), 0);
  return { lines, baseCents: sum((line) => line.baseCents), igvCents: sum((line) => line.igvCents), totalCents: sum((line) => line.totalCents) };
}

/** total × 100 / 118, rounded half up, in integers. */
function withoutIgv(cents: number): number {
  return Math.floor((cents * 100 * 2 + (100 + igvPercent)) / (2 * (100 + igvPercent)));
}

/** "59.90" → 5990. Throws for anything but a non-negative decimal with at most two decimals. */
export function parseCents(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (match === null) throw new RangeError(`Invalid amount "${amount}": expected digits with at most two decimals`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 11800 → "118.00" */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** 123456 → "1,234.56", as printed receipts write amounts. */
export function formatCentsGrouped(cents: number): string {
  const [whole, fraction] = formatCents(cents).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}
