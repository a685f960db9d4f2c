import { describe, expect, it } from 'vitest';
import { amountInWords, integerInWords } from '../../src/demo/amount-in-words.ts';

describe('integerInWords', () => {
  it.each([
    [0, 'CERO'],
    [1, 'UNO'],
    [16, 'DIECISÉIS'],
    [21, 'VEINTIUNO'],
    [45, 'CUARENTA Y CINCO'],
    [100, 'CIEN'],
    [118, 'CIENTO DIECIOCHO'],
    [236, 'DOSCIENTOS TREINTA Y SEIS'],
    [1000, 'MIL'],
    [1001, 'MIL UNO'],
    [21_000, 'VEINTIÚN MIL'],
    [71_354, 'SETENTA Y UN MIL TRESCIENTOS CINCUENTA Y CUATRO'],
    [100_000, 'CIEN MIL'],
    [1_000_000, 'UN MILLÓN'],
    [2_500_000, 'DOS MILLONES QUINIENTOS MIL'],
  ])('writes %i as %s', (value, words) => {
    expect(integerInWords(value)).toBe(words);
  });
});

describe('amountInWords', () => {
  it('writes cents as a fraction and names the currency', () => {
    expect(amountInWords(11800, 'PEN')).toBe('CIENTO DIECIOCHO CON 00/100 SOLES');
    expect(amountInWords(5, 'USD')).toBe('CERO CON 05/100 DÓLARES AMERICANOS');
  });

  it('rejects negative and fractional cents', () => {
    expect(() => amountInWords(-1, 'PEN')).toThrow(RangeError);
    expect(() => amountInWords(1.5, 'PEN')).toThrow(RangeError);
  });
});
