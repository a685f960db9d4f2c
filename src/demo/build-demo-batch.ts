import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { buildReceiptPdf } from './receipt-pdf.ts';
import { buildReceiptXml } from './receipt-xml.ts';
import { computeReceiptAmounts, formatCents } from './receipt-amounts.ts';
import { demoSellers, type DemoOrder, type DemoScenario } from './demo-scenarios.ts';

/** The first bytes of a PNG: a picture saved with a .pdf name. */
const pngBytes = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export interface BuiltBatch {
  readonly zipPath: string;
  readonly sellersCsv: string;
  readonly ordersCsv: string;
  readonly scenarios: readonly DemoScenario[];
}

function sunatBase(scenario: DemoScenario): string {
  const { spec } = scenario;
  return `${spec.issuerRuc}-${spec.docType}-${spec.series}-${spec.number}`;
}

/** Decimal comma, as Excel on Spanish Windows writes amounts. */
function decimalComma(amount: string): string {
  return amount.replace('.', ',');
}

function manifestRow(scenario: DemoScenario): string {
  const base = sunatBase(scenario);
  const pdf = scenario.files.pdf === 'none' ? '' : `${base}.pdf`;
  const xml = scenario.files.xml === 'none' ? '' : `${base}.xml`;
  const total = decimalComma(formatCents(computeReceiptAmounts(scenario.spec).totalCents));
  const { spec } = scenario;
  return [scenario.manifestOrderNumber, scenario.manifestDocType, spec.series, spec.number, pdf, xml, total, spec.issueDate].join(';');
}

async function addReceiptFiles(zip: ZipFile, scenario: DemoScenario): Promise<void> {
  const base = sunatBase(scenario);
  if (scenario.files.xml === 'normal') zip.addBuffer(Buffer.from(buildReceiptXml(scenario.spec), 'utf8'), `${base}.xml`);
  if (scenario.files.pdf === 'normal') zip.addBuffer(await buildReceiptPdf(scenario.spec), `${base}.pdf`);
  if (scenario.files.pdf === 'png') zip.addBuffer(pngBytes, `${base}.pdf`);
}

/**
 * Writes the batch a high-volume seller would send: `<name>.zip` with the receipts, a
 * `manifiesto.csv` (UTF-8 with BOM, `;`, decimal commas) and one stray file the manifest
 * does not name. Beside it go the sellers and orders files ops would import first.
 */
export async function buildDemoBatch(dir: string, zipName: string, scenarios: readonly DemoScenario[]): Promise<BuiltBatch> {
  await mkdir(dir, { recursive: true });
  const zipPath = path.join(dir, zipName);
  const zip = new ZipFile();
  const output = createWriteStream(zipPath);
  zip.outputStream.pipe(output);

  const header = 'numero_orden;tipo_comprobante;serie;correlativo;archivo_pdf;archivo_xml;monto_total;fecha_emision';
  const manifest = `\uFEFF${[header, ...scenarios.map(manifestRow)].join('\r\n')}\r\n`;
  zip.addBuffer(Buffer.from(manifest, 'utf8'), 'manifiesto.csv');
  for (const scenario of scenarios) await addReceiptFiles(zip, scenario);
  zip.addBuffer(Buffer.from('Lote generado por el sistema de ventas.\n', 'utf8'), 'leeme.txt');
  zip.end();
  await once(output, 'close');

  const sellersCsv = path.join(dir, 'vendedores.csv');
  await writeFile(sellersCsv, ['seller_id,ruc,razon_social', ...demoSellers.map((s) => `${s.id},${s.ruc},"${s.name}"`)].join('\n') + '\n');
  const ordersCsv = path.join(dir, 'pedidos.csv');
  const orders = scenarios.flatMap((s) => (s.order ? [s.order] : []));
  await writeFile(ordersCsv, ordersFile(orders));
  return { zipPath, sellersCsv, ordersCsv, scenarios };
}

function ordersFile(orders: readonly DemoOrder[]): string {
  const header = 'numero_orden,seller_id,estado,comprobante_solicitado,tipo_doc_cliente,doc_cliente,nombre_cliente,total,moneda,fecha_orden';
  const rows = orders.map((o) => [o.orderNumber, o.sellerId, o.state, o.requested, o.buyerDocType, o.buyerDocId, `"${o.buyerName}"`, o.total, o.currency, o.orderDate].join(','));
  return [header, ...rows].join('\n') + '\n';
}
