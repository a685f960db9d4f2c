// Child process entry of the floor (floor.ts): for each receipt of a slice, in a plain loop,
// what the pipeline does to every receipt of a ZIP batch besides the queue, the database,
// the checks and the report. That is the reader threads' own task, called directly: each
// file inflated from the ZIP, its CRC-32 checked, written to the work folder, hashed and
// parsed. Then storeReceiptFiles, as for an accepted receipt: linked into storage and
// flushed to disk. Prints a SliceResult (baseline.ts) as one JSON line.
import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { storeReceiptFiles, type KnownSource } from '../src/attach/store-files.ts';
import { claimedArchive } from '../src/intake/archive-entry.ts';
import type { FileReadRequest, FileReadResult } from '../src/receipts/receipt-file-pool.ts';
import { defaults } from '../config/defaults.ts';
import type { FloorReceipt } from './floor.ts';

type FilesTask = (task: { mode: 'files'; files: readonly FileReadRequest[] }) => Promise<Array<FileReadResult | { status: 'failed' }>>;

const [zipPath, listFile, fromText, toText, folder] = process.argv.slice(2);
if (!zipPath || !listFile || !fromText || !toText || !folder) throw new Error('usage: floor-slice.ts <zip> <receipts.json> <from> <to> <folder>');
const receipts = (JSON.parse(await readFile(listFile, 'utf8')) as FloorReceipt[]).slice(Number(fromText), Number(toText));

const workerUrl = new URL('../src/receipts/receipt-file-worker.mjs', import.meta.url).href;
const readFiles = ((await import(workerUrl)) as { default: FilesTask }).default;
const archive = await claimedArchive(zipPath);
const workDir = path.join(folder, 'work');
const storageRoot = path.join(folder, 'storage');
await mkdir(path.join(workDir, 'files'), { recursive: true });

// The pipeline hashes the whole ZIP when it claims it, so its reads find the ZIP in the page cache.
for await (const _chunk of createReadStream(zipPath, { highWaterMark: 1024 * 1024 }));

// Stores go on while the loop parses the next receipts, as the pipeline's chunks store many
// receipts at once, so the time their fsyncs wait for the disk is not counted as work.
const storesInFlight = 8;
const storing = new Set<Promise<unknown>>();
let failures = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (const [index, receipt] of receipts.entries()) {
  const requests: FileReadRequest[] = receipt.files.map((file) => ({
    filePath: path.join(workDir, file.storedPath),
    archive: { file: archive, entry: file.entry },
    fileName: file.name,
    role: 'document',
    maxBytes: defaults.limits.receiptFileBytes,
    maxXmlBytes: defaults.limits.xmlBytes,
  }));
  const results = await readFiles({ mode: 'files', files: requests });
  const sources: { pdf?: KnownSource; xml?: KnownSource } = {};
  results.forEach((result, fileIndex) => {
    if (result.status !== 'read' || result.kind === 'other' || !result.parsed.ok) return;
    sources[result.kind] = { path: requests[fileIndex]!.filePath, sha256: result.sha256, size: result.size };
  });
  if (Object.keys(sources).length !== receipt.files.length) {
    failures += 1;
    continue;
  }
  const number = Number(fromText) + index + 1;
  const stored = storeReceiptFiles({ storageRoot, sellerId: 'bench', orderNumber: `P${number}`, identity: { issuerRuc: '20100066603', docType: '03', series: 'B001', number }, files: sources });
  const entry: Promise<unknown> = stored.then(() => storing.delete(entry));
  storing.add(entry);
  if (storing.size >= storesInFlight) await Promise.race(storing);
}
await Promise.all(storing);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ files: receipts.length, failures, seconds, cpuSeconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
