import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { BenchBatch } from './bench-batch.ts';

/** Size of each filler entry: under the 20 MiB per-file limit, so intake really extracts it. */
const fillerEntryBytes = 16 * 1024 ** 2;
const chunkBytes = 1024 ** 2;

/**
 * Writes an archive of about `targetBytes`: the PDF batch's manifest, PDFs and XMLs, plus
 * incompressible photo attachments the manifest does not name.
 * Sellers do attach such files; they make intake stream gigabytes while the number of
 * receipts, and so the work after intake, stays that of the 10k batch.
 */
export async function writeLargeArchive(batch: BenchBatch, zipPath: string, targetBytes: number): Promise<{ fillerEntries: number }> {
  const receiptsBytes = (await stat(batch.pdfZip)).size;
  const fillerEntries = Math.max(0, Math.ceil((targetBytes - receiptsBytes) / fillerEntryBytes));
  const zip = new ZipFile();
  const output = createWriteStream(zipPath);
  zip.outputStream.pipe(output);

  zip.addFile(batch.pdfManifest, 'manifiesto.csv');
  for (const file of [...batch.xmlPaths, ...batch.pdfPaths]) zip.addFile(file, path.relative(batch.filesDir, file));
  for (let index = 0; index < fillerEntries; index += 1) {
    const name = `adjuntos/foto-${String(index + 1).padStart(4, '0')}.jpg`;
    zip.addReadStream(randomStream(fillerEntryBytes), name, { compress: false, size: fillerEntryBytes });
  }
  zip.end();
  await once(output, 'close');
  return { fillerEntries };
}

function randomStream(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const size = Math.min(chunkBytes, left);
      left -= size;
      this.push(randomBytes(size));
    },
  });
}
