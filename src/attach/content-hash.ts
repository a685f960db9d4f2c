import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Content hash of a receipt as stored in attached_receipts.content_hash and compared with
 * AttachedFacts.contentHash: "pdfSha256:xmlSha256", an empty side when that file is absent.
 */
export function contentHashOf(pdfSha256: string | null, xmlSha256: string | null): string {
  return `${pdfSha256 ?? ''}:${xmlSha256 ?? ''}`;
}

/** SHA-256 of a file's bytes, hex, read as a stream. */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
