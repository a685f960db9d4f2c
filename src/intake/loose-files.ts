import { constants } from 'node:fs';
import { copyFile, link, lstat, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../checks/finding.ts';
import type { BatchFile } from './batch-plan.ts';
import { classifyEntryName, extensionOf, storedExtension } from './entry-name.ts';
import type { RejectedFile } from './file-lookup.ts';
import type { FileStore } from './file-store.ts';
import { fileTooLarge, limitExceeded, type Limits, typeUnsupported, unsafePath } from './intake-findings.ts';
import { nestedKindOf } from './plan-entry.ts';
import { readSunatZip } from './read-archive.ts';

export type LooseFilesResult =
  | { readonly ok: true; readonly files: readonly BatchFile[]; readonly rejected: readonly RejectedFile[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

interface Accumulator {
  readonly files: BatchFile[];
  readonly rejected: RejectedFile[];
  totalBytes: number;
}

/**
 * Takes the files that came next to a CSV manifest into `<workDir>/files/` under generated
 * names, with the limits a ZIP gets: entry count and total size for the batch,
 * receiptFileBytes per file. Names must be plain file names inside `filesDir`; anything
 * else (a separator, `..`) rejects the batch, because nothing may be read from outside it.
 * Symbolic links and other non-regular files are rejected one by one; missing files are
 * left for the plan to report as FILE_NOT_FOUND.
 */
export async function takeLooseFiles(filesDir: string, fileNames: readonly string[], store: FileStore, limits: Limits): Promise<LooseFilesResult> {
  if (fileNames.length > limits.archiveEntries) return { ok: false, findings: [limitExceeded('archiveEntries', fileNames.length, limits.archiveEntries)] };
  const unsafe = fileNames.filter((name) => !isPlainFileName(name)).map(unsafePath);
  if (unsafe.length > 0) return { ok: false, findings: unsafe };

  const collected: Accumulator = { files: [], rejected: [], totalBytes: 0 };
  for (const name of fileNames) {
    if (classifyEntryName(name).kind !== 'file') continue;
    const failure = await takeOne(path.join(filesDir, name), name, store, limits, collected);
    if (failure) return { ok: false, findings: failure };
  }
  return { ok: true, files: collected.files, rejected: collected.rejected };
}

function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

async function takeOne(source: string, name: string, store: FileStore, limits: Limits, collected: Accumulator): Promise<Finding[] | null> {
  const reject = (finding: Finding): null => {
    collected.rejected.push({ originalName: name, findings: [finding] });
    return null;
  };
  const status = await lstat(source).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (status === null || status.isDirectory()) return null;
  if (!status.isFile()) return reject(unsafePath(name));
  if (extensionOf(name) === '.zip' && nestedKindOf(name) === null) return reject(typeUnsupported(name, 'un ZIP'));

  const slot = store.allocate(storedExtension(name));
  await linkOrCopy(source, slot.absolutePath);
  // The size is read from our own copy, so a file that grew after the lstat is still caught.
  const { size } = await stat(slot.absolutePath);
  if (size > limits.receiptFileBytes) {
    await rm(slot.absolutePath, { force: true });
    return reject(fileTooLarge(name, size, limits.receiptFileBytes));
  }
  collected.totalBytes += size;
  if (collected.totalBytes > limits.uncompressedBytes) return [limitExceeded('uncompressedBytes', collected.totalBytes, limits.uncompressedBytes)];

  const kind = nestedKindOf(name);
  if (kind === null) {
    collected.files.push({ originalName: name, storedPath: slot.storedPath, size });
    return null;
  }
  return takeSunatZip(slot.absolutePath, name, kind, store, limits, collected);
}

async function takeSunatZip(
  zipPath: string,
  name: string,
  kind: NonNullable<ReturnType<typeof nestedKindOf>>,
  store: FileStore,
  limits: Limits,
  collected: Accumulator,
): Promise<Finding[] | null> {
  try {
    const nested = await readSunatZip(zipPath, name, kind, store, limits);
    if (!nested.ok) return [...nested.findings];
    collected.files.push(...nested.files);
    collected.rejected.push(...nested.rejected);
    collected.totalBytes += nested.files.reduce((sum, file) => sum + file.size, 0);
    return collected.totalBytes > limits.uncompressedBytes ? [limitExceeded('uncompressedBytes', collected.totalBytes, limits.uncompressedBytes)] : null;
  } finally {
    await rm(zipPath, { force: true });
  }
}

/**
 * Hard-links the file into the store (no copy of the bytes); across file systems, or where
 * links are not allowed, copies it. The watcher hands the files over and no longer writes them.
 */
async function linkOrCopy(source: string, destination: string): Promise<void> {
  try {
    await link(source, destination);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
    await copyFile(source, destination, constants.COPYFILE_EXCL);
  }
}
