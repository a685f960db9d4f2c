import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  correlativoValue,
  formatSeriesNumber,
  normaliseId,
  parseSunatFileName,
  sameCorrelativo,
  sameSeriesNumber,
  splitSeriesNumber,
} from '../../src/checks/normalise-doc-id.ts';

describe('normaliseId', () => {
  it('trims, drops inner spaces and upper-cases', () => {
    expect(normaliseId(' f 001\n')).toBe('F001');
    expect(normaliseId('clientes varios')).toBe('CLIENTESVARIOS');
  });

  it('returns null for blank text', () => {
    expect(normaliseId('  ')).toBeNull();
    expect(normaliseId(null)).toBeNull();
  });
});

describe('correlativoValue', () => {
  it.each([
    ['1', 1],
    ['00000001', 1],
    [' 848 ', 848],
    ['0', 0],
  ])('reads %j', (text, value) => {
    expect(correlativoValue(text)).toBe(value);
  });

  it.each(['', '12a', '-1', '1.0', '１２'])('rejects %j', (text) => {
    expect(correlativoValue(text)).toBeNull();
  });

  it('compares padded numbers as equal', () => {
    expect(sameCorrelativo('1', '00000001')).toBe(true);
    expect(sameCorrelativo('1', '2')).toBe(false);
    expect(sameCorrelativo(null, null)).toBe(false);
  });
});

describe('splitSeriesNumber', () => {
  it('splits at the first dash', () => {
    expect(splitSeriesNumber('F001-00000123')).toEqual({ series: 'F001', number: '00000123' });
  });

  it('removes spaces around the dash', () => {
    expect(splitSeriesNumber('E001 - 170')).toEqual({ series: 'E001', number: '170' });
  });

  it.each(['F001', '-123', 'F001-', '', null])('rejects %j', (text) => {
    expect(splitSeriesNumber(text)).toBeNull();
  });

  it('matches series by text and number by value', () => {
    expect(sameSeriesNumber({ series: 'f001', number: '1' }, { series: 'F001', number: '00000001' })).toBe(true);
    expect(sameSeriesNumber({ series: 'F001', number: '1' }, { series: 'F002', number: '1' })).toBe(false);
  });

  it('formats missing parts as ?', () => {
    expect(formatSeriesNumber('F001', '00000123')).toBe('F001-00000123');
    expect(formatSeriesNumber(null, '5')).toBe('?-5');
  });
});

describe('parseSunatFileName', () => {
  it('reads the four parts', () => {
    expect(parseSunatFileName('20100070970-03-B001-848.xml')).toEqual({
      ruc: '20100070970',
      docType: '03',
      series: 'B001',
      number: '848',
    });
  });

  it('ignores folders, case and extension', () => {
    expect(parseSunatFileName('lote/20100070970-01-f001-00000001.PDF')?.series).toBe('F001');
    expect(parseSunatFileName('C:\\lote\\20100070970-01-F001-1.XML')?.number).toBe('1');
    expect(parseSunatFileName('20100070970-01-F001-1')?.ruc).toBe('20100070970');
  });

  it.each(['NOTA_CREDITOE001-27.XML', 'factura 123.pdf', 'R-20100070970-01-F001-1.xml', '2010007097-01-F001-1.xml', null])(
    'returns null for %j',
    (name) => {
      expect(parseSunatFileName(name)).toBeNull();
    },
  );
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.resolve(repoRoot, '../shared/samples/real');

describe.skipIf(!existsSync(samplesDir))('parseSunatFileName on real sample names', () => {
  const names = existsSync(samplesDir) ? readdirSync(samplesDir) : [];

  it('reads every SUNAT-style name', () => {
    const sunatStyle = names.filter((name) => /^\d{11}-\d{2}-/.test(name));
    expect(sunatStyle.length).toBeGreaterThan(0);
    for (const name of sunatStyle) {
      expect(parseSunatFileName(name), name).not.toBeNull();
    }
  });

  it('reads the boleta ZIP name', () => {
    expect(names).toContain('20604051984-03-B001-9927.zip');
    expect(parseSunatFileName('20604051984-03-B001-9927.zip')).toEqual({
      ruc: '20604051984',
      docType: '03',
      series: 'B001',
      number: '9927',
    });
  });

  it('ignores CDR and free-form names', () => {
    for (const name of names.filter((n) => n.startsWith('R-') || n.startsWith('NOTA_') || n.endsWith('.md'))) {
      expect(parseSunatFileName(name), name).toBeNull();
    }
  });
});
