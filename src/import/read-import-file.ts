import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeImportText, type ImportEncoding } from './decode-import-text.ts';
import { ImportFileError } from './import-file-error.ts';
import type { ImportRecord, ParsedRecords } from './import-record.ts';
import { parseCsvRecords } from './parse-csv-records.ts';
import { parseJsonRecords } from './parse-json-records.ts';

export interface ImportFile {
  readonly format: 'csv' | 'json';
  readonly encoding: ImportEncoding;
  readonly records: readonly ImportRecord[];
}

/**
 * Reads a CSV or JSON import file into records. The format comes from the extension
 * (.csv, .json), else from the first non-blank character ("[" or "{" means JSON). A CSV
 * header must contain every required column. Throws ImportFileError when the file cannot
 * be read as a whole; row-level problems are left to the caller.
 */
export async function readImportFile(filePath: string, requiredColumns: readonly string[]): Promise<ImportFile> {
  const bytes = await readFile(filePath);
  const { text, encoding } = decodeImportText(bytes);
  const format = formatOf(filePath, text);
  const parsed: ParsedRecords = format === 'json' ? parseJsonRecords(text) : parseCsvRecords(text);
  if (!parsed.ok) throw new ImportFileError(`${path.basename(filePath)}: ${parsed.message}`, parsed.line);

  const columns = parsed.columns;
  if (columns !== null) {
    const missing = requiredColumns.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      throw new ImportFileError(`${path.basename(filePath)}: faltan las columnas ${missing.join(', ')} en la cabecera (línea 1)`, 1);
    }
  }
  return { format, encoding, records: parsed.records };
}

function formatOf(filePath: string, text: string): 'csv' | 'json' {
  const extension = path.extname(filePath).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}
