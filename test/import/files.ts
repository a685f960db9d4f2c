import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes an import file into a fresh temporary folder and returns its path. */
export function importFile(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), name);
  writeFileSync(file, content);
  return file;
}
