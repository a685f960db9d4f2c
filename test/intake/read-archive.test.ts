import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../config/defaults.ts';
import { formatReason } from '../../src/reports/reason-codes.ts';
import type { BatchFile } from '../../src/intake/batch-plan.ts';
import { createFileStore, type FileStore } from '../../src/intake/file-store.ts';
import type { Limits } from '../../src/intake/intake-findings.ts';
import { takeArchiveEntry } from '../../src/intake/archive-entry.ts';
import { readArchive, type ArchiveResult, type ReadArchiveOptions } from '../../src/intake/read-archive.ts';
import { pdfBytes, rawZip, relinkCentralDirectory, writeZip, xmlBytes } from './zip-bytes.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const samplesDir = path.resolve(repoRoot, '../shared/samples/real');
const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`skipping the sample-file tests: ${samplesDir} is absent`);

let workDir: string;
let store: FileStore;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'read-archive-'));
  store = await createFileStore(workDir);
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function limitsWith(overrides: Partial<Limits> = {}): Limits {
  return { ...defaults.limits, ...overrides };
}

async function readBytes(bytes: Buffer, limits: Limits = limitsWith(), options: ReadArchiveOptions = {}): Promise<ArchiveResult> {
  const archivePath = path.join(workDir, 'batch.zip');
  await writeFile(archivePath, bytes);
  return readArchive(archivePath, store, limits, options);
}

/** Writes a file left in the archive to its stored path, as the reader thread does, and returns its bytes. */
async function takeLeftFile(archivePath: string, file: BatchFile): Promise<Buffer> {
  expect(file.archiveEntry, `${file.originalName} left in the archive`).toBeDefined();
  const entryResult = takeArchiveEntry(archivePath, file.archiveEntry!, path.join(workDir, file.storedPath));
  if (!entryResult.ok) throw new Error(`expected ${file.originalName} to be readable, got damage '${entryResult.damage}'`);
  return readFile(path.join(workDir, file.storedPath));
}

async function storedFiles(): Promise<string[]> {
  return (await readdir(path.join(workDir, 'files'))).sort();
}

function expectOk(result: ArchiveResult): Extract<ArchiveResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected an ok archive, got ${JSON.stringify(result.findings)}`);
  return result;
}

function expectRejected(result: ArchiveResult): Extract<ArchiveResult, { ok: false }> {
  if (result.ok) throw new Error('expected the whole batch to be rejected');
  return result;
}

describe('readArchive', () => {
  it('leaves receipt files under generated names', async () => {
    const archivePath = path.join(workDir, 'batch.zip');
    await writeZip(archivePath, [
      { name: 'facturas/20100070970-01-F001-1.pdf', data: pdfBytes },
      { name: 'facturas/20100070970-01-F001-1.XML', data: xmlBytes, compress: false },
      { name: 'notas.txt', data: Buffer.from('hola') },
      { name: '__MACOSX/facturas/._20100070970-01-F001-1.pdf', data: Buffer.from('resource fork') },
      { name: '.DS_Store', data: Buffer.from('finder') },
      { name: 'facturas/Thumbs.db', data: Buffer.from('thumbs') },
    ]);

    const result = expectOk(await readArchive(archivePath, store, limitsWith()));

    expect(result.rejected).toEqual([]);
    expect(result.files.map(({ originalName, storedPath, size }) => ({ originalName, storedPath, size }))).toEqual([
      { originalName: 'facturas/20100070970-01-F001-1.pdf', storedPath: 'files/000001.pdf', size: pdfBytes.length },
      { originalName: 'facturas/20100070970-01-F001-1.XML', storedPath: 'files/000002.xml', size: xmlBytes.length },
      { originalName: 'notas.txt', storedPath: 'files/000003.bin', size: 4 },
    ]);
    expect(result.files.map((file) => file.archiveEntry?.compressionMethod)).toEqual([8, 0, 8]);
    expect(await storedFiles()).toEqual([]);

    const [pdf, xml, text] = result.files;
    expect(await takeLeftFile(archivePath, pdf!)).toEqual(pdfBytes);
    expect(await takeLeftFile(archivePath, xml!)).toEqual(xmlBytes);
    expect(await takeLeftFile(archivePath, text!)).toEqual(Buffer.from('hola'));
    expect(await storedFiles()).toEqual(['000001.pdf', '000002.xml', '000003.bin']);
  });

  it('extracts receipt files on request', async () => {
    const bytes = rawZip([
      { name: 'a.pdf', data: pdfBytes },
      { name: 'b.xml', data: xmlBytes, method: 0 },
    ]);

    const result = expectOk(await readBytes(bytes, limitsWith(), { extractReceipts: true }));

    expect(result.files).toEqual([
      { originalName: 'a.pdf', storedPath: 'files/000001.pdf', size: pdfBytes.length },
      { originalName: 'b.xml', storedPath: 'files/000002.xml', size: xmlBytes.length },
    ]);
    expect(await readFile(path.join(workDir, 'files/000001.pdf'))).toEqual(pdfBytes);
    expect(await readFile(path.join(workDir, 'files/000002.xml'))).toEqual(xmlBytes);
  });

  it('skips directory entries', async () => {
    const result = expectOk(await readBytes(rawZip([{ name: 'lote/' }, { name: 'lote/a.pdf', data: pdfBytes }])));
    expect(result.files.map((file) => file.originalName)).toEqual(['lote/a.pdf']);
  });

  it.each([
    '../evil.pdf',
    'lote/../../evil.pdf',
    '/etc/cron.d/evil',
    'C:/Windows/evil.pdf',
    'C:\\Windows\\evil.pdf',
    '..\\..\\evil.pdf',
    '\\\\server\\share\\evil.pdf',
    'lote/\0evil.pdf',
  ])('rejects the batch for unsafe path %j', async (unsafeName) => {
    const bytes = rawZip([
      { name: 'a.pdf', data: pdfBytes },
      { name: unsafeName, data: pdfBytes },
    ]);

    const result = expectRejected(await readBytes(bytes));

    expect(result.findings).toEqual([{ code: 'BATCH_UNSAFE_PATH', details: { entry: unsafeName } }]);
    expect(await storedFiles()).toEqual([]);
  });

  it('rejects a symlink entry alone', async () => {
    const link = { name: 'enlace.pdf', data: Buffer.from('/etc/passwd'), method: 0, externalAttributes: (0o120777 << 16) >>> 0 };
    const result = expectOk(await readBytes(rawZip([link, { name: 'a.pdf', data: pdfBytes }])));

    expect(result.rejected).toEqual([{ originalName: 'enlace.pdf', findings: [{ code: 'BATCH_UNSAFE_PATH', details: { entry: 'enlace.pdf' } }] }]);
    expect(result.files.map((file) => [file.originalName, file.storedPath])).toEqual([['a.pdf', 'files/000001.pdf']]);
    expect(await storedFiles()).toEqual([]);

    expect(await takeLeftFile(path.join(workDir, 'batch.zip'), result.files[0]!)).toEqual(pdfBytes);
    expect(await storedFiles()).toEqual(['000001.pdf']);
    expect((await lstat(path.join(workDir, 'files/000001.pdf'))).isSymbolicLink()).toBe(false);
  });

  it('rejects an encrypted entry alone', async () => {
    const bytes = rawZip([
      { name: 'secreto.pdf', data: pdfBytes, flags: 0x801 },
      { name: 'a.xml', data: xmlBytes },
    ]);
    const result = expectOk(await readBytes(bytes));

    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.findings[0]!.code).toBe('ENTRY_UNREADABLE');
    expect(formatReason('ENTRY_UNREADABLE', result.rejected[0]!.findings[0]!.details)).toBe(
      'No se pudo extraer un archivo del lote: "secreto.pdf" está protegido con contraseña.',
    );
    expect(result.files.map((file) => file.originalName)).toEqual(['a.xml']);
  });

  it('rejects an unsupported compression method alone', async () => {
    const bytes = rawZip([{ name: 'bzip.pdf', data: pdfBytes, method: 12 }, { name: 'a.pdf', data: pdfBytes }]);
    const result = expectOk(await readBytes(bytes));
    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('"bzip.pdf" usa un método de compresión no soportado (12)');
    expect(result.files).toHaveLength(1);
  });

  it('rejects a file that is not a zip', async () => {
    const result = expectRejected(await readBytes(Buffer.from('numero_orden,tipo\n1,01\n')));
    expect(result.findings[0]!.code).toBe('BATCH_UNREADABLE');
    expect(result.findings[0]!.details.reason).toBe('el archivo no es un ZIP');
  });

  it('rejects an empty file', async () => {
    const result = expectRejected(await readBytes(Buffer.alloc(0)));
    expect(result.findings[0]!.details.reason).toBe('el archivo está vacío');
  });

  it('rejects a truncated zip', async () => {
    const whole = rawZip([{ name: 'a.pdf', data: pdfBytes }, { name: 'b.xml', data: xmlBytes }]);
    const result = expectRejected(await readBytes(whole.subarray(0, Math.floor(whole.length * 0.6))));
    expect(result.findings[0]!.code).toBe('BATCH_UNREADABLE');
    expect(result.findings[0]!.details.reason).toBe('el ZIP está incompleto o dañado');
  });

  it('rejects a damaged central directory', async () => {
    const whole = rawZip([{ name: 'a.pdf', data: pdfBytes }]);
    const directoryStart = whole.readUInt32LE(whole.length - 6);
    whole.writeUInt32LE(0xdeadbeef, directoryStart);
    const result = expectRejected(await readBytes(whole));
    expect(result.findings[0]!.details.reason).toBe('el índice del ZIP está dañado');
  });

  it('rejects an entry with a wrong CRC alone', async () => {
    const bytes = rawZip([{ name: 'a.pdf', data: pdfBytes, declaredCrc: (crc32(pdfBytes) ^ 1) >>> 0 }, { name: 'b.xml', data: xmlBytes }]);
    const result = expectOk(await readBytes(bytes, limitsWith(), { extractReceipts: true }));

    expect(result.rejected[0]!.originalName).toBe('a.pdf');
    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('"a.pdf" está dañado: su CRC-32 no coincide');
    expect(await storedFiles()).toEqual(['000002.xml']);
  });

  it('rejects damaged deflate data alone', async () => {
    const bytes = rawZip([{ name: 'a.pdf', data: Buffer.alloc(4096, 7) }, { name: 'b.xml', data: xmlBytes }]);
    const dataStart = 30 + 'a.pdf'.length;
    bytes.fill(0xff, dataStart, dataStart + 4);
    const result = expectOk(await readBytes(bytes, limitsWith(), { extractReceipts: true }));

    expect(result.rejected[0]!.findings[0]!.code).toBe('ENTRY_UNREADABLE');
    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('los datos comprimidos de "a.pdf" están dañados');
    expect(result.files.map((file) => file.originalName)).toEqual(['b.xml']);
  });

  it('stops an entry that inflates past its declared size', async () => {
    const zeros = Buffer.alloc(5 * 1024 * 1024);
    const bytes = rawZip([{ name: 'mentira.pdf', data: zeros, declaredSize: 100_000 }, { name: 'b.xml', data: xmlBytes }]);
    const result = expectOk(await readBytes(bytes, limitsWith(), { extractReceipts: true }));

    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('el tamaño real de "mentira.pdf" no coincide con el declarado');
    expect(await storedFiles()).toEqual(['000002.xml']);
  });

  it('rejects a zip bomb without inflating it', async () => {
    const archivePath = path.join(workDir, 'bomba.zip');
    await writeZip(archivePath, [
      { name: 'bomba.pdf', data: Buffer.alloc(50 * 1024 * 1024) },
      { name: 'a.pdf', data: pdfBytes },
    ]);

    const result = expectOk(await readArchive(archivePath, store, limitsWith({ receiptFileBytes: 100 * 1024 * 1024 })));

    const bomb = result.rejected[0]!;
    expect(bomb.originalName).toBe('bomba.pdf');
    expect(bomb.findings[0]!.code).toBe('BATCH_LIMITS_EXCEEDED');
    expect(bomb.findings[0]!.details.option).toBe('compressionRatio');
    expect(bomb.findings[0]!.details.value).toBeGreaterThan(900);
    // The bomb is rejected from the central directory, so it gets no stored name.
    expect(result.files.map((file) => [file.originalName, file.storedPath])).toEqual([['a.pdf', 'files/000001.pdf']]);
    expect(await storedFiles()).toEqual([]);
    expect(await takeLeftFile(archivePath, result.files[0]!)).toEqual(pdfBytes);
  });

  it('stops a zip bomb whose header lies', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    // The header claims 150:1, under the limit of 200:1; yauzl stops at the declared size.
    const compressedSize = rawZip([{ name: 'x', data: zeros }]).readUInt32LE(18);
    const bytes = rawZip([{ name: 'bomba.pdf', data: zeros, declaredSize: compressedSize * 150 }]);

    const result = expectOk(await readBytes(bytes, limitsWith({ receiptFileBytes: 100 * 1024 * 1024 }), { extractReceipts: true }));

    expect(result.rejected[0]!.findings[0]!.code).toBe('ENTRY_UNREADABLE');
    expect(result.files).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('rejects a file over receiptFileBytes alone', async () => {
    const big = Buffer.alloc(3000, 1);
    const result = expectOk(await readBytes(rawZip([{ name: 'grande.pdf', data: big, method: 0 }, { name: 'a.pdf', data: pdfBytes }]), limitsWith({ receiptFileBytes: 2000 })));

    expect(result.rejected).toEqual([{ originalName: 'grande.pdf', findings: [{ code: 'FILE_EMPTY_OR_TOO_LARGE', details: { file: 'grande.pdf', size: 3000, max: 2000 } }] }]);
    expect(result.files).toHaveLength(1);
  });

  it('rejects the batch over archiveEntries', async () => {
    const bytes = rawZip([1, 2, 3].map((n) => ({ name: `${n}.pdf`, data: pdfBytes })));
    const result = expectRejected(await readBytes(bytes, limitsWith({ archiveEntries: 2 })));
    expect(result.findings).toEqual([
      { code: 'BATCH_LIMITS_EXCEEDED', details: { limit: 'cantidad de archivos', value: 3, max: 2, option: 'archiveEntries' } },
    ]);
  });

  it('rejects the batch over archiveBytes', async () => {
    const bytes = rawZip([{ name: 'a.pdf', data: pdfBytes }]);
    const result = expectRejected(await readBytes(bytes, limitsWith({ archiveBytes: bytes.length - 1 })));
    expect(result.findings[0]!.details).toMatchObject({ option: 'archiveBytes', value: bytes.length });
  });

  it('rejects the batch over uncompressedBytes', async () => {
    const bytes = rawZip([1, 2, 3].map((n) => ({ name: `${n}.pdf`, data: Buffer.alloc(1000, n), method: 0 })));
    const result = expectRejected(await readBytes(bytes, limitsWith({ uncompressedBytes: 2500 })));
    expect(result.findings[0]!.details).toMatchObject({ option: 'uncompressedBytes', value: 3000, max: 2500 });
    expect(await storedFiles()).toEqual([]);
  });
});

describe('readArchive uncompressedBytes for receipts in the archive', () => {
  const xml = Buffer.alloc(1000, 0x20);
  const cdr = rawZip([{ name: 'R-20100070970-01-F001-1.xml', data: xml }, { name: 'dummy' }]);
  // b.pdf comes after the CDR zip, so only its declared size, set aside up front, can count against the XML.
  const batch = rawZip([
    { name: 'a.pdf', data: Buffer.alloc(1000, 1), method: 0 },
    { name: 'R-20100070970-01-F001-1.zip', data: cdr, method: 0 },
    { name: 'b.pdf', data: Buffer.alloc(300, 2), method: 0 },
  ]);
  const everything = 1000 + cdr.length + xml.length + 300;

  it('rejects receipts and nested xml over the limit', async () => {
    // The declared sizes fit, and so would the CDR zip and its XML without the receipts.
    const limit = 1000 + cdr.length + 300 + 10;

    const result = expectRejected(await readBytes(batch, limitsWith({ uncompressedBytes: limit })));

    expect(result.findings).toEqual([
      { code: 'BATCH_LIMITS_EXCEEDED', details: { limit: 'tamaño descomprimido (bytes)', value: everything, max: limit, option: 'uncompressedBytes' } },
    ]);
    expect(await storedFiles()).toEqual([]);
  });

  it('keeps a batch that fills the limit exactly', async () => {
    const result = expectOk(await readBytes(batch, limitsWith({ uncompressedBytes: everything })));

    expect(result.files.map((file) => [file.originalName, file.archiveEntry !== undefined])).toEqual([
      ['a.pdf', true],
      ['R-20100070970-01-F001-1.zip/R-20100070970-01-F001-1.xml', false],
      ['b.pdf', true],
    ]);
    expect(await storedFiles()).toEqual(['000003.xml']);
  });
});

describe('readArchive overlapping entries', () => {
  it('rejects entries sharing one local header', async () => {
    // Each entry inflates about 850:1, under the raised ratio limit, and 60 of them would write 60 copies.
    const data = Buffer.concat(Array.from({ length: 50 }, (_, index) => Buffer.alloc(10_000, index % 7)));
    const single = rawZip([{ name: '0.pdf', data }]);
    const links = Array.from({ length: 60 }, (_, index) => ({ from: 0, name: `${index}.pdf`, offset: 0 }));
    const bytes = relinkCentralDirectory(single, links);

    const result = expectRejected(await readBytes(bytes, limitsWith({ compressionRatio: 1000 })));

    expect(result.findings).toEqual([{ code: 'BATCH_UNREADABLE', details: { reason: 'el ZIP tiene entradas que comparten los mismos datos' } }]);
    expect(await storedFiles()).toEqual([]);
  });

  it('rejects an entry inside another entry', async () => {
    // The stored data of "a.pdf" is a whole local entry, and "b.pdf" points at it.
    const inner = rawZip([{ name: 'b.pdf', data: pdfBytes }]);
    const innerLocal = inner.subarray(0, inner.readUInt32LE(inner.length - 22 + 16));
    const outer = rawZip([{ name: 'a.pdf', data: innerLocal, method: 0 }, { name: 'b.pdf', data: pdfBytes }]);
    const bytes = relinkCentralDirectory(outer, [{ from: 0 }, { from: 1, offset: 30 + 'a.pdf'.length }]);

    const result = expectRejected(await readBytes(bytes));

    expect(result.findings[0]!.code).toBe('BATCH_UNREADABLE');
    expect(result.findings[0]!.details.reason).toBe('el ZIP tiene entradas que comparten los mismos datos');
    expect(await storedFiles()).toEqual([]);
  });

  it('rejects compressed sizes larger than the archive', async () => {
    const two = rawZip([{ name: 'a.pdf', data: pdfBytes }, { name: 'b.pdf', data: pdfBytes }]);
    const bytes = relinkCentralDirectory(two, [{ from: 0 }, { from: 1, compressedSize: two.length * 2 }]);

    const result = expectRejected(await readBytes(bytes));

    expect(result.findings).toEqual([
      {
        code: 'BATCH_LIMITS_EXCEEDED',
        details: { limit: 'datos comprimidos declarados en el índice del ZIP (bytes)', value: two.readUInt32LE(18) + two.length * 2, max: bytes.length },
      },
    ]);
    expect(formatReason('BATCH_LIMITS_EXCEEDED', result.findings[0]!.details)).toContain('datos comprimidos declarados');
    expect(await storedFiles()).toEqual([]);
  });

  it('keeps entries that only touch', async () => {
    const bytes = relinkCentralDirectory(rawZip([{ name: 'a.pdf', data: pdfBytes }, { name: 'b.xml', data: xmlBytes }]), [{ from: 0 }, { from: 1 }]);
    const result = expectOk(await readBytes(bytes));
    expect(result.files.map((file) => file.originalName)).toEqual(['a.pdf', 'b.xml']);
  });
});

describe('readArchive names', () => {
  it('decodes CP850 names without the UTF-8 flag', async () => {
    const name = 'Facturación/Señor Núñez ÁÍÓÚ é.pdf';
    const result = expectOk(await readBytes(rawZip([{ name: iconv.encode(name, 'cp850'), data: pdfBytes }])));
    expect(result.files[0]!.originalName).toBe(name);
  });

  it('decodes UTF-8 names without the flag', async () => {
    const name = 'año/ñandú.pdf';
    const result = expectOk(await readBytes(rawZip([{ name: Buffer.from(name, 'utf8'), data: pdfBytes }])));
    expect(result.files[0]!.originalName).toBe(name);
  });

  it('decodes flagged UTF-8 names', async () => {
    const result = expectOk(await readBytes(rawZip([{ name: 'pedido-ñ.pdf', data: pdfBytes }])));
    expect(result.files[0]!.originalName).toBe('pedido-ñ.pdf');
  });

  it('prefers a matching Unicode Path field', async () => {
    const headerName = Buffer.from('pedido-?.pdf', 'latin1');
    const unicodeName = Buffer.from('pedido-ñ.pdf', 'utf8');
    const data = Buffer.alloc(5 + unicodeName.length);
    data[0] = 1;
    data.writeUInt32LE(crc32(headerName), 1);
    unicodeName.copy(data, 5);
    const extra = Buffer.concat([Buffer.from([0x75, 0x70]), Buffer.from([data.length & 0xff, data.length >> 8]), data]);

    const result = expectOk(await readBytes(rawZip([{ name: headerName, data: pdfBytes, extra }])));
    expect(result.files[0]!.originalName).toBe('pedido-ñ.pdf');
  });
});

describe('readArchive nested zips', () => {
  const cdrSample = path.join(samplesDir, 'cdr-rechazo.zip');
  const receiptZipSample = path.join(samplesDir, '20604051984-03-B001-9927.zip');

  it.skipIf(!haveSamples)('extracts the XML of a SUNAT CDR zip', async () => {
    const cdr = await readFile(cdrSample);
    const archivePath = path.join(workDir, 'batch.zip');
    await writeZip(archivePath, [{ name: 'cdr/R-20600995805-01-F001-2.zip', data: cdr, compress: false }]);

    const result = expectOk(await readArchive(archivePath, store, limitsWith()));

    expect(result.rejected).toEqual([]);
    expect(result.files).toEqual([
      { originalName: 'cdr/R-20600995805-01-F001-2.zip/R-20600995805-01-F001-2.xml', storedPath: 'files/000002.xml', size: 696 },
    ]);
    expect(await storedFiles()).toEqual(['000002.xml']);
  });

  it.skipIf(!haveSamples)('extracts the XML of a SUNAT receipt zip', async () => {
    const receiptZip = await readFile(receiptZipSample);
    const archivePath = path.join(workDir, 'batch.zip');
    await writeZip(archivePath, [{ name: '20604051984-03-B001-9927.zip', data: receiptZip }]);

    const result = expectOk(await readArchive(archivePath, store, limitsWith()));

    expect(result.files.map((file) => file.originalName)).toEqual(['20604051984-03-B001-9927.zip/20604051984-03-B001-9927.xml']);
    const xml = await readFile(path.join(workDir, result.files[0]!.storedPath), 'latin1');
    expect(xml).toContain('B001-9927');
  });

  it('rejects other nested zips alone', async () => {
    const inner = rawZip([{ name: 'a.pdf', data: pdfBytes }]);
    const result = expectOk(await readBytes(rawZip([{ name: 'mas-facturas.zip', data: inner }, { name: 'b.pdf', data: pdfBytes }])));

    expect(result.rejected).toEqual([
      { originalName: 'mas-facturas.zip', findings: [{ code: 'FILE_TYPE_UNSUPPORTED', details: { file: 'mas-facturas.zip', detected: 'un ZIP dentro del ZIP' } }] },
    ]);
    expect(result.files.map((file) => file.originalName)).toEqual(['b.pdf']);
  });

  it('rejects a CDR zip without its XML', async () => {
    const inner = rawZip([{ name: 'dummy' }, { name: 'otro.txt', data: Buffer.from('x') }]);
    const result = expectOk(await readBytes(rawZip([{ name: 'R-20100070970-01-F001-1.zip', data: inner }])));
    expect(result.rejected[0]!.findings[0]).toEqual({
      code: 'FILE_TYPE_UNSUPPORTED',
      details: { file: 'R-20100070970-01-F001-1.zip', detected: 'un ZIP sin XML R-*.xml' },
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('rejects the batch for a traversal inside a CDR zip', async () => {
    const inner = rawZip([{ name: '../R-20100070970-01-F001-1.xml', data: xmlBytes }]);
    const result = expectRejected(await readBytes(rawZip([{ name: 'R-20100070970-01-F001-1.zip', data: inner }])));
    expect(result.findings).toEqual([{ code: 'BATCH_UNSAFE_PATH', details: { entry: 'R-20100070970-01-F001-1.zip/../R-20100070970-01-F001-1.xml' } }]);
  });

  it('does not open a zip inside a CDR zip', async () => {
    const innermost = rawZip([{ name: 'R-20100070970-01-F001-1.xml', data: xmlBytes }]);
    const inner = rawZip([{ name: 'R-20100070970-01-F001-1.zip', data: innermost }]);
    const result = expectOk(await readBytes(rawZip([{ name: 'R-20100070970-01-F001-1.zip', data: inner }])));
    expect(result.files).toEqual([]);
    expect(result.rejected[0]!.findings[0]!.code).toBe('FILE_TYPE_UNSUPPORTED');
  });

  it('rejects a damaged CDR zip alone', async () => {
    const result = expectOk(await readBytes(rawZip([{ name: 'R-20100070970-01-F001-1.zip', data: Buffer.from('PK no zip') }, { name: 'a.pdf', data: pdfBytes }])));
    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('"R-20100070970-01-F001-1.zip": el ZIP está incompleto o dañado');
    expect(result.files.map((file) => file.originalName)).toEqual(['a.pdf']);
  });
});
