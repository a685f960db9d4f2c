import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../config/defaults.ts';
import { inMemoryMaxBytes } from '../../src/intake/extract-entry.ts';
import { createFileStore, type FileStore } from '../../src/intake/file-store.ts';
import type { Limits } from '../../src/intake/intake-findings.ts';
import { readArchive, type ArchiveResult, type ReadArchiveOptions } from '../../src/intake/read-archive.ts';
import { rawZip, xmlBytes, type RawEntry } from './zip-bytes.ts';

let workDir: string;
let store: FileStore;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'parallel-extraction-'));
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

/** Receipt files are extracted too, so these tests run the extraction that manifests and nested ZIPs go through. */
const extractAll: ReadArchiveOptions = { extractReceipts: true };

function expectOk(result: ArchiveResult): Extract<ArchiveResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected an ok archive, got ${JSON.stringify(result.findings)}`);
  return result;
}

function expectRejected(result: ArchiveResult): Extract<ArchiveResult, { ok: false }> {
  if (result.ok) throw new Error('expected the whole batch to be rejected');
  return result;
}

/** Builds a CDR zip as SUNAT sends it: the R-*.xml response and an empty `dummy` entry. */
function cdrZip(base: string, xml: Buffer): Buffer {
  return rawZip([{ name: `R-${base}.xml`, data: xml }, { name: 'dummy' }]);
}

/** Three receipts with two CDR ZIPs and one damaged CDR ZIP between them. */
function receiptsAroundCdrZips(): Buffer {
  return rawZip([
    { name: 'a.pdf', data: Buffer.from('%PDF a') },
    { name: 'R-20100070970-01-F001-1.zip', data: cdrZip('20100070970-01-F001-1', xmlBytes), method: 0 },
    { name: 'b.pdf', data: Buffer.from('%PDF b') },
    { name: 'R-20100070970-01-F001-2.zip', data: Buffer.from('PK no zip') },
    { name: 'R-20100070970-01-F001-3.zip', data: cdrZip('20100070970-01-F001-3', xmlBytes) },
    { name: 'c.pdf', data: Buffer.from('%PDF c') },
  ]);
}

describe('readArchive in parallel', () => {
  it('keeps names and order across many entries', async () => {
    // Small entries go through memory, the large ones stream; bad ones are rejected in between.
    // Names are handed out to every entry that is extracted, even one that then fails its CRC,
    // and to no entry rejected from the central directory alone (an unsupported method).
    const entries: RawEntry[] = [];
    const expected: { name: string; storedPath: string; data: Buffer }[] = [];
    const rejectedNames: string[] = [];
    let lastIndex = 0;
    for (let index = 0; index < 120; index += 1) {
      const name = `lote/${String(index).padStart(3, '0')}.pdf`;
      const size = index % 40 === 7 ? inMemoryMaxBytes + 1000 + index : 500 + index * 37;
      const data = Buffer.concat([Buffer.from(`%PDF-${index}-`), randomBytes(size)]);
      if (index % 25 === 11) {
        entries.push({ name, data, method: 12 });
        rejectedNames.push(name);
        continue;
      }
      lastIndex += 1;
      if (index % 25 === 3) {
        entries.push({ name, data, declaredCrc: (crc32(data) ^ 1) >>> 0 });
        rejectedNames.push(name);
      } else {
        entries.push({ name, data, method: index % 2 === 0 ? 0 : 8 });
        expected.push({ name, storedPath: `files/${String(lastIndex).padStart(6, '0')}.pdf`, data });
      }
    }

    const result = expectOk(await readBytes(rawZip(entries), limitsWith(), extractAll));

    expect(result.rejected.map((rejected) => rejected.originalName)).toEqual(rejectedNames);
    expect(result.files.map((file) => [file.originalName, file.storedPath])).toEqual(expected.map((file) => [file.name, file.storedPath]));
    for (const [position, file] of result.files.entries()) {
      // Buffer.equals: toEqual compares a megabyte buffer byte by byte, for seconds.
      const stored = await readFile(path.join(workDir, file.storedPath));
      expect(stored.equals(expected[position]!.data), `${file.originalName} in ${file.storedPath}`).toBe(true);
    }
  });

  it('numbers files after a nested zip as one at a time', async () => {
    const bytes = receiptsAroundCdrZips();

    const result = expectOk(await readBytes(bytes, limitsWith(), extractAll));

    expect(result.files.map((file) => [file.originalName, file.storedPath])).toEqual([
      ['a.pdf', 'files/000001.pdf'],
      ['R-20100070970-01-F001-1.zip/R-20100070970-01-F001-1.xml', 'files/000003.xml'],
      ['b.pdf', 'files/000004.pdf'],
      ['R-20100070970-01-F001-3.zip/R-20100070970-01-F001-3.xml', 'files/000007.xml'],
      ['c.pdf', 'files/000008.pdf'],
    ]);
    expect(result.rejected.map((rejected) => rejected.originalName)).toEqual(['R-20100070970-01-F001-2.zip']);
    expect((await readdir(path.join(workDir, 'files'))).sort()).toEqual(['000001.pdf', '000003.xml', '000004.pdf', '000007.xml', '000008.pdf']);
  });

  it('numbers left receipts like extracted ones', async () => {
    const bytes = receiptsAroundCdrZips();

    const result = expectOk(await readBytes(bytes));

    expect(result.files.map((file) => [file.originalName, file.storedPath, file.archiveEntry !== undefined])).toEqual([
      ['a.pdf', 'files/000001.pdf', true],
      ['R-20100070970-01-F001-1.zip/R-20100070970-01-F001-1.xml', 'files/000003.xml', false],
      ['b.pdf', 'files/000004.pdf', true],
      ['R-20100070970-01-F001-3.zip/R-20100070970-01-F001-3.xml', 'files/000007.xml', false],
      ['c.pdf', 'files/000008.pdf', true],
    ]);
    expect(result.rejected.map((rejected) => rejected.originalName)).toEqual(['R-20100070970-01-F001-2.zip']);
    // Only the XML of the CDR zips is on disk, because the zips themselves were removed after reading.
    expect((await readdir(path.join(workDir, 'files'))).sort()).toEqual(['000003.xml', '000007.xml']);
    expect(await readFile(path.join(workDir, 'files', '000003.xml'))).toEqual(xmlBytes);
  });

  it('rejects the batch when nested xml goes over uncompressedBytes', async () => {
    const xml = Buffer.alloc(1000, 0x20);
    const cdr = cdrZip('20100070970-01-F001-1', xml);
    const outer = [
      { name: 'a.pdf', data: Buffer.alloc(1000, 1), method: 0 },
      { name: 'R-20100070970-01-F001-1.zip', data: cdr, method: 0 },
      { name: 'b.pdf', data: Buffer.alloc(300, 2), method: 0 },
    ];
    // The declared sizes fit; the XML inside the CDR zip does not.
    const limit = 1000 + cdr.length + 300 + 10;

    const result = expectRejected(await readBytes(rawZip(outer), limitsWith({ uncompressedBytes: limit }), extractAll));

    expect(result.findings).toEqual([
      { code: 'BATCH_LIMITS_EXCEEDED', details: { limit: 'tamaño descomprimido (bytes)', value: 1000 + cdr.length + xml.length, max: limit, option: 'uncompressedBytes' } },
    ]);
  });

  it('counts running entries against nested xml', async () => {
    // The large entry is still being written when the CDR zip's XML starts, so the XML may use
    // only what the large entry leaves of the limit.
    const large = randomBytes(4 * 1024 * 1024);
    const xml = Buffer.alloc(1000, 0x20);
    const cdr = cdrZip('20100070970-01-F001-1', xml);
    const limit = large.length + cdr.length + 500;

    const bytes = rawZip([
      { name: 'grande.pdf', data: large, method: 0 },
      { name: 'R-20100070970-01-F001-1.zip', data: cdr, method: 0 },
    ]);
    const result = expectRejected(await readBytes(bytes, limitsWith({ uncompressedBytes: limit }), extractAll));

    expect(result.findings[0]!.details).toMatchObject({ option: 'uncompressedBytes', value: large.length + cdr.length + xml.length, max: limit });
  });

  it('keeps a batch that fills uncompressedBytes exactly', async () => {
    const xml = Buffer.alloc(1000, 0x20);
    const cdr = cdrZip('20100070970-01-F001-1', xml);
    const outer = [
      { name: 'a.pdf', data: Buffer.alloc(1000, 1), method: 0 },
      { name: 'R-20100070970-01-F001-1.zip', data: cdr, method: 0 },
      { name: 'b.pdf', data: Buffer.alloc(300, 2), method: 0 },
    ];

    const result = expectOk(await readBytes(rawZip(outer), limitsWith({ uncompressedBytes: 1000 + cdr.length + xml.length + 300 }), extractAll));

    expect(result.files.map((file) => file.originalName)).toEqual(['a.pdf', 'R-20100070970-01-F001-1.zip/R-20100070970-01-F001-1.xml', 'b.pdf']);
  });

  it('throws a disk error after the running entries finish', async () => {
    const entries = Array.from({ length: 30 }, (_, index) => ({ name: `${index}.pdf`, data: Buffer.from(`%PDF ${index}`) }));
    await writeFile(path.join(workDir, 'files', '000005.pdf'), 'already here');

    await expect(readBytes(rawZip(entries), limitsWith(), extractAll)).rejects.toMatchObject({ code: 'EEXIST' });

    expect(await readFile(path.join(workDir, 'files', '000005.pdf'), 'utf8')).toBe('already here');
    const stored = await readdir(path.join(workDir, 'files'));
    expect(stored).toContain('000004.pdf');
    expect(stored.length).toBeLessThan(30);
  });
});

describe('readArchive small entries', () => {
  it('rejects an entry shorter than declared', async () => {
    const bytes = rawZip([{ name: 'corto.pdf', data: Buffer.alloc(100, 1), declaredSize: 200 }, { name: 'b.xml', data: xmlBytes }]);
    const result = expectOk(await readBytes(bytes, limitsWith(), extractAll));

    expect(result.rejected[0]!.originalName).toBe('corto.pdf');
    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('el tamaño real de "corto.pdf" no coincide con el declarado');
    expect(result.files.map((file) => file.originalName)).toEqual(['b.xml']);
  });

  it('rejects an entry longer than declared', async () => {
    const bytes = rawZip([{ name: 'largo.pdf', data: Buffer.alloc(300, 1), declaredSize: 200 }]);
    const result = expectOk(await readBytes(bytes, limitsWith(), extractAll));

    expect(result.rejected[0]!.findings[0]!.details.reason).toBe('el tamaño real de "largo.pdf" no coincide con el declarado');
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });
});
