import { describe, expect, it } from 'vitest';
import { computeReceiptAmounts, formatCents, formatCentsGrouped, parseCents } from '../../src/demo/receipt-amounts.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';

describe('computeReceiptAmounts', () => {
  it('splits each line total into base and IGV, rounding the base half up', () => {
    const amounts = computeReceiptAmounts(sampleReceiptSpec({ lines: [{ description: 'A', quantity: 1, unitPrice: '118.00' }, { description: 'B', quantity: 1, unitPrice: '0.59' }] }));
    expect(amounts.lines.map((line) => [line.totalCents, line.baseCents, line.igvCents])).toEqual([
      [11800, 10000, 1800],
      [59, 50, 9],
    ]);
    expect(amounts).toMatchObject({ totalCents: 11859, baseCents: 10050, igvCents: 1809 });
  });
});

describe('cents helpers', () => {
  it('parses and formats amounts', () => {
    expect(parseCents('59.9')).toBe(5990);
    expect(parseCents(' 7 ')).toBe(700);
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-1250)).toBe('-12.50');
    expect(formatCentsGrouped(123456789)).toBe('1,234,567.89');
  });

  it('rejects amounts with more than two decimals or signs', () => {
    expect(() => parseCents('1.234')).toThrow(RangeError);
    expect(() => parseCents('-1.00')).toThrow(RangeError);
    expect(() => parseCents('1,000.00')).toThrow(RangeError);
  });
});
