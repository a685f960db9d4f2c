import { mkdtempSync } from 'node:fs';
import { appendFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
