import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { formatReason } from '../../src/reports/reason-codes.ts';
import { manifestFileNames, readManifest, type ManifestResult } from '../../src/intake/read-manifest.ts';

const docsDir = path.resolve(import.meta.dirname, '../../docs');

const spanishHeader = 'numero_orden,tipo_comprobante,serie,correlativo,archivo_pdf,archivo_xml,monto_total,fecha_emision';

function expectOk(result: ManifestResult): Extract<ManifestResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a readable manifest, got ${JSON.stringify(result.findings)}`);
  return result;
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

describe('readManifest', () => {
  it('reads a UTF-8 manifest', () => {
    const text = `${spanishHeader}\n3000123,01,F001,123,3000123.pdf,20100070970-01-F001-123.xml,118.00,2024-03-05\n`;
    const result = expectOk(readManifest(utf8(text)));

    expect(result.encoding).toBe('utf-8');
    expect(result.delimiter).toBe(',');
    expect(result.rejectedRows).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        orderNumber: '3000123',
        docType: '01',
        series: 'F001',
        number: '123',
        pdfFile: '3000123.pdf',
        xmlFile: '20100070970-01-F001-123.xml',
        total: '118.00',
        issueDate: '2024-03-05',
      },
    ]);
  });

  it('reads UTF-8 with BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(`${spanishHeader}\n1,03,B001,7,ñandú.pdf,,20.00,26/12/2021\n`)]);
    const result = expectOk(readManifest(bytes));
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.rows[0]).toMatchObject({ orderNumber: '1', docType: '03', pdfFile: 'ñandú.pdf', xmlFile: null, issueDate: '2021-12-26' });
  });

  it('reads Windows-1252 with ñ and á', () => {
    const text = 'Número de Orden;Tipo de Comprobante;Archivo PDF\r\nPEÑA-1;Boleta electrónica;Facturación año.pdf\r\n';
    const result = expectOk(readManifest(iconv.encode(text, 'windows-1252')));

    expect(result.encoding).toBe('windows-1252');
    expect(result.rows[0]).toMatchObject({ line: 2, orderNumber: 'PEÑA-1', docType: '03', pdfFile: 'Facturación año.pdf' });
  });

  it('reads UTF-16LE with BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${spanishHeader}\n9,factura,F001,1,a.pdf,,,\n`, 'utf-16le')]);
    const result = expectOk(readManifest(bytes));
    expect(result.encoding).toBe('utf-16le');
    expect(result.rows[0]).toMatchObject({ orderNumber: '9', docType: '01', total: null, issueDate: null });
  });

  it('reads semicolons and decimal commas', () => {
    const text = [
      'numero_orden;tipo_comprobante;archivo_pdf;monto_total',
      '1;01;a.pdf;1.234,50',
      '2;01;b.pdf;1234,50',
      '3;01;c.pdf;"1,234.50"',
      '4;01;d.pdf;1234,5',
    ].join('\n');
    const result = expectOk(readManifest(utf8(text)));

    expect(result.delimiter).toBe(';');
    expect(result.rows.map((row) => row.total)).toEqual(['1234.50', '1234.50', '1234.50', '1234.50']);
  });

  it('reads English headers', () => {
    const text = 'Order Number,Document-Type,Series,Number,PDF_File,XML_File,Total Amount,Issue Date\nA-1,Nota de Crédito,FC01,5,,fc01.xml,10.00,05-03-2024\n';
    const result = expectOk(readManifest(utf8(text)));
    expect(result.rows[0]).toMatchObject({ orderNumber: 'A-1', docType: '07', series: 'FC01', number: '5', xmlFile: 'fc01.xml', total: '10.00', issueDate: '2024-03-05' });
  });

  it('reads short aliases', () => {
    const text = 'pedido,tipo,pdf,xml,monto,fecha\n77,8,a.pdf,a.xml,5,2024-01-31\n';
    const result = expectOk(readManifest(utf8(text)));
    expect(result.rows[0]).toMatchObject({ orderNumber: '77', docType: '08', pdfFile: 'a.pdf', xmlFile: 'a.xml', total: '5.00' });
  });

  it('reads the Excel sep= line', () => {
    const text = 'sep=;\nnumero_orden;tipo_comprobante;archivo_pdf\n5;01;a.pdf\n6;99;b.pdf\n';
    const result = expectOk(readManifest(utf8(text)));
    expect(result.rows.map((row) => row.line)).toEqual([3]);
    expect(result.rejectedRows[0]!.line).toBe(4);
  });

  it('splits F001-123 in the serie column', () => {
    const text = 'numero_orden,tipo_comprobante,serie,correlativo,archivo_pdf\n1,01,f001-123,,a.pdf\n';
    expect(expectOk(readManifest(utf8(text))).rows[0]).toMatchObject({ series: 'F001', number: '123' });
  });

  it('trims cells', () => {
    const text = 'numero_orden,tipo_comprobante,archivo_pdf\n  42 , 01 ,  a.pdf  \n';
    expect(expectOk(readManifest(utf8(text))).rows[0]).toMatchObject({ orderNumber: '42', docType: '01', pdfFile: 'a.pdf' });
  });

  it('accepts a header without data rows', () => {
    const result = expectOk(readManifest(utf8(`${spanishHeader}\n\n`)));
    expect(result.rows).toEqual([]);
    expect(result.rejectedRows).toEqual([]);
  });

  it('reports bad rows with their file lines', () => {
    const text = [
      spanishHeader, // 1
      '1,01,F001,1,"nota\ncon salto.pdf",,10.00,2024-01-01', // 2-3
      '', // 4
      ',01,F001,2,b.pdf,,10.00,2024-01-01', // 5
      '3,09,F001,3,c.pdf,,10.00,2024-01-01', // 6
      '4,01,F001,4,d.pdf,,diez,2024-01-01', // 7
      '5,01,F001,5,e.pdf,,10.00,31/02/2024', // 8
      '6,01,F001,6,,,10.00,2024-01-01', // 9
      '7,01,F001,7,g.pdf', // 10
      ',,,,,,,', // 11
      '8,03,B0001,x9,h.pdf,,-5,2024/01/01', // 12
      '9,01,F001,9,i.pdf,,10.00,2024-01-01', // 13
    ].join('\r\n');
    const result = expectOk(readManifest(utf8(text)));

    expect(result.rows.map((row) => row.line)).toEqual([2, 13]);
    const problems = result.rejectedRows.flatMap((row) => row.findings.map((f) => [f.code, f.details.line, f.details.field, f.details.problem]));
    expect(problems).toEqual([
      ['ROW_INVALID', 5, 'numero_orden', 'está vacío'],
      ['ROW_INVALID', 6, 'tipo_comprobante', 'no es un tipo válido: "09"'],
      ['ROW_INVALID', 7, 'monto_total', 'no es un monto válido: "diez"'],
      ['ROW_INVALID', 8, 'fecha_emision', 'no es una fecha real: "31/02/2024"'],
      ['ROW_INVALID', 9, 'archivo_pdf y archivo_xml', 'están vacíos'],
      ['ROW_INVALID', 10, 'la fila', 'tiene 5 columnas y la cabecera 8'],
      ['ROW_INVALID', 12, 'serie', 'no es una serie válida (4 letras o dígitos): "B0001"'],
      ['ROW_INVALID', 12, 'correlativo', 'no es un correlativo válido (de 1 a 8 dígitos): "x9"'],
      ['ROW_INVALID', 12, 'monto_total', 'no puede ser negativo: "-5"'],
      ['ROW_INVALID', 12, 'fecha_emision', 'no es una fecha válida (AAAA-MM-DD o DD/MM/AAAA): "2024/01/01"'],
    ]);
    expect(result.rejectedRows.find((row) => row.line === 6)).toMatchObject({ orderNumber: '3', files: ['c.pdf'] });
  });

  it('formats ROW_INVALID as the catalogue says', () => {
    const result = expectOk(readManifest(utf8('numero_orden,tipo_comprobante,archivo_pdf\n1,recibo,a.pdf\n')));
    const rejected = result.rejectedRows[0]!.findings[0]!;
    expect(formatReason(rejected.code, rejected.details)).toBe('Fila 2 del manifiesto: tipo_comprobante no es un tipo válido: "recibo".');
  });

  it('reports an unclosed quote and reads on', () => {
    const text = 'numero_orden,tipo_comprobante,archivo_pdf\n1,01,"a.pdf\n2,01,b.pdf\n';
    const result = expectOk(readManifest(utf8(text)));
    expect(result.rejectedRows.map((row) => [row.line, row.findings[0]!.details.problem])).toEqual([[2, 'tiene comillas sin cerrar']]);
    expect(result.rows.map((row) => [row.line, row.orderNumber])).toEqual([[3, '2']]);
  });

  it('rereads the lines after a stray quote', () => {
    // The quote opened on line 3 closes at the quote before x.pdf on line 6, and csv-parse reads lines 3-6 as one record.
    const header = 'numero_orden;tipo_comprobante;serie;correlativo;archivo_pdf;archivo_xml;monto_total;fecha_emision';
    const text = [
      header,
      'P-0060;03;B001;60;p60.pdf;;10,00;05/03/2024',
      'P-0061;03;"B001;61;p61.pdf;;10,00;05/03/2024',
      'P-0062;03;B001;62;p62.pdf;;10,00;05/03/2024',
      'P-0063;03;B001;63;p63.pdf;;10,00;05/03/2024',
      'P-0064;03;B001;64;"x.pdf";;10,00;05/03/2024',
      'P-0065;03;B001;65;p65.pdf;;10,00;05/03/2024',
      '',
    ].join('\r\n');
    const result = expectOk(readManifest(utf8(text)));

    expect(result.rows.map((row) => [row.line, row.orderNumber, row.pdfFile])).toEqual([
      [2, 'P-0060', 'p60.pdf'],
      [4, 'P-0062', 'p62.pdf'],
      [5, 'P-0063', 'p63.pdf'],
      [6, 'P-0064', 'x.pdf'],
      [7, 'P-0065', 'p65.pdf'],
    ]);
    expect(result.rejectedRows).toHaveLength(1);
    expect(result.rejectedRows[0]!.line).toBe(3);
    expect(formatReason('ROW_INVALID', result.rejectedRows[0]!.findings[0]!.details)).toBe(
      'Fila 3 del manifiesto: la fila tiene comillas desbalanceadas (una celda abre comillas que no se cierran en esta línea), y las líneas siguientes se leyeron como filas aparte.',
    );
    expect(manifestFileNames(utf8(text))).toEqual(['p60.pdf', 'p62.pdf', 'p63.pdf', 'x.pdf', 'p65.pdf']);
  });

  it('keeps a quoted cell with a line break', () => {
    const text = `${spanishHeader}\n"3000123\nB",01,F001,123,"marzo\r\n123.pdf",,118.00,2024-03-05\n3000124,01,F001,124,b.pdf,,,\n`;
    const result = expectOk(readManifest(utf8(text)));

    expect(result.rejectedRows).toEqual([]);
    expect(result.rows.map((row) => [row.line, row.orderNumber, row.pdfFile])).toEqual([
      [2, '3000123\nB', 'marzo\r\n123.pdf'],
      [5, '3000124', 'b.pdf'],
    ]);
  });

  it('rejects a header without required columns', () => {
    const result = readManifest(utf8('orden,serie,correlativo\n1,F001,1\n'));
    expect(result).toEqual({
      ok: false,
      findings: [{ code: 'MANIFEST_HEADER_INVALID', details: { missing: 'numero_orden, tipo_comprobante, archivo_pdf o archivo_xml' } }],
    });
  });

  it('rejects an empty manifest', () => {
    const result = readManifest(Buffer.alloc(0));
    expect(result).toEqual({
      ok: false,
      findings: [{ code: 'MANIFEST_HEADER_INVALID', details: { missing: 'numero_orden, tipo_comprobante, archivo_pdf o archivo_xml' } }],
    });
  });

  it.each([
    ['bytes outside Windows-1252', Buffer.from([0x6e, 0x75, 0x6d, 0x81, 0x8d, 0x0a]), 'no está en UTF-8 ni en Windows-1252'],
    ['UTF-16 without BOM', iconv.encode('numero_orden,tipo\n', 'utf-16le'), 'contiene caracteres nulos (¿UTF-16 sin BOM o un archivo binario?)'],
    ['an Excel workbook', Buffer.from('PK\x03\x04\x14\x00rest', 'latin1'), 'es un libro de Excel o un ZIP, no un CSV'],
    ['a broken UTF-8 BOM file', Buffer.from([0xef, 0xbb, 0xbf, 0xc3, 0x28]), 'tiene marca de UTF-8 pero su contenido no lo es'],
  ])('rejects %s as MANIFEST_ENCODING', (_case, bytes, reason) => {
    expect(readManifest(bytes)).toEqual({ ok: false, findings: [{ code: 'MANIFEST_ENCODING', details: { reason } }] });
  });
});

describe('manifest docs', () => {
  it('template reads without problems', () => {
    const result = expectOk(readManifest(readFileSync(path.join(docsDir, 'plantilla-manifiesto.csv'))));
    expect(result.rows).toHaveLength(2);
    expect(result.rejectedRows).toEqual([]);
  });

  it('documented examples read without problems', () => {
    const page = readFileSync(path.join(docsDir, 'manifest.md'), 'utf8');
    const examples = [...page.matchAll(/```csv\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const result = expectOk(readManifest(Buffer.from(example)));
      expect(result.rejectedRows).toEqual([]);
      expect(result.rows[0]).toMatchObject({ orderNumber: '3000123', docType: '03', total: '100.00', issueDate: '2024-11-14' });
    }
  });
});

describe('manifestFileNames', () => {
  it('lists named files once', () => {
    const text = `${spanishHeader}\n1,01,F001,1,a.pdf,a.xml,,\n2,99,F001,2,b.pdf,,,\n3,01,F001,3,a.pdf,,,\nroto\n`;
    expect(manifestFileNames(utf8(text))).toEqual(['a.pdf', 'a.xml', 'b.pdf']);
  });

  it('returns null for an unusable manifest', () => {
    expect(manifestFileNames(utf8('columna\nvalor\n'))).toBeNull();
  });
});
