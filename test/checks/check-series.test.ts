import { describe, expect, it } from 'vitest';
import { checkNumber, checkSeries, seriesFitsType } from '../../src/checks/check-series.ts';
import { expectMessagesFilled, factura } from './receipt-fixtures.ts';

describe('seriesFitsType', () => {
  it.each([
    ['01', 'F001'],
    ['01', 'FA12'],
    ['01', 'E001'],
    ['01', '0001'],
    ['01', 'f001'],
    ['03', 'B001'],
    ['03', 'BA25'],
    ['03', 'EB01'],
    ['03', '0001'],
    ['07', 'FC01'],
    ['07', 'BC01'],
    ['07', 'S001'],
    ['07', 'E001'],
    ['08', 'FD01'],
    ['08', '0002'],
  ])('type %s accepts %s', (docType, series) => {
    expect(seriesFitsType(series, docType)).toBe(true);
  });

  it.each([
    ['01', 'B001'],
    ['01', 'F01'],
    ['01', 'F0001'],
    ['01', 'E002'],
    ['01', 'EB01'],
    ['03', 'F001'],
    ['03', 'E001'],
    ['03', 'B-01'],
    ['07', 'T001'],
    ['07', 'EB02'],
    ['01', '001'],
    ['09', 'T001'],
    ['01', ''],
  ])('type %s rejects %s', (docType, series) => {
    expect(seriesFitsType(series, docType)).toBe(false);
  });
});

describe('checkSeries', () => {
  it('passes F001 on a factura', () => {
    expect(checkSeries(factura())).toEqual([]);
  });

  it('rejects a boleta series on a factura', () => {
    const findings = checkSeries(factura({ series: 'B001' }));
    expect(findings).toEqual([{ code: 'SERIES_INVALID', details: { series: 'B001', docType: '01 (factura)' } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a missing series', () => {
    expect(checkSeries(factura({ series: null }))[0]?.details.series).toBe('no indicada');
  });
});

describe('checkNumber', () => {
  it.each(['1', '123', '00000001', '99999999'])('passes %s', (number) => {
    expect(checkNumber(factura({ number }))).toEqual([]);
  });

  it.each([
    ['0', '0'],
    ['00000000', '00000000'],
    ['123456789', '123456789'],
    ['12a', '12a'],
    ['-1', '-1'],
    ['', 'no indicado'],
  ])('rejects %j', (number, shown) => {
    const findings = checkNumber(factura({ number }));
    expect(findings).toEqual([{ code: 'NUMBER_INVALID', details: { number: shown } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a missing number', () => {
    expect(checkNumber(factura({ number: null }))[0]?.code).toBe('NUMBER_INVALID');
  });
});
