import path from 'node:path';

/** Names that upload tools give to files still being written. */
const temporarySuffixes = ['.part', '.tmp', '.filepart', '.crdownload', '.partial', '.upload'];

export type DropKind = 'zip' | 'csv';

/** Returns the kind of batch a dropped file name starts, or null for names the watcher leaves alone. */
export function dropKindOf(fileName: string): DropKind | null {
  const lower = fileName.toLowerCase();
  if (lower.startsWith('.') || lower.startsWith('~$')) return null;
  if (temporarySuffixes.some((suffix) => lower.endsWith(suffix))) return null;
  const ext = path.extname(lower);
  if (ext === '.zip') return 'zip';
  if (ext === '.csv') return 'csv';
  return null;
}

/**
 * Splits `<dropRoot>/<sellerId>/entrada/<file>` into its parts, or returns null for any
 * other path (reports, processed files, deeper folders).
 */
export function parseInboxPath(dropRoot: string, filePath: string): { sellerId: string; fileName: string } | null {
  const relative = path.relative(dropRoot, filePath);
  const parts = relative.split(path.sep);
  if (parts.length !== 3 || parts[1] !== 'entrada') return null;
  const [sellerId, , fileName] = parts;
  if (!sellerId || !fileName || sellerId.startsWith('.')) return null;
  return { sellerId, fileName };
}
