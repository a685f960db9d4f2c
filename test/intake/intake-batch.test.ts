import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../config/defaults.ts';
import { takeArchiveEntry } from '../../src/intake/archive-entry.ts';
import type { BatchFile, BatchPlan } from '../../src/intake/batch-plan.ts';
import { intakeBatch, manifestFileNames } from '../../src/intake/intake-batch.ts';
import type { Limits } from '../../src/intake/intake-findings.ts';
import { pdfBytes, rawZip, writeZip, xmlBytes } from './zip-bytes.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const samplesDir = path.resolve(repoRoot, '../shared/samples/real');
const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`skipping the sample-file tests: ${samplesDir} is absent`);

let tempDir: string;
let workDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'intake-batch-'));
  workDir = path.join(tempDir, 'work');
});

afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

function limitsWith(overrides: Partial<Limits> = {}): Limits {
  return { ...defaults.limits, ...overrides };
}

function expectRejected(plan: BatchPlan): Extract<BatchPlan, { ok: false }> {
  if (plan.ok) throw new Error('expected the whole batch to be rejected');
  return plan;
}

function expectOk(plan: BatchPlan): Extract<BatchPlan, { ok: true }> {
  if (!plan.ok) throw new Error(`expected an ok plan, got ${JSON.stringify(plan.findings)}`);
  return plan;
}

/** Writes a file left in the archive to its stored path, as the reader thread does, and returns its bytes. */
async function takeLeftFile(archivePath: string, file: BatchFile): Promise<Buffer> {
  expect(file.archiveEntry, `${file.originalName} left in the archive`).toBeDefined();
  const entryResult = takeArchiveEntry(archivePath, file.archiveEntry!, path.join(workDir, file.storedPath));
  if (!entryResult.ok) throw new Error(`expected ${file.originalName} to be readable, got damage '${entryResult.damage}'`);
  return readFile(path.join(workDir, file.storedPath));
}

const manifestText = [
  'numero_orden;tipo_comprobante;serie;correlativo;archivo_pdf;archivo_xml;monto_total;fecha_emision',
  '3000848;Boleta;B001;848;20604051984-03-B001-848.pdf;20604051984-03-B001-848.xml;100,00;14/11/2022',
  '3000009;01;F001;9;;falta.xml;;',
].join('\r\n');

describe('intakeBatch from a zip', () => {
  it.skipIf(!haveSamples)('plans real samples with a manifest', async () => {
    const pdf = await readFile(path.join(samplesDir, '20604051984-03-B001-848.pdf'));
    const xml = await readFile(path.join(samplesDir, '20604051984-03-B001-848.xml'));
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeZip(archivePath, [
      { name: 'manifiesto.csv', data: Buffer.from(manifestText) },
      { name: 'comprobantes/20604051984-03-B001-848.pdf', data: pdf },
      { name: 'comprobantes/20604051984-03-B001-848.xml', data: xml },
      { name: 'extra.pdf', data: pdfBytes },
    ]);

    const plan = expectOk(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith()));

    expect(plan.items.map((item) => [item.key, item.claims.orderNumber, item.claims.total, item.claims.issueDate])).toEqual([
      ['L0002', '3000848', '100.00', '2022-11-14'],
      ['L0003', '3000009', null, null],
    ]);
    const first = plan.items[0]!;
    expect([first.pdf?.storedPath, first.xml?.storedPath]).toEqual(['files/000002.pdf', 'files/000003.xml']);
    // Intake extracts only the manifest, and the receipt files wait in the archive for their job.
    expect(await readdir(path.join(workDir, 'files'))).toEqual(['000001.csv']);
    expect(await takeLeftFile(archivePath, first.pdf!)).toEqual(pdf);
    expect(await takeLeftFile(archivePath, first.xml!)).toEqual(xml);
    expect(plan.items[1]!.findings).toEqual([{ code: 'FILE_NOT_FOUND', details: { file: 'falta.xml' } }]);
    expect(plan.rowRejections.map((row) => [row.files[0], row.findings[0]!.code])).toEqual([['extra.pdf', 'FILE_UNREFERENCED']]);
    // The manifest itself is no receipt file, so it is not reported as unreferenced.
    expect(plan.items.flatMap((item) => [item.pdf, item.xml]).some((file) => file?.originalName === 'manifiesto.csv')).toBe(false);
  });

  it.skipIf(!haveSamples)('pairs real samples without a manifest', async () => {
    const receiptZip = await readFile(path.join(samplesDir, '20604051984-03-B001-9927.zip'));
    const cdr = await readFile(path.join(samplesDir, 'R-20604051984-03-B001-9927.xml'));
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeZip(archivePath, [
      { name: '20604051984-03-B001-9927.zip', data: receiptZip },
      { name: 'R-20604051984-03-B001-9927.xml', data: cdr },
    ]);

    const plan = expectOk(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith()));

    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]!.xml?.originalName).toBe('20604051984-03-B001-9927.zip/20604051984-03-B001-9927.xml');
    expect(plan.items[0]!.cdr?.originalName).toBe('R-20604051984-03-B001-9927.xml');
    expect(plan.items[0]!.claims.orderNumber).toBeNull();
    // Intake extracts the XML inside the SUNAT zip, but the loose CDR stays in the archive.
    expect(plan.items[0]!.xml?.archiveEntry).toBeUndefined();
    expect(await readdir(path.join(workDir, 'files'))).toEqual([path.basename(plan.items[0]!.xml!.storedPath)]);
    expect(await takeLeftFile(archivePath, plan.items[0]!.cdr!)).toEqual(cdr);
  });

  it('rejects a zip with two CSV files', async () => {
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeFile(archivePath, rawZip([{ name: 'a.csv', data: Buffer.from(manifestText) }, { name: 'b.csv', data: Buffer.from(manifestText) }]));

    const plan = await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith());

    expect(plan).toEqual({
      ok: false,
      findings: [{ code: 'BATCH_UNREADABLE', details: { reason: 'el ZIP contiene 2 archivos CSV (a.csv, b.csv) y debe tener un solo manifiesto' } }],
    });
    expect(existsSync(path.join(workDir, 'files'))).toBe(false);
  });

  it('rejects a zip whose manifest is too large', async () => {
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeFile(archivePath, rawZip([{ name: 'manifiesto.csv', data: Buffer.from(manifestText) }, { name: 'a.pdf', data: pdfBytes }]));

    const plan = expectRejected(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith({ manifestBytes: 20 })));

    expect(plan.findings[0]!.code).toBe('BATCH_LIMITS_EXCEEDED');
    expect(plan.findings[0]!.details).toMatchObject({ option: 'manifestBytes', max: 20 });
  });

  it('leaves no files after a batch rejection', async () => {
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeFile(archivePath, rawZip([{ name: 'a.pdf', data: pdfBytes }, { name: 'b.pdf', data: pdfBytes }, { name: 'lote.csv', data: Buffer.from('x;y\n') }]));

    const plan = expectRejected(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith()));

    expect(plan.findings[0]!.code).toBe('MANIFEST_HEADER_INVALID');
    expect(existsSync(path.join(workDir, 'files'))).toBe(false);
  });

  it('starts over on a second run', async () => {
    const archivePath = path.join(tempDir, 'lote.zip');
    await writeZip(archivePath, [{ name: '1.pdf', data: pdfBytes }]);

    // The first run's receipt was read, so its file is on disk.
    const first = expectOk(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith()));
    await takeLeftFile(archivePath, first.items[0]!.pdf!);
    const plan = expectOk(await intakeBatch({ kind: 'zip', archivePath }, workDir, limitsWith()));

    expect(plan.items[0]!.pdf?.storedPath).toBe('files/000001.pdf');
    expect(plan.items[0]!.pdf?.archiveEntry).toEqual(first.items[0]!.pdf?.archiveEntry);
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });
});

describe('intakeBatch from a loose CSV', () => {
  let filesDir: string;
  let manifestPath: string;

  beforeEach(async () => {
    filesDir = path.join(tempDir, 'recibidos', 'files');
    manifestPath = path.join(tempDir, 'recibidos', 'manifiesto.csv');
    await mkdir(filesDir, { recursive: true });
  });

  it('takes the named files into the work folder', async () => {
    await writeFile(manifestPath, ['numero_orden,tipo_comprobante,archivo_pdf,archivo_xml', '1,01,a.pdf,a.xml', '2,03,b.pdf,', '3,03,falta.pdf,'].join('\n'));
    await writeFile(path.join(filesDir, 'a.pdf'), pdfBytes);
    await writeFile(path.join(filesDir, 'a.xml'), xmlBytes);
    await writeFile(path.join(filesDir, 'b.pdf'), Buffer.alloc(3000, 1));
    await writeFile(path.join(filesDir, '.DS_Store'), 'x');
    await symlink('/etc/hostname', path.join(filesDir, 'enlace.pdf'));
    const fileNames = (await readdir(filesDir)).sort();

    const plan = expectOk(await intakeBatch({ kind: 'csv', manifestPath, filesDir, fileNames }, workDir, limitsWith({ receiptFileBytes: 2000 })));

    const [first, second, third] = plan.items;
    expect(first!.pdf?.storedPath).toMatch(/^files\/\d{6}\.pdf$/);
    expect(await readFile(path.join(workDir, first!.pdf!.storedPath))).toEqual(pdfBytes);
    expect(await readFile(path.join(workDir, first!.xml!.storedPath))).toEqual(xmlBytes);
    expect(second!.findings).toEqual([{ code: 'FILE_EMPTY_OR_TOO_LARGE', details: { file: 'b.pdf', size: 3000, max: 2000 } }]);
    expect(third!.findings).toEqual([{ code: 'FILE_NOT_FOUND', details: { file: 'falta.pdf' } }]);
    expect(plan.rowRejections).toEqual([
      { key: 'F0001', line: null, orderNumber: null, files: ['enlace.pdf'], findings: [{ code: 'BATCH_UNSAFE_PATH', details: { entry: 'enlace.pdf' } }] },
    ]);
    const stored = await readdir(path.join(workDir, 'files'));
    expect(stored.sort()).toEqual(['000001.pdf', '000002.xml']);
    // The seller's files stay where the watcher put them.
    expect((await stat(path.join(filesDir, 'a.pdf'))).size).toBe(pdfBytes.length);
  });

  it('rejects a file name that leaves the folder', async () => {
    await writeFile(manifestPath, 'numero_orden,tipo_comprobante,archivo_pdf\n1,01,a.pdf\n');
    const plan = await intakeBatch({ kind: 'csv', manifestPath, filesDir, fileNames: ['../manifiesto.csv'] }, workDir, limitsWith());
    expect(plan).toEqual({ ok: false, findings: [{ code: 'BATCH_UNSAFE_PATH', details: { entry: '../manifiesto.csv' } }] });
  });

  it('rejects a manifest over manifestBytes', async () => {
    await writeFile(manifestPath, manifestText);
    const plan = expectRejected(await intakeBatch({ kind: 'csv', manifestPath, filesDir, fileNames: [] }, workDir, limitsWith({ manifestBytes: 10 })));
    expect(plan.findings[0]!.details).toMatchObject({ option: 'manifestBytes', max: 10 });
  });

  it('rejects more files than archiveEntries', async () => {
    await writeFile(manifestPath, 'numero_orden,tipo_comprobante,archivo_pdf\n1,01,a.pdf\n');
    const plan = expectRejected(await intakeBatch({ kind: 'csv', manifestPath, filesDir, fileNames: ['a.pdf', 'b.pdf', 'c.pdf'] }, workDir, limitsWith({ archiveEntries: 2 })));
    expect(plan.findings[0]!.details).toMatchObject({ option: 'archiveEntries', value: 3 });
  });

  it.skipIf(!haveSamples)('opens a loose CDR zip', async () => {
    await writeFile(manifestPath, 'numero_orden,tipo_comprobante,archivo_xml\n1,01,20600995805-01-F001-2.xml\n');
    await writeFile(path.join(filesDir, '20600995805-01-F001-2.xml'), xmlBytes);
    await writeFile(path.join(filesDir, 'R-20600995805-01-F001-2.zip'), await readFile(path.join(samplesDir, 'cdr-rechazo.zip')));

    const fileNames = ['20600995805-01-F001-2.xml', 'R-20600995805-01-F001-2.zip'];
    const plan = expectOk(await intakeBatch({ kind: 'csv', manifestPath, filesDir, fileNames }, workDir, limitsWith()));

    expect(plan.items[0]!.cdr?.originalName).toBe('R-20600995805-01-F001-2.zip/R-20600995805-01-F001-2.xml');
    expect(plan.rowRejections).toEqual([]);
  });
});

describe('manifestFileNames', () => {
  it('is exported for the watcher', () => {
    expect(manifestFileNames(Buffer.from(manifestText))).toEqual(['20604051984-03-B001-848.pdf', '20604051984-03-B001-848.xml', 'falta.xml']);
  });
});
