import { describe, expect, it } from 'vitest';
import { parseAmount, parseDate, parseDocType } from '../../src/intake/manifest-values.ts';

describe('parseAmount', () => {
  it.each([
    ['1234.50', '1234.50'],
    ['1.234,50', '1234.50'],
    ['1234,50', '1234.50'],
    ['1,234.50', '1234.50'],
    ['1234,5', '1234.50'],
    ['1234', '1234.00'],
    ['0', '0.00'],
    ['007,10', '7.10'],
    ['1.234', '1234.00'],
    ['1,234', '1234.00'],
    ['1.234.567,89', '1234567.89'],
    ['1,234,567', '1234567.00'],
  ])('reads %j as %j', (cell, expected) => {
    expect(parseAmount(cell)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1,234.567', 'tiene más de dos decimales: "1,234.567"'],
    ['12.3456', 'tiene más de dos decimales: "12.3456"'],
    ['1,23,4', 'no es un monto válido: "1,23,4"'],
    ['1.2.3,45', 'no es un monto válido: "1.2.3,45"'],
    ['12,34,56.7', 'no es un monto válido: "12,34,56.7"'],
    ['S/ 100.00', 'no es un monto válido: "S/ 100.00"'],
    ['.50', 'no es un monto válido: ".50"'],
    ['-10.00', 'no puede ser negativo: "-10.00"'],
  ])('rejects %j', (cell, problem) => {
    expect(parseAmount(cell)).toEqual({ ok: false, problem });
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['5/3/2024', '2024-03-05'],
    ['05-03-2024', '2024-03-05'],
    ['29/02/2024', '2024-02-29'],
  ])('reads %j as %j', (cell, expected) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: expected });
  });

  it.each(['29/02/2023', '2024-13-01', '32/01/2024', '05/03-2024', '2024/03/05', '05.03.2024', '24-03-05'])('rejects %j', (cell) => {
    expect(parseDate(cell).ok).toBe(false);
  });
});

describe('parseDocType', () => {
  it.each([
    ['01', '01'],
    ['1', '01'],
    ['Factura', '01'],
    ['FACTURA ELECTRÓNICA', '01'],
    ['03', '03'],
    ['3', '03'],
    ['boleta', '03'],
    ['Boleta de Venta', '03'],
    ['07', '07'],
    ['Nota de Crédito', '07'],
    ['nota_de_credito', '07'],
    ['08', '08'],
    ['NOTA DE DÉBITO', '08'],
  ])('reads %j as %j', (cell, expected) => {
    expect(parseDocType(cell)).toEqual({ ok: true, value: expected });
  });

  it.each(['09', 'guia', 'recibo por honorarios', '001'])('rejects %j', (cell) => {
    expect(parseDocType(cell)).toEqual({ ok: false, problem: `no es un tipo válido: "${cell}"` });
  });
});
