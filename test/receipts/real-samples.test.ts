import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import { readCdrXml } from '../../src/receipts/read-cdr.ts';
import { readPdfFields } from '../../src/receipts/read-pdf-fields.ts';
import { readUblXml } from '../../src/receipts/read-ubl.ts';
import type { CdrReceipt, PdfReceipt, XmlReceipt } from '../../src/receipts/receipt-document.ts';
import { sniffFileType } from '../../src/receipts/sniff-file-type.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.resolve(repoRoot, '../shared/samples/real');
const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`Real-sample tests skipped: ${samplesDir} does not exist.`);

function sample(name: string): string {
  return path.join(samplesDir, name);
}

function readXml(bytes: Buffer, name: string): XmlReceipt {
  const result = readUblXml(bytes, name);
  if (!result.ok) throw new Error(`${name}: ${result.code} ${JSON.stringify(result.details)}`);
  return result.value;
}

function readCdr(bytes: Buffer, name: string): CdrReceipt {
  const result = readCdrXml(bytes, name);
  if (!result.ok) throw new Error(`${name}: ${result.code}`);
  return result.value;
}

function zipEntry(zipName: string, entryName: string): Buffer {
  const entry = new AdmZip(sample(zipName)).getEntry(entryName);
  if (entry === null) throw new Error(`${zipName} has no entry ${entryName}`);
  return entry.getData();
}

describe.skipIf(!haveSamples)('real UBL samples', () => {
  it.each([
    ['12345678912-01-F001-2.xml', '01', 'F001', '1', '12345678912'],
    ['20200464529-01-F001-697.xml', '01', 'F001', '697', '20200464529'],
    ['20604051984-03-B001-848.xml', '03', 'B001', '848', '20604051984'],
    ['NOTA_CREDITOE001-27.XML', '07', 'E001', '27', '20644055519'],
    ['credit-note_boleta.xml', '07', 'BC01', '1', '12345678912'],
    ['debit-note_factura.xml', '08', 'FD01', '1', '12345678912'],
    ['customMoneda.xml', '01', 'F001', '1', '12345678912'],
    ['ordenDeCompra.xml', '01', 'F001', '1', '12345678912'],
    ['invoice_boleta.xml', '03', 'B001', '1', '12345678912'],
    ['plazavea-bol.xml', '03', 'BA25', '3027493', '20100070970'],
    ['20123456789-09-T001-123.xml', '09', 'T001', '123', '20123456789'],
  ])('reads %s as type %s %s-%s from RUC %s', (name, docType, series, number, issuerRuc) => {
    const bytes = readFileSync(sample(name));
    expect(sniffFileType(bytes.subarray(0, 1024)).kind).toBe('xml');
    expect(readXml(bytes, name)).toMatchObject({ docType, series, number, issuerRuc });
  });

  it('reads the legacy UBL 2.0 boleta of Supermercados Peruanos', () => {
    const value = readXml(readFileSync(sample('plazavea-bol.xml')), 'plazavea-bol.xml');
    expect(value).toMatchObject({ ublVersion: '2.0', issuerName: 'SUPERMERCADOS PERUANOS S.A.', total: '180.85', igv: '18.98', taxableBase: '105.46' });
    expect(value.buyer).toEqual({ schemeId: '0', id: '-', name: '-' });
    expect(value.digestValue).toBeNull();
  });

  it('reads RUCs of the 2017 draft from PartyTaxScheme/CompanyID', () => {
    const value = readXml(readFileSync(sample('20200464529-01-F001-697.xml')), 'draft.xml');
    expect(value.buyer).toEqual({ schemeId: '6', id: '20546687668', name: 'Bodega Gemi S.A.' });
    expect(value).toMatchObject({ orderReference: '4574125', total: '72782.09', igv: '32158.53', taxableBase: '60470.33' });
  });

  it('reads the content of a file whose name says another number', () => {
    const value = readXml(readFileSync(sample('12345678912-01-F001-2.xml')), '12345678912-01-F001-2.xml');
    expect(`${value.series}-${value.number}`).toBe('F001-1');
  });

  it('reads the SUNAT portal credit note with its spaced reference', () => {
    const value = readXml(readFileSync(sample('NOTA_CREDITOE001-27.XML')), 'NOTA_CREDITOE001-27.XML');
    expect(value).toMatchObject({ ublVersion: '2.0', modifiedDocument: 'E001-170', modifiedDocType: '01', total: '6723.64', igv: '1025.64' });
    expect(value.issuerName).toBe('NEGOCIOS S.A.C.');
    expect(value.digestValue).toBe('6q2iYcQMMZOUDlmWdGqOKeYP3Uw=');
  });

  it('reads a debit note total from RequestedMonetaryTotal and padded values', () => {
    const value = readXml(readFileSync(sample('debit-note_factura.xml')), 'debit-note_factura.xml');
    expect(value).toMatchObject({ currency: 'PEN', total: '2360', modifiedDocument: 'F001-1', modifiedDocType: '01' });
  });

  it('reads the USD factura and the order reference', () => {
    expect(readXml(readFileSync(sample('customMoneda.xml')), 'c.xml')).toMatchObject({ currency: 'USD', total: '118.00' });
    expect(readXml(readFileSync(sample('ordenDeCompra.xml')), 'o.xml').orderReference).toBe('123456');
  });

  it('reads the boleta inside the SUNAT-style ZIP', () => {
    const bytes = zipEntry('20604051984-03-B001-9927.zip', '20604051984-03-B001-9927.xml');
    expect(readXml(bytes, '20604051984-03-B001-9927.xml')).toMatchObject({ docType: '03', series: 'B001', number: '9927', issuerRuc: '20604051984', total: '100.00' });
  });

  it('rejects a CDR given as a receipt', () => {
    const result = readUblXml(readFileSync(sample('R-20604051984-03-B001-9927.xml')), 'R-20604051984-03-B001-9927.xml');
    expect(result).toEqual({ ok: false, code: 'XML_NOT_CPE', details: { file: 'R-20604051984-03-B001-9927.xml', root: 'ApplicationResponse' } });
  });
});

describe.skipIf(!haveSamples)('real CDR samples', () => {
  it('reads the accepted boleta response', () => {
    const value = readCdr(readFileSync(sample('R-20604051984-03-B001-9927.xml')), 'R-20604051984-03-B001-9927.xml');
    expect(value).toEqual({
      source: 'cdr',
      documentId: '20604051984-03-B001-9927',
      responseCode: '0',
      description: 'La Boleta numero B001-9927, ha sido aceptada',
      notes: [],
    });
  });

  it('reads the rejected factura response from its ZIP', () => {
    const zip = new AdmZip(sample('cdr-rechazo.zip'));
    expect(zip.getEntries().map((entry) => entry.entryName).sort()).toEqual(['R-20600995805-01-F001-2.xml', 'dummy']);

    const name = 'R-20600995805-01-F001-2.xml';
    const value = readCdr(zipEntry('cdr-rechazo.zip', name), name);
    expect(value.responseCode).toBe('0109');
    expect(value.documentId).toBe('20600995805-01-F001-2');
    expect(value.description).toBe('El sistema no pudo procesar su solicitud');
  });
});

describe.skipIf(!haveSamples)('real PDF samples', () => {
  let pool: ReceiptFilePool;
  beforeAll(() => {
    pool = createReceiptFilePool({ threads: 2, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 1000 });
  });
  afterAll(() => pool?.close());

  async function readPdf(name: string): Promise<PdfReceipt> {
    const result = await pool.extract(sample(name));
    if (!result.ok) throw new Error(`${name}: ${result.code} ${result.reason}`);
    return readPdfFields(result.text, result.pageCount);
  }

  it('reads the A4 boleta with a factura footer as a boleta', async () => {
    const fields = await readPdf('20604051984-03-B001-7.pdf');
    expect(fields).toMatchObject({ docType: '03', series: 'B001', number: '7', issuerRuc: '20604051984', issueDate: '2021-12-26', total: '20.00', currency: 'PEN' });
    expect(fields.buyer).toEqual({ schemeId: '1', id: '00000000', name: 'CLIENTES VARIOS' });
  });

  it('reads the greenter factura preview', async () => {
    const fields = await readPdf('greenter-factura-preview.pdf');
    expect(fields).toMatchObject({ docType: '01', series: 'F001', number: '123', issuerRuc: '20123456789', issueDate: '2018-01-21', total: '236.00', currency: 'PEN' });
    expect(fields.buyer).toEqual({ schemeId: '6', id: '20000000001', name: 'EMPRESA 1' });
  });

  it('reads the ticket-format boleta and its hash, equal to the XML digest', async () => {
    const fields = await readPdf('20604051984-03-B001-848.pdf');
    expect(fields).toMatchObject({ docType: '03', series: 'B001', number: '848', issuerRuc: '20604051984', issueDate: '2022-11-14', total: '100.00', currency: 'PEN' });

    const xml = readXml(readFileSync(sample('20604051984-03-B001-848.xml')), '848.xml');
    expect(fields.hash).toBe(xml.digestValue);
  });
});
