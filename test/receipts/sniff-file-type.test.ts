import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sniffFileType } from '../../src/receipts/sniff-file-type.ts';

describe('sniffFileType', () => {
  it('detects a PDF header', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual({ kind: 'pdf', description: 'PDF' });
  });

  it('detects a PDF header after junk bytes', () => {
    const head = Buffer.concat([Buffer.from([0x0d, 0x0a, 0xef, 0xbb, 0xbf, 0x20]), Buffer.from('%PDF-1.4\n')]);
    expect(sniffFileType(head).kind).toBe('pdf');
  });

  it('detects XML with and without declaration, BOM or leading whitespace', () => {
    const variants = [
      '<?xml version="1.0" encoding="UTF-8"?><Invoice/>',
      '\ufeff<?xml version="1.0"?><Invoice/>',
      '\n\n   <Invoice xmlns="urn:x"/>',
    ];
    for (const text of variants) {
      expect(sniffFileType(Buffer.from(text, 'utf8')).kind, JSON.stringify(text)).toBe('xml');
    }
  });

  it('detects UTF-16 XML with either byte order mark', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><Invoice/>';
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bigEndian = iconv.encode(text, 'utf-16be', { addBOM: true });

    expect(sniffFileType(littleEndian)).toEqual({ kind: 'xml', description: 'XML' });
    expect(bigEndian[0]).toBe(0xfe);
    expect(sniffFileType(bigEndian)).toEqual({ kind: 'xml', description: 'XML' });
  });

  it('detects a ZIP by its local file header', () => {
    expect(sniffFileType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({ kind: 'zip', description: 'ZIP' });
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'imagen PNG'],
    [[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'imagen JPEG'],
    [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'imagen GIF'],
    [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'archivo RAR'],
  ])('describes %j as %s', (bytes, description) => {
    expect(sniffFileType(Buffer.from(bytes))).toEqual({ kind: 'unknown', description });
  });

  it('describes an HTML page, plain text, binary and empty input', () => {
    expect(sniffFileType(Buffer.from('<!DOCTYPE html><html><body>Factura</body></html>')).description).toBe('página HTML');
    expect(sniffFileType(Buffer.from('RUC;SERIE;NUMERO\n20100070970;F001;1\n'))).toEqual({ kind: 'unknown', description: 'texto' });
    expect(sniffFileType(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x9f, 0x00]))).toEqual({ kind: 'unknown', description: 'binario desconocido' });
    expect(sniffFileType(Buffer.alloc(0))).toEqual({ kind: 'unknown', description: 'archivo vacío' });
  });

  it('ignores the extension a seller gave, because it sees only bytes', () => {
    const pngNamedPdf = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x25, 0x50]);
    expect(sniffFileType(pngNamedPdf).kind).toBe('unknown');
  });
});
