import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { newBatchId, registerBatch, type BatchSource } from '../db/batches.ts';
import { manifestFileNames } from '../intake/intake-batch.ts';
import { isCdrFileName, parseSunatFileName } from '../receipts/sunat-file-name.ts';
import type { Logger } from '../logger.ts';
import type { BatchQueue } from '../queue/batch-queue.ts';
import type { DropKind } from './drop-name-filter.ts';
import { defaultRetryMs } from './drop-folder-watcher.ts';
import { claimedPath, sellerFolders } from './folders.ts';

export interface ClaimDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly queue: BatchQueue;
}

export interface ClaimRequest {
  readonly sellerId: string;
  readonly kind: DropKind;
  /** The ZIP or CSV to take. */
  readonly filePath: string;
  /** 'drop': renamed out of the seller's entrada/ (the atomic claim). 'ingest': copied from anywhere. */
  readonly source: BatchSource;
}

export type ClaimResult =
  | { readonly status: 'claimed'; readonly batchId: string; readonly duplicateOf: string | null }
  | { readonly status: 'unknown_seller' }
  | { readonly status: 'taken_by_another' }
  /** Not a regular file (a symbolic link, say): never taken from a drop folder. */
  | { readonly status: 'not_a_file' }
  /** A loose CSV whose named files changed too recently: they may still be uploading. */
  | { readonly status: 'not_ready' };

/**
 * Log message for a file in the drop folder of a seller who is not in the database. The
 * pipeline's watcher, which keeps the default retryMs, hands such a file over again every
 * defaultRetryMs, so importing the seller is enough.
 */
const unknownSellerMessage =
  `file dropped for an unknown seller; left in entrada/ and tried again every ${defaultRetryMs / 1000} s. ` +
  'Import the seller with "npx comprobantes sellers import FILE": the next try takes the file, so neither a restart nor a re-upload is needed';

/**
 * Claims a complete file for one batch. It moves the file (and, for a loose CSV, the files
 * it names) into `en-proceso/<batchId>/` and records the batch with the content's SHA-256.
 * Then it queues the batch's intake, or only its report when the same bytes came before.
 */
export async function claimDrop(deps: ClaimDeps, request: ClaimRequest): Promise<ClaimResult> {
  const { db, config, logger } = deps;
  const seller = await db('sellers').where({ id: request.sellerId }).first('id');
  if (!seller) {
    if (request.source === 'drop') logger.warn({ sellerId: request.sellerId, file: request.filePath }, unknownSellerMessage);
    return { status: 'unknown_seller' };
  }
  if (request.source === 'drop' && !(await isRegularFile(request.filePath))) {
    logger.warn({ sellerId: request.sellerId, file: request.filePath }, 'dropped path is not a regular file (a link?); left in place');
    return { status: 'not_a_file' };
  }
  if (request.source === 'drop' && request.kind === 'csv' && !(await companionsSettled(request.filePath, config))) {
    return { status: 'not_ready' };
  }
  const folders = sellerFolders(config.dropRoot, request.sellerId);
  const batchId = newBatchId();
  const fileName = path.basename(request.filePath);
  const target = claimedPath(folders, batchId, fileName);
  await mkdir(path.dirname(target), { recursive: true });

  const taken = await takeFile(request.filePath, target, request.source === 'drop');
  if (!taken) {
    await rm(path.dirname(target), { recursive: true, force: true });
    return { status: 'taken_by_another' };
  }
  if (request.source === 'drop' && !(await isRegularFile(target))) {
    // Swapped for a link between the check and the rename: drop the link, keep nothing.
    await rm(path.dirname(target), { recursive: true, force: true });
    logger.warn({ sellerId: request.sellerId, file: request.filePath }, 'dropped path turned into a link while being claimed; removed');
    return { status: 'not_a_file' };
  }
  const companions = request.kind === 'csv' ? await takeCompanions(request, target, config) : [];
  const fileSha256 = await hashFiles([target, ...companions]);
  const { size } = await stat(target);
  const log = logger.child({ batchId, sellerId: request.sellerId });

  const { duplicateOf } = await registerBatch(db, { id: batchId, sellerId: request.sellerId, source: request.source, fileName, fileSha256, fileSize: size });
  if (duplicateOf) {
    log.info({ fileName, duplicateOf }, 'batch repeats an earlier one; reporting it as a duplicate');
    await deps.queue.addFinalize(batchId);
  } else {
    log.info({ fileName, size, companions: companions.length }, 'batch claimed');
    await deps.queue.addIntake(batchId);
  }
  return { status: 'claimed', batchId, duplicateOf };
}

async function isRegularFile(filePath: string): Promise<boolean> {
  const info = await lstat(filePath).catch(() => null);
  return info?.isFile() ?? false;
}

/**
 * Names a loose CSV may take along: plain file names that are not batches of their own. A
 * ZIP is taken only under a SUNAT name (a receipt or its CDR). Any other ZIP or CSV in
 * entrada/ is a batch of its own, which the watcher takes separately.
 */
function companionNames(bytes: Buffer): string[] {
  const names = manifestFileNames(bytes) ?? [];
  return [...new Set(names)].filter((name) => {
    if (name !== path.basename(name) || name.startsWith('.') || name.includes('\\')) return false;
    if (/\.csv$/i.test(name)) return false;
    return !/\.zip$/i.test(name) || parseSunatFileName(name) !== null || isCdrFileName(name);
  });
}

/**
 * True when every file the CSV names, among those present, has kept its size and mtime for
 * the watcher's stability time: a CSV may land before the last PDF finishes uploading.
 */
async function companionsSettled(csvPath: string, config: Config): Promise<boolean> {
  const { size } = await stat(csvPath);
  if (size > config.limits.manifestBytes) return true;
  const now = Date.now();
  for (const name of companionNames(await readFile(csvPath))) {
    const info = await lstat(path.join(path.dirname(csvPath), name)).catch(() => null);
    if (info && now - info.mtimeMs < config.watcher.stableMs) return false;
  }
  return true;
}

/** Rename is the claim: of two watchers renaming the same file, one gets ENOENT. */
async function takeFile(from: string, to: string, move: boolean): Promise<boolean> {
  try {
    if (move) await rename(from, to);
    else await copyFile(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Takes the files a loose CSV names from the folder it came from into `<claim>/files/`.
 * Names with folders or `..` are never followed; a missing file is left for intake to
 * report as FILE_NOT_FOUND.
 */
async function takeCompanions(request: ClaimRequest, claimedCsv: string, config: Config): Promise<string[]> {
  const { size } = await stat(claimedCsv);
  if (size > config.limits.manifestBytes) return [];
  const sourceDir = path.dirname(request.filePath);
  const filesDir = path.join(path.dirname(claimedCsv), 'files');
  await mkdir(filesDir, { recursive: true });
  const taken: string[] = [];
  for (const name of companionNames(await readFile(claimedCsv))) {
    if (request.source === 'drop' && !(await isRegularFile(path.join(sourceDir, name)))) continue;
    const to = path.join(filesDir, name);
    if (await takeFile(path.join(sourceDir, name), to, request.source === 'drop')) taken.push(to);
  }
  return taken.sort();
}

/** Read size of the hash, in bytes. With the default 64 KiB, hashing a 400 MB ZIP took 660 ms against 400 ms. */
const hashReadBytes = 1024 * 1024;

/**
 * SHA-256 of the batch's content: the file alone for a ZIP (a renamed copy is still the
 * same batch), and for a loose CSV also each companion's name and bytes.
 */
async function hashFiles([main, ...companions]: string[]): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(main!, { highWaterMark: hashReadBytes })) hash.update(chunk as Buffer);
  for (const file of companions) {
    hash.update(`\n${path.basename(file)}\n`);
    for await (const chunk of createReadStream(file, { highWaterMark: hashReadBytes })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
