import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/**
 * One entry of a hand-written ZIP. Every header field a test may want to falsify can be
 * set; the rest is computed from `data`.
 */
export interface RawEntry {
  readonly name: string | Buffer;
  readonly data?: Buffer;
  /** 0 stored, 8 deflated (default). */
  readonly method?: number;
  /** General purpose flags; bit 11 (UTF-8) is set by default for string names. */
  readonly flags?: number;
  /** Host system in the high byte: 3 Unix (default), 0 MS-DOS. */
  readonly versionMadeBy?: number;
  readonly externalAttributes?: number;
  /** Size written in the headers instead of the real one (a lying header). */
  readonly declaredSize?: number;
  readonly declaredCrc?: number;
  readonly extra?: Buffer;
}

const unixRegularFile = (0o100644 << 16) >>> 0;

/** Builds ZIP bytes by hand: local headers, data, central directory and end record. */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const flags = entry.flags ?? (typeof entry.name === 'string' ? 0x800 : 0);
    const crc = entry.declaredCrc ?? crc32(data);
    const size = entry.declaredSize ?? data.length;
    const extra = entry.extra ?? Buffer.alloc(0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.versionMadeBy ?? 0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(entry.externalAttributes ?? unixRegularFile, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);

    offset += 30 + name.length + extra.length + body.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface YazlEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly compress?: boolean;
}

/** Writes a normal ZIP with yazl, as sellers' tools would. */
export async function writeZip(filePath: string, entries: readonly YazlEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { compress: entry.compress ?? true });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(filePath));
}

/** A few bytes that look like each kind of receipt file. */
export const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
export const xmlBytes = Buffer.from('<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>');

/** One central directory record of a rewritten ZIP, copied from record `from` of the original. */
export interface CentralLink {
  readonly from: number;
  readonly name?: string;
  /** Local header offset written instead of the original one. */
  readonly offset?: number;
  /** Compressed size written instead of the original one. */
  readonly compressedSize?: number;
}

/**
 * Replaces the central directory of a rawZip() result, keeping its local headers and data.
 * Lets a test point several entries at the same bytes, as overlapping-entry ZIP bombs do.
 */
export function relinkCentralDirectory(zip: Buffer, links: readonly CentralLink[]): Buffer {
  const endStart = zip.length - 22;
  const directoryStart = zip.readUInt32LE(endStart + 16);
  const records: Buffer[] = [];
  for (let position = directoryStart; position < endStart; ) {
    const length = 46 + zip.readUInt16LE(position + 28) + zip.readUInt16LE(position + 30) + zip.readUInt16LE(position + 32);
    records.push(zip.subarray(position, position + length));
    position += length;
  }

  const relinked = links.map((link) => {
    const source = records[link.from]!;
    const name = link.name === undefined ? source.subarray(46, 46 + source.readUInt16LE(28)) : Buffer.from(link.name, 'utf8');
    const header = Buffer.from(source.subarray(0, 46));
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(0, 30);
    header.writeUInt16LE(0, 32);
    if (link.offset !== undefined) header.writeUInt32LE(link.offset, 42);
    if (link.compressedSize !== undefined) header.writeUInt32LE(link.compressedSize, 20);
    return Buffer.concat([header, name]);
  });

  const directory = Buffer.concat(relinked);
  const end = Buffer.from(zip.subarray(endStart));
  end.writeUInt16LE(links.length, 8);
  end.writeUInt16LE(links.length, 10);
  end.writeUInt32LE(directory.length, 12);
  return Buffer.concat([zip.subarray(0, directoryStart), directory, end]);
}
