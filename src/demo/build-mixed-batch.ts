import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { buildCdrXml } from './cdr-xml.ts';
import { demoSellers, type DemoOrder } from './demo-scenarios.ts';
import { buildDespatchAdviceXml } from './despatch-advice-xml.ts';
import { slowPdf, withExternalEntity } from './hostile-files.ts';
import type { MixedFileRecipe, MixedRow, MixedScenario } from './mixed-world.ts';
import { buildReceiptPdf } from './receipt-pdf.ts';
import { buildReceiptXml } from './receipt-xml.ts';

/**
 * Writes the mixed scenarios as a seller and ops would hold them: one ZIP per batch with a
 * `manifiesto.csv` (UTF-8 with BOM, `;`, decimal commas) and the files, plus the sellers
 * and orders files to import first.
 */

export interface MixedBatchFile {
  readonly batch: 1 | 2;
  readonly zipPath: string;
  /** The batch's rows in manifest order; row i is on manifest line i + 2. */
  readonly scenarios: readonly MixedScenario[];
}

export interface BuiltMixedBatches {
  readonly sellersCsv: string;
  readonly ordersCsv: string;
  readonly batches: readonly MixedBatchFile[];
}

export interface BuildMixedOptions {
  /** ZIP names are `<zipPrefix>-1.zip` and `<zipPrefix>-2.zip`. */
  readonly zipPrefix: string;
  /** Operators in the PDF that outlasts the time limit (see `slowPdf`). */
  readonly slowPdfOperators: number;
}

const manifestHeader = 'numero_orden;tipo_comprobante;serie;correlativo;archivo_pdf;archivo_xml;monto_total;fecha_emision';

/** Writes both batches and the import files into `dir`. */
export async function buildMixedBatches(dir: string, scenarios: readonly MixedScenario[], options: BuildMixedOptions): Promise<BuiltMixedBatches> {
  await mkdir(dir, { recursive: true });
  const batches: MixedBatchFile[] = [];
  for (const batch of [1, 2] as const) {
    const rows = scenarios.filter((scenario) => scenario.batch === batch);
    const zipPath = path.join(dir, `${options.zipPrefix}-${batch}.zip`);
    await writeFile(zipPath, await batchZip(rows, options));
    batches.push({ batch, zipPath, scenarios: rows });
  }

  const sellersCsv = path.join(dir, 'vendedores.csv');
  await writeFile(sellersCsv, ['seller_id,ruc,razon_social', ...demoSellers.map((s) => `${s.id},${s.ruc},"${s.name}"`)].join('\n') + '\n');
  const ordersCsv = path.join(dir, 'pedidos.csv');
  await writeFile(ordersCsv, ordersFile(scenarios.flatMap((scenario) => (scenario.order ? [scenario.order] : []))));
  return { sellersCsv, ordersCsv, batches };
}

/** Returns the manifest line of each row: the header is line 1. */
export function manifestLine(batch: MixedBatchFile, scenario: MixedScenario): number {
  return batch.scenarios.indexOf(scenario) + 2;
}

async function batchZip(rows: readonly MixedScenario[], options: BuildMixedOptions): Promise<Buffer> {
  const manifest = `\uFEFF${[manifestHeader, ...rows.map((scenario) => manifestRow(scenario.row))].join('\r\n')}\r\n`;
  const entries: Array<[string, Buffer]> = [['manifiesto.csv', Buffer.from(manifest, 'utf8')]];
  for (const recipe of rows.flatMap((scenario) => scenario.files)) {
    entries.push([recipe.name, await renderFile(recipe, options)]);
  }
  return zipOf(entries);
}

function manifestRow(row: MixedRow): string {
  const total = row.total === null ? '' : row.total.replace('.', ',');
  return [row.orderNumber, row.docType, row.series, row.number, row.pdfFile, row.xmlFile, total, row.issueDate].map((cell) => cell ?? '').join(';');
}

async function renderFile(recipe: MixedFileRecipe, options: BuildMixedOptions): Promise<Buffer> {
  switch (recipe.kind) {
    case 'receipt-xml': {
      const xml = buildReceiptXml(recipe.spec);
      return Buffer.from(recipe.externalEntity ? withExternalEntity(xml) : xml, 'utf8');
    }
    case 'receipt-pdf':
      return buildReceiptPdf(recipe.spec);
    case 'slow-pdf':
      return slowPdf(options.slowPdfOperators);
    case 'despatch-advice':
      return Buffer.from(buildDespatchAdviceXml(recipe.guide), 'utf8');
    case 'cdr': {
      const xml = Buffer.from(buildCdrXml(recipe.cdr), 'utf8');
      if (!recipe.zipped) return xml;
      // SUNAT's CDR ZIP contains R-{base}.xml and an empty entry called dummy.
      return zipOf([[recipe.name.replace(/\.zip$/i, '.xml'), xml], ['dummy', Buffer.alloc(0)]]);
    }
  }
}

function zipOf(entries: ReadonlyArray<readonly [string, Buffer]>): Promise<Buffer> {
  const zip = new ZipFile();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  // A fixed modification time keeps the ZIP's bytes the same for the same content.
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name, { mtime: new Date('2024-01-01T12:00:00Z') });
  zip.end();
  return done;
}

function ordersFile(orders: readonly DemoOrder[]): string {
  const header = 'numero_orden,seller_id,estado,comprobante_solicitado,tipo_doc_cliente,doc_cliente,nombre_cliente,total,moneda,fecha_orden';
  const rows = orders.map((o) => [o.orderNumber, o.sellerId, o.state, o.requested, o.buyerDocType, o.buyerDocId, `"${o.buyerName}"`, o.total, o.currency, o.orderDate].join(','));
  return [header, ...rows].join('\n') + '\n';
}

/** Formats the expected verdict of every row, one line each, to compare with the report. */
export function formatExpectedTable(batches: readonly MixedBatchFile[]): string {
  const header = ['lote', 'línea', 'pedido', 'veredicto', 'primer código', 'caso'];
  const rows = batches.flatMap((batch) =>
    batch.scenarios.map((scenario) => [
      String(batch.batch),
      String(manifestLine(batch, scenario)),
      scenario.row.orderNumber,
      scenario.expected.verdict,
      scenario.expected.firstCode ?? '-',
      scenario.name,
    ]),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].join('\n');
}
