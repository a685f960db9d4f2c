import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, rename, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { defaults } from '../../config/defaults.ts';
import { createFileStore } from '../../src/intake/file-store.ts';
import { readArchive } from '../../src/intake/read-archive.ts';
import { createLogger } from '../../src/logger.ts';
import { watchDropFolders, type CompleteDrop, type DropFolderWatcher } from '../../src/sources/drop-folder-watcher.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Builds a small ZIP as yazl 3.3 writes it. */
async function zipBytes(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('%PDF-1.4 '.repeat(40)), '20100070970-01-F001-1.pdf');
  zip.addBuffer(Buffer.from('<Invoice/>'.repeat(40)), '20100070970-01-F001-1.xml');
  zip.end();
  return buffer(zip.outputStream);
}

describe('watchDropFolders', () => {
  let watcher: DropFolderWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  function start(dropRoot: string, seen: CompleteDrop[]) {
    watcher = watchDropFolders({ dropRoot, stableMs: 400, pollMs: 50, logger: createLogger('silent'), onComplete: async (drop) => {
      seen.push(drop);
      return 'done';
    } });
    return watcher.ready;
  }

  it('reports a file present at start-up once it is complete', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    await mkdir(path.join(root, 'tienda-1', 'entrada'), { recursive: true });
    await writeFile(path.join(root, 'tienda-1', 'entrada', 'lote.zip'), 'PK');
    const seen: CompleteDrop[] = [];
    await start(root, seen);
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ sellerId: 'tienda-1', fileName: 'lote.zip', kind: 'zip' });
  });

  it('takes files written with their new folders', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    const seen: CompleteDrop[] = [];
    // Moves each file out of entrada/, as a claim does, so a later look cannot find it again.
    watcher = watchDropFolders({ dropRoot: root, stableMs: 400, pollMs: 50, rescanMs: 1000, logger: createLogger('silent'), onComplete: async (drop) => {
      seen.push(drop);
      await rename(drop.filePath, path.join(root, drop.sellerId, 'tomado.zip'));
      return 'done';
    } });
    await watcher.ready;
    // Folder and file in one go, as createSellerFolders and an SFTP upload can follow each
    // other: the file may land before chokidar watches its new folder.
    for (let index = 1; index <= 50; index += 1) {
      const inbox = path.join(root, `tienda-${index}`, 'entrada');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(path.join(inbox, 'lote.zip.part'), 'PK');
      await sleep(index % 10);
      renameSync(path.join(inbox, 'lote.zip.part'), path.join(inbox, 'lote.zip'));
    }

    await until(() => seen.length >= 50);
    await sleep(1500);
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((drop) => drop.sellerId)).size).toBe(50);
  });

  it('waits while a file is still growing', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    await mkdir(path.join(root, 'tienda-1', 'entrada'), { recursive: true });
    const seen: CompleteDrop[] = [];
    await start(root, seen);
    const file = path.join(root, 'tienda-1', 'entrada', 'lote.zip');
    await writeFile(file, 'PK');
    for (let i = 0; i < 8; i += 1) {
      await sleep(150);
      await appendFile(file, 'more bytes');
      expect(seen).toHaveLength(0);
    }
    await until(() => seen.length === 1);
    expect(seen[0]!.filePath).toBe(file);
  });

  it('never reports a symbolic link', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    const inbox = path.join(root, 'tienda-1', 'entrada');
    await mkdir(inbox, { recursive: true });
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'outside-')), 'ajeno.zip');
    await writeFile(outside, 'PK');
    await symlink(outside, path.join(inbox, 'enlace.zip'));
    await writeFile(path.join(inbox, 'propio.zip'), 'PK');
    const seen: CompleteDrop[] = [];
    await start(root, seen);
    await until(() => seen.length === 1);
    await sleep(800);
    expect(seen.map((d) => d.fileName)).toEqual(['propio.zip']);
  });

  it('ignores temporary names, other extensions and other folders', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    const inbox = path.join(root, 'tienda-1', 'entrada');
    await mkdir(inbox, { recursive: true });
    await mkdir(path.join(root, 'tienda-1', 'reportes'), { recursive: true });
    const seen: CompleteDrop[] = [];
    await start(root, seen);
    await writeFile(path.join(inbox, 'lote.zip.part'), 'PK');
    await writeFile(path.join(inbox, '.lote.zip'), 'PK');
    await writeFile(path.join(inbox, 'F001-1.pdf'), '%PDF');
    await writeFile(path.join(root, 'tienda-1', 'reportes', 'rechazos.csv'), 'x');
    await writeFile(path.join(inbox, 'manifiesto.csv'), 'numero_orden');
    await until(() => seen.length === 1);
    await sleep(800);
    expect(seen.map((d) => d.fileName)).toEqual(['manifiesto.csv']);
  });
});

describe('watchDropFolders zip quiet period', () => {
  // The defaults: a complete ZIP waits zipStableMs, anything else stableMs, polled every pollMs at most.
  const timing = { stableMs: 2000, zipStableMs: 500, pollMs: 500 };
  let watcher: DropFolderWatcher | undefined;
  let inbox: string;
  let seen: { drop: CompleteDrop; at: number }[];

  beforeEach(async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'watch-zip-'));
    inbox = path.join(root, 'tienda-1', 'entrada');
    await mkdir(inbox, { recursive: true });
    seen = [];
    watcher = watchDropFolders({ dropRoot: root, ...timing, logger: createLogger('silent'), onComplete: async (drop) => {
      seen.push({ drop, at: Date.now() });
      return 'done';
    } });
    await watcher.ready;
  });

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  /** Milliseconds from `since` until the watcher reports the file. */
  async function reportedAfter(since: number): Promise<number> {
    await until(() => seen.length === 1, 10_000);
    return seen[0]!.at - since;
  }

  it('takes a complete zip after zipStableMs', async () => {
    const written = Date.now();
    await writeFile(path.join(inbox, 'lote.zip'), await zipBytes());
    const elapsed = await reportedAfter(written);
    expect(elapsed).toBeGreaterThanOrEqual(timing.zipStableMs - 50);
    expect(elapsed).toBeLessThan(timing.zipStableMs + timing.pollMs);
  });

  it('waits stableMs for a zip short of one byte', async () => {
    const bytes = await zipBytes();
    await writeFile(path.join(inbox, 'lote.zip'), bytes.subarray(0, bytes.length - 1));
    const written = Date.now();
    expect(await reportedAfter(written)).toBeGreaterThanOrEqual(timing.stableMs - 50);
  });

  it('waits stableMs for a zip that stops growing short', async () => {
    const bytes = await zipBytes();
    const file = path.join(inbox, 'lote.zip');
    await writeFile(file, bytes.subarray(0, 100));
    for (let end = 200; end < bytes.length; end += 100) {
      await sleep(150);
      await appendFile(file, bytes.subarray(end - 100, end));
      expect(seen).toHaveLength(0);
    }
    const lastWrite = Date.now();
    expect(await reportedAfter(lastWrite)).toBeGreaterThanOrEqual(timing.stableMs - 50);
  });

  it('takes a grown zip once its end arrives', async () => {
    const bytes = await zipBytes();
    const file = path.join(inbox, 'lote.zip');
    await writeFile(file, bytes.subarray(0, 100));
    for (let end = 200; end < bytes.length; end += 100) {
      await sleep(150);
      await appendFile(file, bytes.subarray(end - 100, end));
    }
    expect(seen).toHaveLength(0);
    await appendFile(file, bytes.subarray(bytes.length - ((bytes.length - 1) % 100) - 1));
    const completed = Date.now();
    expect((await stat(file)).size).toBe(bytes.length);
    expect(await reportedAfter(completed)).toBeLessThan(timing.zipStableMs + timing.pollMs);
  });

  it('waits stableMs for a non-zip named .zip, which intake rejects', async () => {
    const file = path.join(inbox, 'lote.zip');
    await writeFile(file, 'numero_orden;tipo\n1;01\n');
    const written = Date.now();
    expect(await reportedAfter(written)).toBeGreaterThanOrEqual(timing.stableMs - 50);

    const workDir = mkdtempSync(path.join(os.tmpdir(), 'watch-zip-work-'));
    const result = await readArchive(file, await createFileStore(workDir), defaults.limits);
    if (result.ok) throw new Error('expected intake to reject the file');
    expect(result.findings[0]!.details.reason).toBe('el archivo no es un ZIP');
  });

  it('waits stableMs for a csv', async () => {
    await writeFile(path.join(inbox, 'manifiesto.csv'), 'numero_orden\n1\n');
    const written = Date.now();
    expect(await reportedAfter(written)).toBeGreaterThanOrEqual(timing.stableMs - 50);
  });
});
