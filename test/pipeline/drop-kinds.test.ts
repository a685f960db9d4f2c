import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { buildDemoBatch } from '../../src/demo/build-demo-batch.ts';
import { demoScenarios, demoSellers } from '../../src/demo/demo-scenarios.ts';
import { buildReceiptPdf } from '../../src/demo/receipt-pdf.ts';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { dataFolders, sellerFolders } from '../../src/sources/folders.ts';
import { newBatchId, registerBatch } from '../../src/db/batches.ts';
import { waitForBatch } from '../../src/cli/wait-for-batch.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const seller = demoSellers[0]!.id;
const sunatName = (s: ReturnType<typeof demoScenarios>[number]) => `${s.spec.issuerRuc}-${s.spec.docType}-${s.spec.series}-${s.spec.number}`;

async function writeZip(file: string, entries: Array<[string, Buffer]>): Promise<void> {
  const zip = new ZipFile();
  const output = createWriteStream(file);
  zip.outputStream.pipe(output);
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  await once(output, 'close');
}

describe('drop kinds', () => {
  let harness: Harness;
  const scenarios = demoScenarios({ count: 9, runTag: 'KINDS', issueDate: '2026-12-01', mistakeEvery: 0 });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'drop-kinds-'));

  beforeAll(async () => {
    harness = await startHarness();
    const built = await buildDemoBatch(scratch, 'unused.zip', scenarios);
    await importSellers(harness.pipeline.db, built.sellersCsv);
    await importOrders(harness.pipeline.db, built.ordersCsv);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('takes a loose CSV with the files next to it', async () => {
    const inbox = sellerFolders(harness.config.dropRoot, seller).inbox;
    await mkdir(inbox, { recursive: true });
    const rows = ['numero_orden,tipo_comprobante,serie,correlativo,archivo_pdf,archivo_xml'];
    for (const scenario of scenarios.slice(0, 3)) {
      const base = sunatName(scenario);
      await writeFile(path.join(inbox, `${base}.pdf`), await buildReceiptPdf(scenario.spec));
      await writeFile(path.join(inbox, `${base}.xml`), buildReceiptXml(scenario.spec));
      rows.push([scenario.manifestOrderNumber, scenario.spec.docType, scenario.spec.series, scenario.spec.number, `${base}.pdf`, `${base}.xml`].join(','));
    }
    rows.push('KINDS-99999,03,B001,1,falta.pdf,');
    await writeFile(path.join(inbox, 'manifiesto.csv.part'), rows.join('\n'));
    await rename(path.join(inbox, 'manifiesto.csv.part'), path.join(inbox, 'manifiesto.csv'));

    const report = await harness.report(seller, 'manifiesto.csv');
    expect(report).toMatchObject({ status: 'completed', total: 4, accepted: 3, rejected: 1, reasons: { FILE_NOT_FOUND: 1 } });
    expect(readdirSync(inbox)).toEqual([]);
  });

  it('pairs a ZIP without a manifest by base name and order reference', async () => {
    const entries: Array<[string, Buffer]> = [];
    for (const scenario of scenarios.slice(3, 6)) {
      const base = sunatName(scenario);
      entries.push([`${base}.pdf`, await buildReceiptPdf(scenario.spec)], [`${base}.xml`, Buffer.from(buildReceiptXml(scenario.spec))]);
    }
    const named = scenarios[6]!;
    entries.push([`${named.manifestOrderNumber}_boleta.pdf`, await buildReceiptPdf(named.spec)]);
    const zipPath = path.join(scratch, 'sin-manifiesto.zip');
    await writeZip(zipPath, entries);
    await harness.drop(seller, zipPath);

    const report = await harness.report(seller, 'sin-manifiesto.zip');
    expect(report).toMatchObject({ status: 'completed', total: 4, accepted: 4, rejected: 0 });
    expect(report.items.map((i) => i.orderNumber).sort()).toEqual(scenarios.slice(3, 7).map((s) => s.manifestOrderNumber).sort());
  });

  it('moves an archive that cannot be opened to con-errores with a report', async () => {
    const broken = path.join(scratch, 'roto.zip');
    await writeFile(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    await harness.drop(seller, broken);
    const report = await harness.report(seller, 'roto.zip');
    expect(report.status).toBe('rejected');
    expect(report.batchFindings.map((f) => f.code)).toEqual(['BATCH_UNREADABLE']);
    const failed = sellerFolders(harness.config.dropRoot, seller).failed;
    expect(readdirSync(failed).some((batchId) => existsSync(path.join(failed, batchId, 'roto.zip')))).toBe(true);

    // The library's English message stays in the ops copy only.
    expect(report.batchFindings[0]!.details).not.toHaveProperty('error');
    const opsCopy = path.join(dataFolders(harness.config.home).opsReports, seller, report.batchId, 'resultado.json');
    const ops = JSON.parse(await readFile(opsCopy, 'utf8')) as typeof report;
    expect(ops.batchFindings[0]!.details).toHaveProperty('error');
  });

  it('moves a ZIP with a damaged manifest to con-errores', async () => {
    const damaged = path.join(scratch, 'manifiesto-roto.zip');
    const zip = new ZipFile();
    const output = createWriteStream(damaged);
    zip.outputStream.pipe(output);
    zip.addBuffer(Buffer.from('numero_orden,tipo,pdf\nX-1,03,a.pdf\n'), 'manifiesto.csv', { compress: false });
    zip.end();
    await once(output, 'close');
    // Flips one byte of the stored manifest, so its CRC-32 no longer matches.
    const bytes = await readFile(damaged);
    const at = bytes.indexOf('X-1');
    bytes[at] = 'Y'.charCodeAt(0);
    await writeFile(damaged, bytes);

    await harness.drop(seller, damaged);
    const report = await harness.report(seller, 'manifiesto-roto.zip');
    expect(report.status).toBe('rejected');
    expect(report.batchFindings.map((f) => f.code)).toEqual(['ENTRY_UNREADABLE']);
    const failed = sellerFolders(harness.config.dropRoot, seller).failed;
    expect(readdirSync(failed).some((batchId) => existsSync(path.join(failed, batchId, 'manifiesto-roto.zip')))).toBe(true);
  });

  it('rejects a damaged receipt entry alone', async () => {
    const [good, damagedScenario] = [scenarios[7]!, scenarios[8]!];
    const rows = ['numero_orden;tipo_comprobante;archivo_pdf;archivo_xml'];
    const zip = new ZipFile();
    const zipPath = path.join(scratch, 'entrada-danada.zip');
    const output = createWriteStream(zipPath);
    zip.outputStream.pipe(output);
    for (const scenario of [good, damagedScenario]) {
      const base = sunatName(scenario);
      rows.push(`${scenario.manifestOrderNumber};${scenario.spec.docType};${base}.pdf;${base}.xml`);
      zip.addBuffer(await buildReceiptPdf(scenario.spec), `${base}.pdf`);
      zip.addBuffer(Buffer.from(buildReceiptXml(scenario.spec)), `${base}.xml`, { compress: false });
    }
    zip.addBuffer(Buffer.from(`${rows.join('\n')}\n`), 'manifiesto.csv');
    zip.end();
    await once(output, 'close');
    // Changes one byte of the second receipt's stored XML, so its CRC-32 no longer matches.
    const bytes = await readFile(zipPath);
    const at = bytes.indexOf(`<cbc:ID>${damagedScenario.spec.series}-${damagedScenario.spec.number}</cbc:ID>`);
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 'X'.charCodeAt(0);
    await writeFile(zipPath, bytes);

    await harness.drop(seller, zipPath);
    const report = await harness.report(seller, 'entrada-danada.zip');

    expect(report).toMatchObject({ status: 'completed', total: 2, accepted: 1, rejected: 1, reasons: { ENTRY_UNREADABLE: 1 } });
    const rejected = report.items.find((item) => item.verdict === 'rejected')!;
    expect(rejected.orderNumber).toBe(damagedScenario.manifestOrderNumber);
    expect(rejected.codes).toEqual(['ENTRY_UNREADABLE']);
    expect(rejected.message).toContain(`"${sunatName(damagedScenario)}.xml" está dañado: su CRC-32 no coincide`);
    expect(await harness.pipeline.db('attached_receipts').where({ order_number: good.manifestOrderNumber })).toHaveLength(1);
    expect(await harness.pipeline.db('attached_receipts').where({ order_number: damagedScenario.manifestOrderNumber })).toHaveLength(0);
  });

  it('reports a resent receipt as already attached without a second row', async () => {
    const scenario = scenarios[0]!;
    const base = sunatName(scenario);
    const zipPath = path.join(scratch, 'reenvio.zip');
    await writeZip(zipPath, [
      ['manifiesto.csv', Buffer.from(`numero_orden;tipo_comprobante;archivo_pdf;archivo_xml\n${scenario.manifestOrderNumber};03;${base}.pdf;${base}.xml\n`)],
      [`${base}.pdf`, await buildReceiptPdf(scenario.spec)],
      [`${base}.xml`, Buffer.from(buildReceiptXml(scenario.spec))],
    ]);
    await harness.drop(seller, zipPath);
    const report = await harness.report(seller, 'reenvio.zip');
    expect(report).toMatchObject({ total: 1, accepted: 0, rejected: 0, alreadyAttached: 1 });
    const rows = await harness.pipeline.db('attached_receipts').where({ order_number: scenario.manifestOrderNumber });
    expect(rows).toHaveLength(1);
  });
});

describe('intake failure', () => {
  it('reports a batch whose intake fails on every attempt', async () => {
    const harness = await startHarness({ watch: false });
    try {
      const { db } = harness.pipeline;
      await db('sellers').insert({ id: seller, ruc: demoSellers[0]!.ruc, name: demoSellers[0]!.name });
      const batchId = newBatchId();
      // The claimed file is missing from en-proceso/, as after a disk fault: intake throws.
      await registerBatch(db, { id: batchId, sellerId: seller, source: 'ingest', fileName: 'desaparecido.zip', fileSha256: 'e'.repeat(64), fileSize: 1 });
      await harness.pipeline.queue.addIntake(batchId);
      const { report } = await waitForBatch(db, batchId, () => undefined, 100);
      expect(report.status).toBe('rejected');
      expect(report.batchFindings.map((f) => f.code)).toEqual(['BATCH_PROCESSING_FAILED']);
      expect(await db('batch_fingerprints').where({ batch_id: batchId })).toEqual([]);
    } finally {
      await harness.stop();
    }
  });
});

describe('restart', () => {
  it('takes files that arrived while it was stopped', async () => {
    const first = await startHarness();
    const scenarios = demoScenarios({ count: 3, runTag: 'RESTART', issueDate: '2026-12-01', mistakeEvery: 0 });
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'restart-'));
    const built = await buildDemoBatch(scratch, 'lote-noche.zip', scenarios);
    await importSellers(first.pipeline.db, built.sellersCsv);
    await importOrders(first.pipeline.db, built.ordersCsv);
    await first.stop();

    const inbox = sellerFolders(first.config.dropRoot, seller).inbox;
    await mkdir(inbox, { recursive: true });
    await writeFile(path.join(inbox, 'lote-noche.zip'), await import('node:fs/promises').then((fs) => fs.readFile(built.zipPath)));

    const second = await startHarness({ home: first.config.home, env: { COMPROBANTES_QUEUE_PREFIX: first.config.queuePrefix } });
    try {
      const report = await second.report(seller, 'lote-noche.zip');
      expect(report).toMatchObject({ status: 'completed', total: 3, accepted: 3 });
    } finally {
      await second.stop();
    }
  });
});
