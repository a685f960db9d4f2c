import { describe, expect, it } from 'vitest';
import { boundFieldText, maxFieldLineChars, maxFieldTextChars, readPdfFields } from '../../src/receipts/read-pdf-fields.ts';

function lines(...text: string[]): string {
  return text.join('\n');
}

describe('readPdfFields document type', () => {
  it('keeps a boleta whose footer names a factura', () => {
    const fields = readPdfFields(
      lines('BOLETA ELECTRÓNICA', 'RUC: 20604051984', 'Cliente: CLIENTES VARIOS', 'DNI: 00000000', 'Número: B001-7', 'Son: Veinte con 00/100 soles Total S/ 20.00', 'Representación impresa de la FACTURA ELECTRÓNICA.'),
      1,
    );
    expect(fields.docType).toBe('03');
    expect(fields.title).toBe('BOLETA ELECTRÓNICA');
    expect(fields.series).toBe('B001');
    expect(fields.number).toBe('7');
    expect(fields.total).toBe('20.00');
  });

  it('reads a title whose letters are split by spaces over two lines', () => {
    const fields = readPdfFields(lines('FAC TURA', 'E L E C T R Ó N I C A', 'R.U.C.: 20123456789', 'F001-123', 'Representación Impresa de la FAC TURA ELEC TRÓNIC A.'), 1);
    expect(fields.docType).toBe('01');
    expect(fields.title).toBe('FACTURA ELECTRÓNICA');
  });

  it('reads a title interleaved with the issuer column', () => {
    const fields = readPdfFields(
      lines('COMERCIAL ANDINA S.A.C.\tR.U.C. N° 20601234565', 'AV. LIMA 123\tNOTA DE CRÉDITO ELECTRÓNICA', 'Ventas\tFC01-00000045', 'Documento que modifica: FACTURA ELECTRÓNICA F001-120'),
      1,
    );
    expect(fields.docType).toBe('07');
    expect(fields.series).toBe('FC01');
    expect(fields.number).toBe('00000045');
    expect(fields.issuerRuc).toBe('20601234565');
  });

  it('does not take a company name containing FACTURACION for a title', () => {
    const fields = readPdfFields(lines('FACTURACION ELECTRONICA MONSTRUO E.I.R.L.', 'RUC: 20604051984', 'BOLETA DE VENTA ELECTRÓNICA', 'B001-848'), 1);
    expect(fields.docType).toBe('03');
    expect(fields.title).toBe('BOLETA DE VENTA ELECTRÓNICA');
  });

  it('ignores a legend quoting another title', () => {
    const fields = readPdfFields(lines('"FACTURA SUJETA A DETRACCIÓN"', 'BOLETA DE VENTA', 'B002-15'), 1);
    expect(fields.docType).toBe('03');
    expect(fields.title).toBe('BOLETA DE VENTA');
  });

  it('reads a guía de remisión with its T series', () => {
    const fields = readPdfFields(lines('GUÍA DE REMISIÓN ELECTRÓNICA REMITENTE', 'RUC 20123456789', 'T001-123'), 1);
    expect(fields.docType).toBe('09');
    expect(fields.series).toBe('T001');
  });

  it('falls back to the series letter when no title is printed', () => {
    expect(readPdfFields(lines('RUC 20601234565', 'F001-9'), 1).docType).toBe('01');
    expect(readPdfFields(lines('RUC 20601234565', 'B001-9'), 1).docType).toBe('03');
    expect(readPdfFields(lines('RUC 20601234565', 'FC01-9'), 1).docType).toBeNull();
  });
});

describe('readPdfFields series and number', () => {
  it.each([
    ['F001-00000123', 'F001', '00000123'],
    ['Nro. B001 - 7', 'B001', '7'],
    ['BA25-3027493', 'BA25', '3027493'],
    ['E001-170', 'E001', '170'],
    ['EB01-5', 'EB01', '5'],
  ])('reads %s', (printed, series, number) => {
    const fields = readPdfFields(lines('BOLETA ELECTRÓNICA', printed), 1);
    expect(fields.series).toBe(series);
    expect(fields.number).toBe(number);
  });

  it('reads a 4-digit contingency series when no letter series is printed', () => {
    const fields = readPdfFields(lines('FACTURA', 'Fecha: 2024-03-15', '0001-45'), 1);
    expect(fields.series).toBe('0001');
    expect(fields.number).toBe('45');
  });

  it('does not read a date, phone or product code as a series-number', () => {
    const fields = readPdfFields(lines('BOLETA ELECTRÓNICA', 'Fecha: 2022-11-14', 'Teléfonos: 43-421018', '1.00 NIU C00-1 Pollo', 'AUDIO BT-500'), 1);
    expect(fields.series).toBeNull();
    expect(fields.number).toBeNull();
  });

  it('skips the receipt a note modifies, even when printed first', () => {
    const fields = readPdfFields(lines('Documento que modifica: F001-120', 'NOTA DE CRÉDITO ELECTRÓNICA', 'FC01-3'), 1);
    expect(fields.series).toBe('FC01');
    expect(fields.number).toBe('3');
  });
});

describe('readPdfFields issuer and buyer', () => {
  it('separates issuer and buyer RUCs', () => {
    const fields = readPdfFields(lines('FACTURA', 'E L E C T R Ó N I C A', 'R.U.C.: 20123456789', 'F001-123', 'EMPRESA S.A.C', 'Razón Social: EMPRESA 1 \tRUC: \t20000000001'), 1);
    expect(fields.issuerRuc).toBe('20123456789');
    expect(fields.buyer).toEqual({ schemeId: '6', id: '20000000001', name: 'EMPRESA 1' });
  });

  it('skips a buyer RUC printed first', () => {
    const fields = readPdfFields(lines('Señor(es): DISTRIBUIDORA LOS ANDES', 'RUC: 20512345671', 'Dirección: AV. SOL 1', 'FACTURA ELECTRÓNICA', 'R.U.C. N° 20601234565', 'F001-1'), 1);
    expect(fields.issuerRuc).toBe('20601234565');
    expect(fields.buyer.id).toBe('20512345671');
  });

  it.each([
    ['DNI: 45871236', '1', '45871236'],
    ['D.N.I. N° 00123456', '1', '00123456'],
    ['C.E.: 001234567', '4', '001234567'],
    ['Carnet de Extranjería: X12345', '4', 'X12345'],
    ['PASAPORTE: AB1234567', '7', 'AB1234567'],
    ['Doc.: 45871236', null, '45871236'],
  ])('reads the buyer document %s', (printed, schemeId, id) => {
    const fields = readPdfFields(lines('BOLETA DE VENTA ELECTRÓNICA', 'RUC 20601234565', 'B001-1', 'Cliente: ROSA QUISPE', printed), 1);
    expect(fields.buyer.schemeId).toBe(schemeId === null ? '1' : schemeId);
    expect(fields.buyer.id).toBe(id);
    expect(fields.buyer.name).toBe('ROSA QUISPE');
  });

  it('reads a DNI without customer label as the buyer', () => {
    const fields = readPdfFields(lines('BOLETA ELECTRÓNICA', 'RUC 20601234565', 'DNI: 45871236'), 1);
    expect(fields.buyer).toEqual({ schemeId: '1', id: '45871236', name: null });
  });
});

describe('readPdfFields dates', () => {
  it.each([
    ['Fecha de Emisión: 26-12-2021', '2021-12-26'],
    ['Fecha Emisión: \t21/01/2018 \tDirección: x', '2018-01-21'],
    ['Fecha/hora emision:2022-11-14 03:08', '2022-11-14'],
    ['F. EMISIÓN 5/3/2024', '2024-03-05'],
  ])('reads %s', (printed, expected) => {
    expect(readPdfFields(lines('FACTURA ELECTRÓNICA', printed), 1).issueDate).toBe(expected);
  });

  it('prefers the issue date over a due date printed first', () => {
    const fields = readPdfFields(lines('Fecha de vencimiento: 30/04/2024', 'Fecha de emisión: 15/03/2024'), 1);
    expect(fields.issueDate).toBe('2024-03-15');
  });

  it('skips impossible dates', () => {
    expect(readPdfFields(lines('Fecha de emisión: 31/02/2024'), 1).issueDate).toBeNull();
  });

  it('reads the date on the line after its label', () => {
    expect(readPdfFields(lines('FECHA DE EMISIÓN', '2024-03-15'), 1).issueDate).toBe('2024-03-15');
  });
});

describe('readPdfFields total and currency', () => {
  it('takes IMPORTE TOTAL over other totals', () => {
    const fields = readPdfFields(lines('SUB TOTAL S/ 100.00', 'TOTAL IGV S/ 18.00', 'IMPORTE TOTAL S/ 1,118.00', 'TOTAL ITEMS 3'), 1);
    expect(fields.total).toBe('1118.00');
    expect(fields.currency).toBe('PEN');
  });

  it('reads TOTAL A PAGAR with a split label', () => {
    expect(readPdfFields(lines('TOTAL A PA GAR: US$ 59.9'), 1)).toMatchObject({ total: '59.90', currency: 'USD' });
  });

  it('reads a bare Total after subtotals and skips headers without amounts', () => {
    const fields = readPdfFields(lines('Productos Total', 'Pollo a la Brasa 100.00', 'Gravada: S/. 84.75', 'IGV: 18% S/. 15.25', 'Total: S/. 100.00'), 1);
    expect(fields.total).toBe('100.00');
    expect(fields.currency).toBe('PEN');
  });

  it('reads Precio Venta as the total when it is the only total label', () => {
    const fields = readPdfFields(lines('Cantidad \tCódigo \tDescripción \tValor Unitario \tValor Total', 'Op. Gravadas: \tS/ 200.00', 'IGV: \tS/ 36.00', 'Precio Venta: \tS/ 236'), 1);
    expect(fields.total).toBe('236.00');
  });

  it('takes the currency from the Moneda label, then from the amount in words', () => {
    expect(readPdfFields(lines('Moneda: DÓLARES AMERICANOS', 'IMPORTE TOTAL 50.00'), 1).currency).toBe('USD');
    expect(readPdfFields(lines('IMPORTE TOTAL 50.00', 'SON: CINCUENTA CON 00/100 SOLES'), 1).currency).toBe('PEN');
    expect(readPdfFields(lines('TOTAL 50.00', 'SON CINCUENTA CON 00/100 DÓLARES AMERICANOS'), 1).currency).toBe('USD');
  });
});

describe('readPdfFields hash and QR text', () => {
  it('reads a labelled hash on its line or the next', () => {
    expect(readPdfFields(lines('Resumen (hash): m2bBIZTx7qKotnaL8VJ6rWq8yGo='), 1).hash).toBe('m2bBIZTx7qKotnaL8VJ6rWq8yGo=');
    expect(readPdfFields(lines('Código Hash:', 'CdPdWf04nJshXTuw/NGpsGxfGkA='), 1).hash).toBe('CdPdWf04nJshXTuw/NGpsGxfGkA=');
  });

  it('reads an unlabelled digest printed alone on a line', () => {
    expect(readPdfFields(lines('Son: Ciento con 00/100 soles', 'CdPdWf04nJshXTuw/NGpsGxfGkA='), 1).hash).toBe('CdPdWf04nJshXTuw/NGpsGxfGkA=');
  });

  it('reads the canonical QR text', () => {
    const fields = readPdfFields(lines('20123456789|01|F001|123|36.00|236.00|2018-01-21|6|20000000001|'), 1);
    expect(fields.qr).toEqual({
      issuerRuc: '20123456789',
      docType: '01',
      series: 'F001',
      number: '123',
      igv: '36.00',
      total: '236.00',
      issueDate: '2018-01-21',
      buyerSchemeId: '6',
      buyerId: '20000000001',
    });
  });

  it('reads a QR text with a type word', () => {
    const fields = readPdfFields(lines('20604051984|Boleta|B001|7|3.05|20.00|', '26-12-2021|1|00000000|'), 1);
    expect(fields.qr).toMatchObject({ docType: '03', series: 'B001', number: '7', issueDate: '2021-12-26', buyerSchemeId: '1', buyerId: '00000000' });
  });

  it('does not take the QR RUC for the issuer RUC', () => {
    const fields = readPdfFields(lines('BOLETA', 'B001-1', '20604051984|03|B001|1|3.05|20.00|2021-12-26|1|00000000|'), 1);
    expect(fields.issuerRuc).toBeNull();
    expect(fields.qr?.issuerRuc).toBe('20604051984');
  });
});

describe('readPdfFields empty text', () => {
  it('returns nulls for an image-only PDF', () => {
    expect(readPdfFields('', 2)).toEqual({
      source: 'pdf',
      docType: null,
      title: null,
      series: null,
      number: null,
      issuerRuc: null,
      issueDate: null,
      total: null,
      currency: null,
      buyer: { schemeId: null, id: null, name: null },
      hash: null,
      qr: null,
      pageCount: 2,
    });
  });
});

describe('readPdfFields bounds', () => {
  it('reads a receipt whose text ends in one enormous line', () => {
    const header = ['FACTURA ELECTRÓNICA', 'RUC: 20601234565', 'F001-00000123', 'Fecha de emisión: 15/03/2024'].join('\n');
    const text = `${header}\n${'20100070970,'.repeat(160_000)}`;
    const fields = readPdfFields(text, 1);
    expect(fields.docType).toBe('01');
    expect(fields.series).toBe('F001');
    expect(fields.number).toBe('00000123');
  });

  it('cuts long lines and long texts', () => {
    const bounded = boundFieldText(`${'a'.repeat(5_000)}\n${'b\n'.repeat(100_000)}`);
    expect(bounded.split('\n')[0]).toHaveLength(maxFieldLineChars);
    expect(bounded.length).toBeLessThanOrEqual(maxFieldTextChars);
  });
});
