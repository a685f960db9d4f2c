import { describe, expect, it } from 'vitest';
import { checkFileNames } from '../../src/checks/check-file-names.ts';
import { codesOf, expectMessagesFilled, factura } from './receipt-fixtures.ts';

const names = (xml: string | null, pdf: string | null = null) => ({ xml, pdf });

describe('checkFileNames', () => {
  it('passes a matching SUNAT name', () => {
    expect(checkFileNames(factura(), names('20100070970-01-F001-123.xml', '20100070970-01-F001-123.pdf'))).toEqual([]);
  });

  it('passes non-SUNAT names', () => {
    expect(checkFileNames(factura(), names('factura 123.xml', 'pedido-5001.pdf'))).toEqual([]);
  });

  it('passes missing names', () => {
    expect(checkFileNames(factura(), names(null))).toEqual([]);
  });

  it.each([
    ['20131312955-01-F001-123.xml', 'RUC', '20131312955', '20100070970'],
    ['20100070970-03-F001-123.xml', 'tipo', '03', '01'],
    ['20100070970-01-F002-123.xml', 'serie', 'F002', 'F001'],
    ['20100070970-01-F001-124.xml', 'correlativo', '124', '123'],
  ])('rejects %s', (file, field, nameValue, contentValue) => {
    const findings = checkFileNames(factura(), names(file));
    expect(findings).toEqual([
      { code: 'FILENAME_CONTENT_MISMATCH', details: { file, field, nameValue, contentValue } },
    ]);
    expectMessagesFilled(findings);
  });

  it('warns when only padding differs', () => {
    const file = '20100070970-01-F001-00000123.XML';
    const findings = checkFileNames(factura(), names(file));
    expect(findings).toEqual([
      { code: 'FILENAME_PADDING_DIFFERS', details: { file, nameValue: '00000123', contentValue: '123' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('checks the PDF name too', () => {
    const findings = checkFileNames(factura(), names('20100070970-01-F001-123.xml', '20100070970-01-F001-2.pdf'));
    expect(findings.map((f) => f.details.file)).toEqual(['20100070970-01-F001-2.pdf']);
  });

  it('reads the real mismatched sample name', () => {
    // 12345678912-01-F001-2.xml contains F001-1 from RUC 12345678912.
    const doc = factura({ issuerRuc: '12345678912', number: '1' });
    expect(codesOf(checkFileNames(doc, names('12345678912-01-F001-2.xml')))).toEqual(['FILENAME_CONTENT_MISMATCH']);
  });

  it('skips fields the content lacks', () => {
    expect(checkFileNames(factura({ number: null, issuerRuc: null }), names('20999999999-01-F001-9.xml'))).toEqual([]);
  });
});
