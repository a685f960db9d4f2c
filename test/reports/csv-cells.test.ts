import { describe, expect, it } from 'vitest';
import { csvField, csvLine, neutraliseFormula } from '../../src/reports/csv-cells.ts';

describe('neutraliseFormula', () => {
  it.each(['=HYPERLINK("x")', '+51999', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('prefixes %j', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it('keeps ordinary text', () => {
    expect(neutraliseFormula('F001-123')).toBe('F001-123');
  });
});

describe('csvField', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('dijo "no"')).toBe('"dijo ""no"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('writes empty for null', () => {
    expect(csvLine([null, 3, 'x'])).toBe(',3,x');
  });

  it('neutralises before quoting', () => {
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });
});

describe('csvField control characters', () => {
  it('replaces a NUL byte', () => {
    expect(csvField('a\u0000b.pdf')).toBe('a\uFFFDb.pdf');
  });
});
