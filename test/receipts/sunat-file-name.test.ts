import { describe, expect, it } from 'vitest';
import { isCdrFileName, parseSunatFileName } from '../../src/receipts/sunat-file-name.ts';

describe('parseSunatFileName', () => {
  it('reads the four parts of an XML name', () => {
    expect(parseSunatFileName('20100070970-03-B001-848.xml')).toEqual({ issuerRuc: '20100070970', docType: '03', series: 'B001', number: '848' });
  });

  it('accepts PDF, ZIP and upper-case extensions, and no extension', () => {
    for (const name of ['20100070970-01-F001-00000123.PDF', '20100070970-01-F001-00000123.zip', '20100070970-01-f001-00000123.Xml', '20100070970-01-F001-00000123']) {
      expect(parseSunatFileName(name), name).toEqual({ issuerRuc: '20100070970', docType: '01', series: 'F001', number: '00000123' });
    }
  });

  it('strips folders written with either slash', () => {
    expect(parseSunatFileName('lote/marzo/20100070970-07-FC01-5.xml')?.series).toBe('FC01');
    expect(parseSunatFileName('lote\\20100070970-08-FD01-6.xml')?.docType).toBe('08');
  });

  it('reads the CDR name behind its R- prefix', () => {
    expect(parseSunatFileName('R-20600995805-01-F001-2.xml')).toEqual({ issuerRuc: '20600995805', docType: '01', series: 'F001', number: '2' });
  });

  it('returns null for summary names', () => {
    expect(parseSunatFileName('20100070970-RC-20240315-1.xml')).toBeNull();
    expect(parseSunatFileName('20100070970-RA-20240315-2.xml')).toBeNull();
  });

  it.each(['NOTA_CREDITOE001-27.XML', 'factura 123.pdf', '2010007097-01-F001-1.xml', '20100070970-01-F01-1.xml', '20100070970-01-F001-123456789.xml', '20100070970-01-F001-1.txt', ''])(
    'returns null for %j',
    (name) => {
      expect(parseSunatFileName(name)).toBeNull();
    },
  );
});

describe('isCdrFileName', () => {
  it('recognises R- names as XML or ZIP', () => {
    expect(isCdrFileName('R-20604051984-03-B001-9927.xml')).toBe(true);
    expect(isCdrFileName('R-20604051984-03-B001-9927.ZIP')).toBe(true);
  });

  it('rejects receipts and free-form names', () => {
    expect(isCdrFileName('20604051984-03-B001-9927.xml')).toBe(false);
    expect(isCdrFileName('R-respuesta.xml')).toBe(false);
    expect(isCdrFileName('dummy')).toBe(false);
  });
});
