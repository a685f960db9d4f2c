import { describe, expect, it } from 'vitest';
import { amountsAgree, formatAmount, formatCents, parseCents } from '../../src/checks/money.ts';

describe('parseCents', () => {
  it.each([
    ['236', 23600n],
    ['236.0', 23600n],
    ['236.00', 23600n],
    ['236.5', 23650n],
    [' 118.00 ', 11800n],
    ['0.01', 1n],
    ['.5', 50n],
    ['5.', 500n],
    ['-5.50', -550n],
    ['+7', 700n],
    ['0.005', 1n],
    ['0.0049', 0n],
    ['1.999', 200n],
    ['-0.005', -1n],
    ['123456789012345678.99', 12345678901234567899n],
  ])('reads %j', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['', '   ', 'NaN', 'nan', 'Infinity', '-Infinity', '1e3', '1,234.50', '12.3.4', '.', '-', 'S/ 10', '0x10', '١٢'])(
    'rejects %j',
    (text) => {
      expect(parseCents(text)).toBeNull();
    },
  );

  it('rejects null and undefined', () => {
    expect(parseCents(null)).toBeNull();
    expect(parseCents(undefined)).toBeNull();
  });
});

describe('amountsAgree', () => {
  it('accepts one cent apart', () => {
    expect(amountsAgree(23600n, 23601n)).toBe(true);
    expect(amountsAgree(23601n, 23600n)).toBe(true);
  });

  it('rejects two cents apart', () => {
    expect(amountsAgree(23600n, 23602n)).toBe(false);
  });

  it('takes a wider tolerance', () => {
    expect(amountsAgree(1000n, 1100n, 100n)).toBe(true);
    expect(amountsAgree(1000n, 1101n, 100n)).toBe(false);
  });
});

describe('formatCents', () => {
  it.each([
    [11800n, '118.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [-12345n, '-123.45'],
    [0n, '0.00'],
  ])('formats %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
});

describe('formatAmount', () => {
  it('prefixes the currency symbol', () => {
    expect(formatAmount('118', 'PEN')).toBe('S/ 118.00');
    expect(formatAmount('40.5', 'usd')).toBe('US$ 40.50');
    expect(formatAmount('10', 'GBP')).toBe('GBP 10.00');
  });

  it('keeps unreadable text', () => {
    expect(formatAmount('diez', 'PEN')).toBe('S/ diez');
  });

  it('omits a missing currency', () => {
    expect(formatAmount('118', null)).toBe('118.00');
  });
});
