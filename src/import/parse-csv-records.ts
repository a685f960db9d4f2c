import { parse } from 'csv-parse/sync';
import { normaliseColumnName, type ImportRecord, type ParsedRecords } from './import-record.ts';

interface ParsedRow {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/**
 * Parses CSV text with "," ";" or tab as delimiter (whichever the header line uses most).
 * Line breaks are read as "\n" whatever the file uses (CRLF inside a quoted value becomes
 * LF). Blank rows are skipped. A row with more or fewer fields than the header gets a
 * `problem` instead of being dropped.
 */
export function parseCsvRecords(text: string): ParsedRecords {
  const unified = text.replace(/\r\n?/g, '\n');
  let rows: ParsedRow[];
  // End line of the last row read, to say where an unreadable row starts.
  let lastGoodLine = 0;
  try {
    rows = parse(unified, {
      delimiter: detectDelimiter(unified),
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastGoodLine = context.lines;
        return record;
      },
      // With info and raw set, csv-parse 6 wraps each record as { record, info, raw }, which
      // its typings do not model.
    }) as unknown as ParsedRow[];
  } catch (error) {
    const line = lastGoodLine + 1;
    return { ok: false, message: `el CSV no es válido a partir de la línea ${line}: ${csvProblem(error)}`, line };
  }

  const [header, ...body] = rows;
  if (!header) return { ok: false, message: 'el archivo está vacío', line: null };
  const columns = header.record.map(normaliseColumnName);
  const repeated = columns.find((column, index) => column !== '' && columns.indexOf(column) !== index);
  if (repeated !== undefined) return { ok: false, message: `la columna ${repeated} aparece dos veces en la cabecera`, line: 1 };
  const records = body.filter((row) => row.record.some((field) => field.trim() !== '')).map((row) => toRecord(columns, row));
  return { ok: true, records, columns };
}

function toRecord(columns: readonly string[], row: ParsedRow): ImportRecord {
  const line = startLine(row);
  const fields = row.record;
  const extra = fields.slice(columns.length);
  const values = Object.fromEntries(columns.map((column, index) => [column, fields[index] ?? '']));
  if (fields.length < columns.length || extra.some((field) => field.trim() !== '')) {
    return { line, values, problem: `la fila tiene ${fields.length} columnas y la cabecera ${columns.length}` };
  }
  return { line, values };
}

/**
 * Computes the line where a row starts. csv-parse reports the line where it ends, and the
 * raw text (the skipped blank lines before the row, the row, its line break) gives the
 * number of lines the row spans.
 */
function startLine(row: ParsedRow): number {
  const body = row.raw.replace(/^\n+/, '').replace(/\n$/, '');
  const innerBreaks = body.match(/\n/g)?.length ?? 0;
  return row.info.lines - innerBreaks;
}

function detectDelimiter(text: string): string {
  const headerLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: headerLine.split(delimiter).length - 1 }));
  const best = counts.reduce((winner, candidate) => (candidate.count > winner.count ? candidate : winner));
  return best.count > 0 ? best.delimiter : ',';
}

function csvProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'hay comillas sin cerrar';
  return error instanceof Error ? error.message : String(error);
}
