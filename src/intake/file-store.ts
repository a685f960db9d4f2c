import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Folder under the batch work folder that contains every extracted or copied file. */
export const filesFolder = 'files';

export interface StoredSlot {
  /** Relative to the work folder, with `/`, e.g. `files/000007.pdf`. */
  readonly storedPath: string;
  readonly absolutePath: string;
}

/**
 * Hands out generated names `files/<6-digit index><extension>` under one work folder.
 * Entry names never reach the file system: only the whitelisted extension does.
 */
export interface FileStore {
  readonly workDir: string;
  allocate(extension: string): StoredSlot;
}

/**
 * Creates an empty `<workDir>/files/`, removing a previous attempt's files first so that a
 * retried intake starts from the same state.
 */
export async function createFileStore(workDir: string): Promise<FileStore> {
  const folder = path.join(workDir, filesFolder);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });

  let lastIndex = 0;
  return {
    workDir,
    allocate(extension: string): StoredSlot {
      lastIndex += 1;
      const fileName = `${String(lastIndex).padStart(6, '0')}${extension}`;
      return { storedPath: `${filesFolder}/${fileName}`, absolutePath: path.join(folder, fileName) };
    },
  };
}

/** Removes every stored file, used when the batch is rejected as a whole. */
export async function clearFileStore(store: FileStore): Promise<void> {
  await rm(path.join(store.workDir, filesFolder), { recursive: true, force: true });
}
