import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { computeReceiptAmounts, formatCents } from '../src/demo/receipt-amounts.ts';
import { demoSellers, type DemoOrder, type DemoScenario } from '../src/demo/demo-scenarios.ts';
import { realisticFontsNote } from '../src/demo/receipt-pdf-style.ts';
import { runToEnd } from './child-processes.ts';
import { benchScenarios, sunatBaseName } from './batch-scenarios.ts';

/** A generated batch on disk: receipts under files/, two ZIPs and the files to import. */
export interface BenchBatch {
  readonly dir: string;
  readonly count: number;
  readonly filesDir: string;
  readonly pdfPaths: readonly string[];
  readonly xmlPaths: readonly string[];
  /** PDF + XML per receipt, with a manifest. */
  readonly pdfZip: string;
  /** XML only, with a manifest that names no PDF. */
  readonly xmlZip: string;
  /** Manifest of pdfZip, kept on disk for the large archive. */
  readonly pdfManifest: string;
  readonly xmlManifest: string;
  readonly sellersCsv: string;
  readonly ordersCsv: string;
  /** One line for the bench's notes: the PDF style, the mean file sizes and the ZIP sizes. */
  readonly summary: string;
}

const markerName = 'complete.json';

/** Contents of the marker file of a complete batch. */
interface BatchMarker {
  readonly count: number;
  readonly seconds: number;
  /** Set when the PDFs were written with the standard fonts because DejaVu Sans was missing. */
  readonly fontsNote?: string | null;
}

/**
 * Returns the batch of `count` receipts under `<outDir>/batch-realistic-<count>/`, generating it
 * when missing. The PDFs use the generator's realistic style (embedded fonts, raster logo and
 * QR). Batches of the earlier 3.6 KB PDFs sit in `batch-<count>/`, so they are not reused.
 * Receipts are written to disk by one child process per core and zipped from disk, so no
 * more than one file is held in memory.
 */
export async function ensureBenchBatch(outDir: string, count: number, log: (line: string) => void): Promise<BenchBatch> {
  const dir = path.join(outDir, `batch-realistic-${count}`);
  const scenarios = benchScenarios(count);
  const files = describeBatch(dir, scenarios);
  const markerPath = path.join(dir, markerName);
  if (!(await exists(markerPath))) await generateBatch(files, scenarios, log);

  const marker = JSON.parse(await readFile(markerPath, 'utf8')) as BatchMarker;
  const summary = await summarizeBatch(files, marker);
  log(summary);
  return { ...files, summary };
}

type BatchFiles = Omit<BenchBatch, 'summary'>;

async function generateBatch(batch: BatchFiles, scenarios: readonly DemoScenario[], log: (line: string) => void): Promise<void> {
  const { dir, count } = batch;
  const fontsNote = realisticFontsNote();
  if (fontsNote !== null) log(fontsNote);

  await rm(dir, { recursive: true, force: true });
  await mkdir(batch.filesDir, { recursive: true });
  const started = performance.now();
  log(`generating ${count} receipts (PDF + XML) in ${dir} ...`);
  await generateFiles(batch.filesDir, count);
  await writeFile(batch.pdfManifest, manifestText(scenarios, true));
  await writeFile(batch.xmlManifest, manifestText(scenarios, false));
  await writeZip(batch.pdfZip, batch.pdfManifest, batch.filesDir, [...batch.xmlPaths, ...batch.pdfPaths]);
  await writeZip(batch.xmlZip, batch.xmlManifest, batch.filesDir, batch.xmlPaths);
  await writeFile(batch.sellersCsv, ['seller_id,ruc,razon_social', ...demoSellers.map((s) => `${s.id},${s.ruc},"${s.name}"`)].join('\n') + '\n');
  await writeFile(batch.ordersCsv, ordersCsvText(scenarios.flatMap((s) => (s.order ? [s.order] : []))));
  const marker: BatchMarker = { count, seconds: (performance.now() - started) / 1000, fontsNote };
  await writeFile(path.join(dir, markerName), JSON.stringify(marker));
  log(`generated in ${marker.seconds.toFixed(0)} s`);
}

/** Mean PDF and XML size over every receipt of the batch, and the size of both ZIPs. */
async function summarizeBatch(batch: BatchFiles, marker: BatchMarker): Promise<string> {
  const meanKb = async (files: readonly string[]) => {
    let total = 0;
    for (const file of files) total += await fileSize(file);
    return (total / Math.max(1, files.length) / 1024).toFixed(1);
  };
  const zipMb = async (file: string) => ((await fileSize(file)) / 1024 ** 2).toFixed(1);

  const fonts = marker.fontsNote ? 'standard PDF fonts because DejaVu Sans was missing' : 'DejaVu Sans embedded';
  return (
    `batch: ${batch.count} receipts, realistic PDFs (${fonts}, raster logo and QR), ` +
    `mean PDF ${await meanKb(batch.pdfPaths)} KB, mean XML ${await meanKb(batch.xmlPaths)} KB, ` +
    `ZIP ${await zipMb(batch.pdfZip)} MB with PDFs, ${await zipMb(batch.xmlZip)} MB XML only`
  );
}

function describeBatch(dir: string, scenarios: readonly DemoScenario[]): BatchFiles {
  const filesDir = path.join(dir, 'files');
  const bases = scenarios.map(sunatBaseName);
  return {
    dir,
    count: scenarios.length,
    filesDir,
    pdfPaths: bases.map((base) => path.join(filesDir, `${base}.pdf`)),
    xmlPaths: bases.map((base) => path.join(filesDir, `${base}.xml`)),
    pdfZip: path.join(dir, `lote-pdf-${scenarios.length}.zip`),
    xmlZip: path.join(dir, `lote-xml-${scenarios.length}.zip`),
    pdfManifest: path.join(dir, 'manifiesto-pdf.csv'),
    xmlManifest: path.join(dir, 'manifiesto-xml.csv'),
    sellersCsv: path.join(dir, 'vendedores.csv'),
    ordersCsv: path.join(dir, 'pedidos.csv'),
  };
}

async function generateFiles(filesDir: string, count: number): Promise<void> {
  const processes = Math.min(availableParallelism(), Math.max(1, Math.ceil(count / 100)));
  const slice = Math.ceil(count / processes);
  const script = path.join(import.meta.dirname, 'generate-slice.ts');
  await Promise.all(
    Array.from({ length: processes }, (_, index) => {
      const from = index * slice;
      const to = Math.min(count, from + slice);
      return runToEnd(process.execPath, ['--import', 'tsx', script, filesDir, String(count), String(from), String(to)], {});
    }),
  );
}

/** The manifest the demo writes: `;`, decimal commas, UTF-8 with BOM. */
function manifestText(scenarios: readonly DemoScenario[], withPdf: boolean): string {
  const header = 'numero_orden;tipo_comprobante;serie;correlativo;archivo_pdf;archivo_xml;monto_total;fecha_emision';
  const rows = scenarios.map((scenario) => {
    const base = sunatBaseName(scenario);
    const total = formatCents(computeReceiptAmounts(scenario.spec).totalCents).replace('.', ',');
    const { spec } = scenario;
    return [scenario.manifestOrderNumber, scenario.manifestDocType, spec.series, spec.number, withPdf ? `${base}.pdf` : '', `${base}.xml`, total, spec.issueDate].join(';');
  });
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

async function writeZip(zipPath: string, manifestPath: string, filesDir: string, files: readonly string[]): Promise<void> {
  const zip = new ZipFile();
  const output = createWriteStream(zipPath);
  zip.outputStream.pipe(output);
  zip.addFile(manifestPath, 'manifiesto.csv');
  for (const file of files) zip.addFile(file, path.relative(filesDir, file));
  zip.end();
  await once(output, 'close');
}

function ordersCsvText(orders: readonly DemoOrder[]): string {
  const header = 'numero_orden,seller_id,estado,comprobante_solicitado,tipo_doc_cliente,doc_cliente,nombre_cliente,total,moneda,fecha_orden';
  const rows = orders.map((o) => [o.orderNumber, o.sellerId, o.state, o.requested, o.buyerDocType, o.buyerDocId, `"${o.buyerName}"`, o.total, o.currency, o.orderDate].join(','));
  return [header, ...rows].join('\n') + '\n';
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
