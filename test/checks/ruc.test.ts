import { describe, expect, it } from 'vitest';
import { isValidRuc, rucCheckDigit, validateRuc } from '../../src/checks/ruc.ts';

describe('validateRuc', () => {
  it.each(['20100070970', '20131312955', '10254824220', '20000000001'])('accepts %s', (ruc) => {
    expect(validateRuc(ruc)).toEqual({ valid: true });
  });

  it.each([
    ['20123456789', 'el dígito verificador no corresponde'],
    ['12345678912', 'el prefijo 12 no existe; debe ser 10, 15, 16, 17 o 20'],
    ['20200464529', 'el dígito verificador no corresponde'],
    ['2010007097', 'debe tener 11 dígitos'],
    ['201000709701', 'debe tener 11 dígitos'],
    ['2010007097A', 'debe tener 11 dígitos'],
    ['', 'no figura en el comprobante'],
  ])('rejects %j', (ruc, reason) => {
    expect(validateRuc(ruc)).toEqual({ valid: false, reason });
  });

  it('rejects null', () => {
    expect(validateRuc(null).valid).toBe(false);
  });

  it('trims surrounding spaces', () => {
    expect(isValidRuc(' 20100070970 ')).toBe(true);
  });

  it.each(['15', '16', '17'])('accepts prefix %s with its check digit', (prefix) => {
    const firstTen = `${prefix}12345678`;
    expect(isValidRuc(`${firstTen}${rucCheckDigit(firstTen)}`)).toBe(true);
  });
});

describe('rucCheckDigit', () => {
  it('maps 11 - r = 10 to 0', () => {
    // 2010007097: weighted sum 89, 89 mod 11 = 1, 11 - 1 = 10.
    expect(rucCheckDigit('2010007097')).toBe(0);
  });

  it('maps 11 - r = 11 to 1', () => {
    // 2000020000: weighted sum 2*5 + 2*6 = 22, 22 mod 11 = 0, 11 - 0 = 11.
    expect(rucCheckDigit('2000020000')).toBe(1);
  });

  it('computes an ordinary digit', () => {
    // 2013131295: weighted sum 94, 94 mod 11 = 6, 11 - 6 = 5.
    expect(rucCheckDigit('2013131295')).toBe(5);
  });
});
