import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendFile, copyFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { defaults } from '../../config/defaults.ts';
import { ArchiveChangedError, assertArchiveUnchanged, claimedArchive, readArchiveEntry, takeArchiveEntry, type ArchiveEntryLocation, type EntryDamage } from '../../src/intake/archive-entry.ts';
import type { BatchFile } from '../../src/intake/batch-plan.ts';
import { createFileStore, type FileStore } from '../../src/intake/file-store.ts';
import { damagedEntry, type Limits } from '../../src/intake/intake-findings.ts';
import { readArchive } from '../../src/intake/read-archive.ts';
import { formatReason } from '../../src/reports/reason-codes.ts';
import { pdfBytes, rawZip, writeZip, xmlBytes, type RawEntry } from './zip-bytes.ts';

let workDir: string;
let store: FileStore;
let archivePath: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'archive-entry-'));
  store = await createFileStore(workDir);
  archivePath = path.join(workDir, 'batch.zip');
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function limitsWith(overrides: Partial<Limits> = {}): Limits {
  return { ...defaults.limits, ...overrides };
}

/** Reads the batch archive as intake does and returns its files, which must all be accepted. */
async function intakeFiles(limits: Limits = limitsWith()): Promise<readonly BatchFile[]> {
  const result = await readArchive(archivePath, store, limits);
  if (!result.ok) throw new Error(`expected an ok archive, got ${JSON.stringify(result.findings)}`);
  expect(result.rejected).toEqual([]);
  return result.files;
}

async function intakeBytes(bytes: Buffer, limits: Limits = limitsWith()): Promise<readonly BatchFile[]> {
  await writeFile(archivePath, bytes);
  return intakeFiles(limits);
}

function locationOf(file: BatchFile): ArchiveEntryLocation {
  if (!file.archiveEntry) throw new Error(`${file.originalName} was extracted instead of left in the archive`);
  return file.archiveEntry;
}

function destinationOf(file: BatchFile): string {
  return path.join(workDir, file.storedPath);
}

function expectBytes(result: ReturnType<typeof readArchiveEntry>): Buffer {
  if (!result.ok) throw new Error(`expected the entry's bytes, got damage '${result.damage}'`);
  return result.bytes;
}

/** Returns what `action` throws, so a test can check the error's code. */
function errorOf(action: () => unknown): NodeJS.ErrnoException {
  try {
    action();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected an error');
}

/** Overwrites bytes of the batch archive at `position`. */
async function overwriteArchive(position: number, bytes: Buffer): Promise<void> {
  const handle = await open(archivePath, 'r+');
  try {
    await handle.write(bytes, 0, bytes.length, position);
  } finally {
    await handle.close();
  }
}

/** Returns the offset of an entry's data, which follows its local header, name and extra field. */
async function dataStartOf(location: ArchiveEntryLocation): Promise<number> {
  const handle = await open(archivePath, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(30), 0, 30, location.localHeaderOffset);
    return location.localHeaderOffset + 30 + buffer.readUInt16LE(26) + buffer.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

/** Writes a ZIP whose entries have unknown sizes up front, so yazl 3 puts them in data descriptors after the data. */
async function writeStreamedZip(entries: readonly { name: string; data: Buffer }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addReadStream(Readable.from([entry.data]), entry.name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(archivePath));
}

/** General purpose flag bit 3, set when the CRC-32 and sizes follow the data and the local header has zeros in their place. */
const dataDescriptorFlag = 0x8;

const receiptText = Buffer.from('%PDF-1.4\n' + 'BT /F1 12 Tf (BOLETA DE VENTA ELECTRONICA B001-848) Tj ET\n'.repeat(400));

describe('readArchiveEntry', () => {
  it.each([
    { kind: 'stored', method: 0 },
    { kind: 'deflated', method: 8 },
  ])('returns the bytes of a $kind entry', async ({ method }) => {
    const files = await intakeBytes(rawZip([{ name: 'a.xml', data: xmlBytes }, { name: 'b.pdf', data: receiptText, method }]));

    const location = locationOf(files[1]!);
    expect(location.compressionMethod).toBe(method);
    expect(location.localHeaderOffset).toBeGreaterThan(0);
    if (method === 8) expect(location.compressedSize).toBeLessThan(receiptText.length);
    expect(expectBytes(readArchiveEntry(archivePath, location))).toEqual(receiptText);
  });

  it('reads entries yazl writes', async () => {
    const large = randomBytes(2 * 1024 * 1024);
    await writeZip(archivePath, [
      { name: 'grande.pdf', data: large, compress: false },
      { name: 'b.pdf', data: receiptText },
      { name: 'c.xml', data: xmlBytes },
    ]);

    const files = await intakeFiles();

    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[0]!))).equals(large)).toBe(true);
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[1]!)))).toEqual(receiptText);
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[2]!)))).toEqual(xmlBytes);
  });

  it('reads entries with data descriptors', async () => {
    await writeStreamedZip([
      { name: 'a.pdf', data: receiptText },
      { name: 'b.xml', data: xmlBytes },
    ]);

    const files = await intakeFiles();

    const firstHeader = (await readFile(archivePath)).subarray(0, 30);
    expect(firstHeader.readUInt16LE(6) & dataDescriptorFlag).toBe(dataDescriptorFlag);
    expect(firstHeader.readUInt32LE(18)).toBe(0);
    expect(files.map((file) => file.size)).toEqual([receiptText.length, xmlBytes.length]);
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[0]!)))).toEqual(receiptText);
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[1]!)))).toEqual(xmlBytes);
  });

  it('skips a local extra field', async () => {
    // The data starts after the local header's own extra field, which the central directory does not repeat.
    const extra = Buffer.concat([Buffer.from([0xfe, 0xca, 40, 0]), Buffer.alloc(40, 0x5a)]);
    const bytes = rawZip([
      { name: 'a.xml', data: xmlBytes, extra },
      { name: 'b.pdf', data: pdfBytes, method: 0, extra },
    ]);

    const files = await intakeBytes(bytes);

    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[0]!)))).toEqual(xmlBytes);
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[1]!)))).toEqual(pdfBytes);
  });

  it('reads an empty stored entry', async () => {
    const files = await intakeBytes(rawZip([{ name: 'vacio.pdf', method: 0 }]));
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(files[0]!)))).toEqual(Buffer.alloc(0));
  });

  it('stops a lying zip bomb', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    // The header claims 150:1, under the limit of 200:1, so intake keeps the entry.
    const compressedSize = rawZip([{ name: 'x', data: zeros }]).readUInt32LE(18);
    const files = await intakeBytes(rawZip([{ name: 'bomba.pdf', data: zeros, declaredSize: compressedSize * 150 }]), limitsWith({ receiptFileBytes: 100 * 1024 * 1024 }));

    expect(files[0]!.size).toBe(compressedSize * 150);
    expect(readArchiveEntry(archivePath, locationOf(files[0]!))).toEqual({ ok: false, damage: 'size' });
  });
});

/** A damaged entry, written after a sound one so that its local header is not at offset 0. */
interface DamageCase {
  readonly title: string;
  readonly damage: EntryDamage;
  readonly entry: RawEntry;
  /** Changes the archive after intake, given where the damaged entry lies. */
  readonly afterIntake?: (location: ArchiveEntryLocation) => Promise<void>;
}

const damageCases: readonly DamageCase[] = [
  { title: 'wrong CRC', damage: 'crc', entry: { name: 'dañado.pdf', data: pdfBytes, declaredCrc: (crc32(pdfBytes) ^ 1) >>> 0 } },
  {
    title: 'corrupt deflate data',
    damage: 'data',
    entry: { name: 'dañado.pdf', data: Buffer.alloc(4096, 7) },
    // 0xff starts a block of the reserved type 3, which no inflater accepts.
    afterIntake: async (location) => overwriteArchive(await dataStartOf(location), Buffer.alloc(4, 0xff)),
  },
  // Stored entries with a wrong size never get here: yauzl 3.4 rejects the whole central directory for them.
  { title: 'deflated entry longer than declared', damage: 'size', entry: { name: 'dañado.pdf', data: Buffer.alloc(300, 1), declaredSize: 200 } },
  { title: 'deflated entry shorter than declared', damage: 'size', entry: { name: 'dañado.pdf', data: Buffer.alloc(100, 1), declaredSize: 200 } },
  {
    title: 'local header signature overwritten',
    damage: 'header',
    entry: { name: 'dañado.pdf', data: pdfBytes },
    afterIntake: (location) => overwriteArchive(location.localHeaderOffset, Buffer.from('XXXX')),
  },
  {
    title: 'archive truncated inside the local header',
    damage: 'header',
    entry: { name: 'dañado.pdf', data: pdfBytes },
    afterIntake: (location) => truncate(archivePath, location.localHeaderOffset + 20),
  },
  {
    title: 'archive truncated inside the data',
    damage: 'header',
    entry: { name: 'dañado.pdf', data: pdfBytes },
    afterIntake: async (location) => truncate(archivePath, (await dataStartOf(location)) + location.compressedSize - 1),
  },
];

/** Takes the case's archive through intake and damages it, returning the sound file and the damaged one. */
async function damagedBatch(damageCase: DamageCase): Promise<{ sound: BatchFile; damaged: BatchFile }> {
  const [sound, damaged] = await intakeBytes(rawZip([{ name: 'sano.xml', data: xmlBytes }, damageCase.entry]));
  await damageCase.afterIntake?.(locationOf(damaged!));
  return { sound: sound!, damaged: damaged! };
}

describe('readArchiveEntry damage', () => {
  it.each(damageCases)('returns $damage for $title', async (damageCase) => {
    const { sound, damaged } = await damagedBatch(damageCase);

    expect(readArchiveEntry(archivePath, locationOf(damaged))).toEqual({ ok: false, damage: damageCase.damage });
    expect(expectBytes(readArchiveEntry(archivePath, locationOf(sound)))).toEqual(xmlBytes);
  });

  it('finds a local header damaged before intake', async () => {
    // Intake keeps an entry whose local header it cannot read, so the damage shows only when the entry is read.
    const bytes = rawZip([{ name: 'sano.xml', data: xmlBytes }, { name: 'dañado.pdf', data: pdfBytes }]);
    const secondHeader = 30 + 'sano.xml'.length + bytes.readUInt32LE(18);
    bytes.write('XXXX', secondHeader, 'latin1');

    const files = await intakeBytes(bytes);

    expect(files.map((file) => file.originalName)).toEqual(['sano.xml', 'dañado.pdf']);
    expect(readArchiveEntry(archivePath, locationOf(files[1]!))).toEqual({ ok: false, damage: 'header' });
  });
});

describe('takeArchiveEntry', () => {
  it('writes the entry to its stored path', async () => {
    const files = await intakeBytes(rawZip([{ name: 'a.xml', data: xmlBytes }, { name: 'b.pdf', data: receiptText }]));
    const file = files[1]!;

    const entryResult = takeArchiveEntry(archivePath, locationOf(file), destinationOf(file));

    expect(expectBytes(entryResult)).toEqual(receiptText);
    expect(await readFile(destinationOf(file))).toEqual(receiptText);
    expect(await readdir(path.join(workDir, 'files'))).toEqual([path.basename(file.storedPath)]);
  });

  it('replaces a file from an earlier attempt', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    await writeFile(destinationOf(file!), 'half of an older file');

    expect(expectBytes(takeArchiveEntry(archivePath, locationOf(file!), destinationOf(file!)))).toEqual(pdfBytes);

    expect(await readFile(destinationOf(file!))).toEqual(pdfBytes);
    expect(await readdir(path.join(workDir, 'files'))).toEqual([path.basename(file!.storedPath)]);
  });

  it.each(damageCases)('writes nothing for $title', async (damageCase) => {
    const { damaged } = await damagedBatch(damageCase);

    const entryResult = takeArchiveEntry(archivePath, locationOf(damaged), destinationOf(damaged));

    expect(entryResult).toEqual({ ok: false, damage: damageCase.damage });
    // Neither the destination nor a temporary file next to it.
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });

  it('throws when the destination folder is missing', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    await rm(path.join(workDir, 'files'), { recursive: true });

    const error = errorOf(() => takeArchiveEntry(archivePath, locationOf(file!), destinationOf(file!)));

    expect(error.code).toBe('ENOENT');
    expect(error.syscall).toBe('open');
  });

  it('removes the part file when the rename fails', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    // A folder in the destination's place lets the part file be written but not renamed.
    await mkdir(path.join(destinationOf(file!), 'ocupado'), { recursive: true });

    const error = errorOf(() => takeArchiveEntry(archivePath, locationOf(file!), destinationOf(file!)));

    expect(error.syscall).toBe('rename');
    expect(await readdir(path.join(workDir, 'files'))).toEqual([path.basename(file!.storedPath)]);
  });

  it('throws when the archive is gone', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    await rm(archivePath);

    const error = errorOf(() => takeArchiveEntry(archivePath, locationOf(file!), destinationOf(file!)));

    expect(error.code).toBe('ENOENT');
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });

  it('does not follow a link put in place of the archive', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    const outside = path.join(workDir, 'outside.zip');
    await rename(archivePath, outside);
    await symlink(outside, archivePath);

    const error = errorOf(() => takeArchiveEntry(archivePath, locationOf(file!), destinationOf(file!)));

    expect(error.code).toBe('ELOOP');
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });
});

describe('claimed archive identity', () => {
  it('reads the archive intake read', async () => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    const claimed = await claimedArchive(archivePath);

    const result = takeArchiveEntry(claimed.path, locationOf(file!), destinationOf(file!), claimed.identity);

    expect(result.ok).toBe(true);
    expect(await readFile(destinationOf(file!))).toEqual(pdfBytes);
  });

  it.each([
    { change: 'truncated', apply: (zip: string) => truncate(zip, 100) },
    { change: 'replaced', apply: async (zip: string) => rename(await copyOf(zip), zip) },
    { change: 'written in place', apply: (zip: string) => appendFile(zip, 'x') },
  ])('raises ArchiveChangedError when $change', async ({ apply }) => {
    const [file] = await intakeBytes(rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    const claimed = await claimedArchive(archivePath);
    await apply(archivePath);

    expect(() => takeArchiveEntry(claimed.path, locationOf(file!), destinationOf(file!), claimed.identity)).toThrow(ArchiveChangedError);
    expect(await readdir(path.join(workDir, 'files'))).toEqual([]);
  });

  it('checks the whole archive before a chunk', async () => {
    await writeFile(archivePath, rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    const claimed = await claimedArchive(archivePath);

    await expect(assertArchiveUnchanged(claimed)).resolves.toBeUndefined();
    await rename(await copyOf(archivePath), archivePath);
    await expect(assertArchiveUnchanged(claimed)).rejects.toThrow(ArchiveChangedError);
  });

  it('rejects a link as the claimed archive', async () => {
    await writeFile(path.join(workDir, 'real.zip'), rawZip([{ name: 'a.pdf', data: pdfBytes }]));
    await symlink(path.join(workDir, 'real.zip'), archivePath);

    await expect(claimedArchive(archivePath)).rejects.toThrow(ArchiveChangedError);
  });
});

/** Copies the file to a new name beside it; a rename of the copy replaces the file with another inode. */
async function copyOf(file: string): Promise<string> {
  const copy = `${file}.copy`;
  await copyFile(file, copy);
  return copy;
}

describe('damagedEntry', () => {
  it.each([
    { damage: 'crc', reason: '"lote/a.pdf" está dañado: su CRC-32 no coincide' },
    { damage: 'size', reason: 'el tamaño real de "lote/a.pdf" no coincide con el declarado' },
    { damage: 'data', reason: 'los datos comprimidos de "lote/a.pdf" están dañados' },
    { damage: 'header', reason: 'la cabecera de "lote/a.pdf" en el ZIP está dañada o el ZIP está cortado' },
    { damage: null, reason: 'no se pudo extraer "lote/a.pdf"' },
  ] as const)('gives the reason for $damage', ({ damage, reason }) => {
    const found = damagedEntry('lote/a.pdf', damage);

    expect(found).toEqual({ code: 'ENTRY_UNREADABLE', details: { reason } });
    expect(formatReason('ENTRY_UNREADABLE', found.details)).toBe(`No se pudo extraer un archivo del lote: ${reason}.`);
  });

  it('keeps the error message for ops', () => {
    const found = damagedEntry('a.pdf', 'data', new Error('invalid block type'));
    expect(found.details).toEqual({ reason: 'los datos comprimidos de "a.pdf" están dañados', error: 'invalid block type' });
  });
});
