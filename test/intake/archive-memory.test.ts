import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { defaults } from '../../config/defaults.ts';
import { inMemoryMaxBytes } from '../../src/intake/extract-entry.ts';
import { createFileStore } from '../../src/intake/file-store.ts';
import { readArchive } from '../../src/intake/read-archive.ts';

const entryCount = 100;
const entryBytes = 2 * 1024 * 1024;
const archiveBytes = entryCount * entryBytes;
/** Entries of the largest size that is inflated in memory rather than streamed. */
const smallEntryCount = 150;

/** Random (incompressible) bytes made on demand, so the test itself never keeps the archive in memory. */
function randomStream(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      const chunk = Math.min(left, 256 * 1024);
      left -= chunk;
      this.push(chunk > 0 ? randomBytes(chunk) : null);
    },
  });
}

let workDir: string;
let archivePath: string;
let smallEntriesPath: string;

/** Writes a ZIP of `count` random entries of `size` bytes each, without keeping it in memory. */
async function writeRandomZip(filePath: string, count: number, size: number): Promise<void> {
  const zip = new yazl.ZipFile();
  for (let index = 0; index < count; index += 1) {
    // Every tenth entry is deflated so both code paths (stored and inflated) run.
    zip.addReadStream(randomStream(size), `lote/${index}.pdf`, { compress: index % 10 === 0, size });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(filePath));
}

/** Runs readArchive on a ZIP and returns how much the RSS grew at its peak, in bytes. */
async function peakGrowth(zipPath: string, expectedFiles: number, workName: string): Promise<number> {
  const store = await createFileStore(path.join(workDir, workName));
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);

  let result;
  try {
    // Receipt files are extracted too, so this measures the extraction that manifests and nested ZIPs go through.
    result = await readArchive(zipPath, store, { ...defaults.limits }, { extractReceipts: true });
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);

  expect(result.ok).toBe(true);
  expect(await readdir(path.join(workDir, workName, 'files'))).toHaveLength(expectedFiles);
  return peak - baseline;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'archive-memory-'));
  archivePath = path.join(workDir, 'grande.zip');
  await writeRandomZip(archivePath, entryCount, entryBytes);
  smallEntriesPath = path.join(workDir, 'pequenos.zip');
  await writeRandomZip(smallEntriesPath, smallEntryCount, inMemoryMaxBytes);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('readArchive memory', () => {
  it('streams 200 MB without holding it', async () => {
    expect((await stat(archivePath)).size).toBeGreaterThan(archiveBytes);
    const growth = await peakGrowth(archivePath, entryCount, 'grandes');
    // adm-zip grows by more than the archive size here (about 230 MB for this archive); yauzl by about 25 MB.
    expect(growth).toBeLessThan(archiveBytes / 3);
  });

  it('holds only the entries in flight in memory', async () => {
    const smallArchiveBytes = smallEntryCount * inMemoryMaxBytes;
    expect((await stat(smallEntriesPath)).size).toBeGreaterThan(smallArchiveBytes);
    const growth = await peakGrowth(smallEntriesPath, smallEntryCount, 'pequenos');
    expect(growth).toBeLessThan(smallArchiveBytes / 3);
  });
});
