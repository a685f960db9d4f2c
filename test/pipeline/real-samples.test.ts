import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachedFacts, CheckContext, OrderFacts } from '../../src/checks/check-context.ts';
import { verdictOf } from '../../src/checks/finding.ts';
import { runChecks } from '../../src/checks/run-checks.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { loadReceipt } from '../../src/receipts/load-receipt.ts';
import { createReceiptFilePool, type ReceiptFilePool } from '../../src/receipts/receipt-file-pool.ts';
import type { ReceiptDocument } from '../../src/receipts/receipt-document.ts';
import type { BatchReport } from '../../src/reports/batch-report.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.resolve(repoRoot, '../shared/samples/real');
const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`Real-sample pipeline tests skipped: ${samplesDir} does not exist.`);

const seller = { id: 'ventas-reales', ruc: '20604051984', name: 'EMPRESA DE LAS MUESTRAS S.A.C.' };

const manifestRows = [
  'numero_orden,tipo_comprobante,serie,correlativo,archivo_pdf,archivo_xml,monto_total,fecha_emision',
  // The boleta PDF whose footer reads "FACTURA ELECTRÓNICA". Its buyer is CLIENTES VARIOS 00000000, allowed up to S/ 700.00.
  'REAL-0007,03,B001,7,20604051984-03-B001-7.pdf,,20.00,2021-12-26',
  // Named F001-2 but containing F001-1, from an issuer whose RUC fails the check digit.
  'REAL-F002,01,,,,12345678912-01-F001-2.xml,,',
  // A guía de remisión sent in place of a boleta.
  'REAL-G123,03,,,,20123456789-09-T001-123.xml,,',
];

const ordersCsv = [
  'numero_orden,seller_id,estado,comprobante_solicitado,tipo_doc_cliente,doc_cliente,nombre_cliente,total,moneda,fecha_orden',
  `REAL-0007,${seller.id},confirmada,boleta,1,45871236,ROSA QUISPE MAMANI,20.00,PEN,2021-12-26`,
  `REAL-F002,${seller.id},confirmada,factura,6,20501234568,DISTRIBUIDORA LOS ANDES E.I.R.L.,11.80,PEN,2020-03-28`,
  `REAL-G123,${seller.id},confirmada,boleta,1,45871236,ROSA QUISPE MAMANI,50.00,PEN,2020-08-28`,
];

/** Writes the batch ZIP and import files to a temporary folder; the samples stay where they are. */
function writeBatch(dir: string): { zipPath: string; sellersCsv: string; ordersCsv: string } {
  const zip = new AdmZip();
  zip.addFile('manifiesto.csv', Buffer.from(`${manifestRows.join('\r\n')}\r\n`, 'utf8'));
  for (const name of ['20604051984-03-B001-7.pdf', '12345678912-01-F001-2.xml', '20123456789-09-T001-123.xml']) {
    zip.addFile(name, readFileSync(path.join(samplesDir, name)));
  }
  const files = { zipPath: path.join(dir, 'lote-muestras-reales.zip'), sellersCsv: path.join(dir, 'vendedores.csv'), ordersCsv: path.join(dir, 'pedidos.csv') };
  zip.writeZip(files.zipPath);
  writeFileSync(files.sellersCsv, `seller_id,ruc,razon_social\n${seller.id},${seller.ruc},${seller.name}\n`);
  writeFileSync(files.ordersCsv, `${ordersCsv.join('\n')}\n`);
  return files;
}

describe.skipIf(!haveSamples)('real samples through the pipeline', () => {
  let harness: Harness;
  let report: BatchReport;

  beforeAll(async () => {
    harness = await startHarness();
    const files = writeBatch(mkdtempSync(path.join(os.tmpdir(), 'real-samples-')));
    expect((await importSellers(harness.pipeline.db, files.sellersCsv)).rejected).toEqual([]);
    expect((await importOrders(harness.pipeline.db, files.ordersCsv)).rejected).toEqual([]);
    await harness.drop(seller.id, files.zipPath);
    report = await harness.report(seller.id, path.basename(files.zipPath));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const item = (line: number) => report.items.find((candidate) => candidate.line === line);

  it('attaches the boleta whose footer says factura as a boleta', async () => {
    expect(item(2)).toMatchObject({ verdict: 'accepted', codes: [] });
    const attached = await harness.pipeline.db('attached_receipts').where({ order_number: 'REAL-0007' });
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ doc_type: '03', series: 'B001', number: 7, issuer_ruc: seller.ruc, total: '20.00' });
  });

  it('rejects the XML named F001-2 that contains F001-1', () => {
    expect(item(3)?.verdict).toBe('rejected');
    expect(item(3)?.codes[0]).toBe('ISSUER_RUC_INVALID');
    expect(item(3)?.codes).toContain('FILENAME_CONTENT_MISMATCH');
    expect(item(3)?.message).toContain('indica correlativo 2, pero el contenido dice 1');
  });

  it('rejects the guía de remisión as not a receipt', () => {
    expect(item(4)?.verdict).toBe('rejected');
    expect(item(4)?.codes[0]).toBe('DOC_TYPE_NOT_RECEIPT');
  });

  it('completes the batch with one accepted receipt', () => {
    expect(report).toMatchObject({ status: 'completed', total: 3, accepted: 1, rejected: 2, alreadyAttached: 0 });
  });
});

describe.skipIf(!haveSamples)('real credit note on a boleta', () => {
  const noteSeller = { id: 'openubl', ruc: '12345678912', name: 'EMPRESA DE PRUEBA' };
  const order: OrderFacts = {
    orderNumber: 'NC-0001',
    sellerId: noteSeller.id,
    state: 'lista_para_envio',
    requested: 'boleta',
    buyerDocType: '1',
    buyerDocId: '12345678',
    buyerName: 'Carlos Feria',
    total: '2360.00',
    currency: 'PEN',
    orderDate: '2019-12-20',
  };
  const boletaB0011: AttachedFacts = { orderNumber: order.orderNumber, sellerId: noteSeller.id, issuerRuc: noteSeller.ruc, docType: '03', series: 'B001', number: 1, contentHash: ':boleta' };
  let pool: ReceiptFilePool;
  let note: ReceiptDocument;

  beforeAll(async () => {
    pool = createReceiptFilePool({ threads: 1, timeoutMs: 30_000, memoryMb: 256, recycleAfter: 100 });
    const xml = { originalName: 'credit-note_boleta.xml', storedPath: 'credit-note_boleta.xml', size: 0 };
    const loaded = await loadReceipt({ pdf: null, xml, cdr: null }, { workDir: samplesDir, maxFileBytes: 1024 * 1024, maxXmlBytes: 1024 * 1024, filePool: pool, archive: null });
    expect(loaded.findings).toEqual([]);
    note = loaded.document!;
  });

  afterAll(() => pool.close());

  function context(orderReceipts: readonly AttachedFacts[], sellerFacts = noteSeller): CheckContext {
    return {
      seller: sellerFacts,
      order,
      orderReceipts,
      sameIdentity: null,
      claims: { orderNumber: order.orderNumber, docType: '07', series: null, number: null, total: null, issueDate: null },
      fileNames: { pdf: null, xml: 'credit-note_boleta.xml' },
      contentHash: ':note',
      today: '2026-12-04',
      policy: { acceptImageOnlyPdf: false },
    };
  }

  it('reads the boleta B001-1 the note modifies', () => {
    expect(note).toMatchObject({ docType: '07', series: 'BC01', number: '1', modifiedDocument: 'B001-1', modifiedDocType: '03' });
  });

  it('passes the note reference when B001-1 is attached to the order', () => {
    const codes = runChecks(note, context([boletaB0011])).map((f) => f.code);
    // The sample's issuer RUC 12345678912 fails the check digit on purpose; nothing else is wrong.
    expect(codes).toEqual(['ISSUER_RUC_INVALID']);
  });

  it('rejects the note when B001-1 is not attached', () => {
    const codes = runChecks(note, context([])).map((f) => f.code);
    expect(codes).toEqual(['ISSUER_RUC_INVALID', 'NOTE_WITHOUT_RECEIPT']);
  });

  it('accepts the note from a valid issuer when B001-1 is attached', () => {
    // The same note as if a seller with a valid RUC had issued it, to show the verdict the reference alone decides.
    const validSeller = { ...noteSeller, ruc: '20100070970' };
    const fromValidIssuer = { ...note, issuerRuc: validSeller.ruc };
    const attached = { ...boletaB0011, issuerRuc: validSeller.ruc };
    expect(verdictOf(runChecks(fromValidIssuer, context([attached], validSeller)))).toBe('accepted');
    expect(verdictOf(runChecks(fromValidIssuer, context([], validSeller)))).toBe('rejected');
  });
});
