import { describe, expect, it } from 'vitest';
import { isAfter, isBefore, parseDate } from '../../src/checks/dates.ts';

describe('parseDate', () => {
  it.each([
    ['2024-05-10', '2024-05-10'],
    ['2024/05/10', '2024-05-10'],
    ['10/05/2024', '2024-05-10'],
    ['10-05-2024', '2024-05-10'],
    ['10.05.2024', '2024-05-10'],
    ['5/1/2024', '2024-01-05'],
    ['2024-5-1', '2024-05-01'],
    [' 2024-05-10 ', '2024-05-10'],
    ['2024-05-10T14:30:00-05:00', '2024-05-10'],
    ['10/05/2024 14:30', '2024-05-10'],
    ['29/02/2024', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %j', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });

  it.each(['', '2024-13-01', '2024-02-30', '29/02/2023', '1900-02-29', '31/04/2024', '2024-00-10', '00/05/2024', '10 de mayo', '20240510', '05/2024', '1899-12-31'])(
    'rejects %j',
    (text) => {
      expect(parseDate(text)).toBeNull();
    },
  );

  it('rejects null and undefined', () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate(undefined)).toBeNull();
  });
});

describe('date order', () => {
  it('compares YYYY-MM-DD days', () => {
    expect(isAfter('2024-05-11', '2024-05-10')).toBe(true);
    expect(isAfter('2024-05-10', '2024-05-10')).toBe(false);
    expect(isBefore('2023-12-31', '2024-01-01')).toBe(true);
    expect(isBefore('2024-01-01', '2024-01-01')).toBe(false);
  });
});
