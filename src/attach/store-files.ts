import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReceiptIdentity } from '../db/receipt-identity.ts';
import { contentHashOf, sha256OfFile } from './content-hash.ts';
import { receiptBaseName, storageSegment } from './storage-path.ts';

export interface StoreRequest {
  readonly storageRoot: string;
  readonly sellerId: string;
  readonly orderNumber: string;
  readonly identity: ReceiptIdentity;
  /** Files to store, at least one: a path, or a path whose bytes the caller already hashed. */
  readonly files: { readonly pdf?: string | KnownSource | undefined; readonly xml?: string | KnownSource | undefined };
}

/**
 * A source file whose SHA-256 and size the caller already has (the receipt job read it to
 * check it). It is hard-linked into storage instead of copied when both sit on one file
 * system, which saves a read and a write of every stored file.
 */
export interface KnownSource {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface StoredFile {
  /** Path under the storage root, "/"-separated, as recorded in attached_receipts. */
  readonly relativePath: string;
  readonly sha256: string;
  readonly size: number;
}

export interface StoredFiles {
  readonly pdf: StoredFile | null;
  readonly xml: StoredFile | null;
  /** contentHashOf(pdf sha256, xml sha256). */
  readonly contentHash: string;
}

/** A seller id, order number or identity that cannot name a storage path; retrying cannot help. */
export class StoragePathError extends Error {
  override readonly name = 'StoragePathError';
  readonly code = 'STORAGE_PATH_INVALID';
}

/**
 * Copies a receipt's files to `<root>/<seller>/<order>/<RUC>-<type>-<series>-<number>.<ext>`,
 * hashing them on the way. Storing the same bytes again is a no-op. A stored file is never
 * overwritten. When different bytes already sit at that name, the new file gets the name
 * `<base>.<first 16 hex of its SHA-256>.<ext>`, so the path recorded for an attached receipt
 * always contains the bytes of its recorded hash. Throws StoragePathError for unsafe names.
 */
// TODO: files stored for an attach that then ends in a conflict stay on disk; nothing removes them yet.
export async function storeReceiptFiles(request: StoreRequest): Promise<StoredFiles> {
  const { sellerId, orderNumber, baseName } = storageNames(request);
  if (!request.files.pdf && !request.files.xml) throw new StoragePathError('no file to store: give a pdf or an xml path');

  const folder = path.posix.join(sellerId, orderNumber);
  const absoluteFolder = path.join(request.storageRoot, sellerId, orderNumber);
  await mkdir(absoluteFolder, { recursive: true });

  const pdf = request.files.pdf ? await storeOne(request.storageRoot, folder, `${baseName}.pdf`, request.files.pdf) : null;
  const xml = request.files.xml ? await storeOne(request.storageRoot, folder, `${baseName}.xml`, request.files.xml) : null;
  await syncFolder(absoluteFolder);
  return { pdf, xml, contentHash: contentHashOf(pdf?.sha256 ?? null, xml?.sha256 ?? null) };
}

function storageNames(request: StoreRequest) {
  const sellerId = storageSegment(request.sellerId);
  const orderNumber = storageSegment(request.orderNumber);
  const baseName = receiptBaseName(request.identity);
  if (sellerId === null) throw new StoragePathError(`seller id ${JSON.stringify(request.sellerId)} cannot be a folder name: only A-Z, a-z, 0-9, ".", "_" and "-" are allowed`);
  if (orderNumber === null) throw new StoragePathError(`order number ${JSON.stringify(request.orderNumber)} cannot be a folder name: only A-Z, a-z, 0-9, ".", "_" and "-" are allowed`);
  if (baseName === null) throw new StoragePathError(`receipt identity ${JSON.stringify(request.identity)} cannot be a file name`);
  return { sellerId, orderNumber, baseName };
}

async function storeOne(root: string, folder: string, fileName: string, source: string | KnownSource): Promise<StoredFile> {
  if (typeof source !== 'string') {
    const linked = await storeByLink(root, folder, fileName, source);
    if (linked) return linked;
  }
  const sourcePath = typeof source === 'string' ? source : source.path;
  const temporary = path.join(root, folder, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const { sha256, size } = await copyHashed(sourcePath, temporary);
    const relativePath = await publish(root, folder, fileName, temporary, sha256);
    return { relativePath, sha256, size };
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Links a hashed source at its final name (or the hash-suffixed fallback), then flushes it.
 * Returns null when a link is not possible here (another file system), so the caller copies.
 */
async function storeByLink(root: string, folder: string, fileName: string, source: KnownSource): Promise<StoredFile | null> {
  try {
    const relativePath = await publish(root, folder, fileName, source.path, source.sha256);
    await flushFile(path.join(root, relativePath));
    return { relativePath, sha256: source.sha256, size: source.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK') return null;
    throw error;
  }
}

// TODO: with two files, a receipt costs three fsyncs, about 0.3 ms of CPU (kernel time
// included). One syncfs per chunk would cost less, but Node has no binding for it.
async function flushFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Streams the source into `target`, hashing the bytes, then flushes them to disk. */
async function copyHashed(sourcePath: string, target: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(sourcePath), tap, createWriteStream(target, { flags: 'wx' }));
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Gives the temporary file its final name with link(), which fails when the name exists
 * instead of replacing it (rename() would replace it), so two workers storing one receipt
 * cannot overwrite each other's bytes.
 */
async function publish(root: string, folder: string, fileName: string, temporary: string, sha256: string): Promise<string> {
  const primary = path.posix.join(folder, fileName);
  if (await linkOrMatch(temporary, path.join(root, primary), sha256)) return primary;

  const extension = path.extname(fileName);
  const fallback = path.posix.join(folder, `${path.basename(fileName, extension)}.${sha256.slice(0, 16)}${extension}`);
  if (await linkOrMatch(temporary, path.join(root, fallback), sha256)) return fallback;
  throw new Error(`stored file ${fallback} exists with other bytes than SHA-256 ${sha256}`);
}

/** Links `temporary` at `target`. True when it did, or when `target` already contains these bytes. */
async function linkOrMatch(temporary: string, target: string, sha256: string): Promise<boolean> {
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await sha256OfFile(target)) === sha256;
}

/** Makes the new directory entries durable; a no-op where directories cannot be opened for sync. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}
