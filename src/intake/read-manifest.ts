import { finding, type Finding } from '../checks/finding.ts';
import type { ReceiptDocType } from '../receipts/receipt-document.ts';
import { readCsvRecords, type CsvRecord, type Delimiter, type RecordTest } from './csv-records.ts';
import { columnNames, matchHeader, type ColumnKey, type ColumnMap } from './manifest-columns.ts';
import { decodeManifestBytes, type ManifestEncoding } from './manifest-encoding.ts';
import { parseAmount, parseDate, parseDocType, parseNumber, parseSeries, type CellResult } from './manifest-values.ts';

/** A manifest row that passed every cell check. Cells are trimmed; optional ones are null when blank. */
export interface ManifestRow {
  /** File line of the row; the header is line 1. */
  readonly line: number;
  readonly orderNumber: string;
  readonly docType: ReceiptDocType;
  readonly series: string | null;
  readonly number: string | null;
  readonly pdfFile: string | null;
  readonly xmlFile: string | null;
  /** Two decimals, dot separator ("1234.50"). */
  readonly total: string | null;
  /** YYYY-MM-DD. */
  readonly issueDate: string | null;
}

/** A row that yields no receipt, with one ROW_INVALID finding per problem found in it. */
export interface ManifestRowRejection {
  readonly line: number;
  readonly orderNumber: string | null;
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
}

export type ManifestResult =
  | {
      readonly ok: true;
      readonly rows: readonly ManifestRow[];
      readonly rejectedRows: readonly ManifestRowRejection[];
      readonly encoding: ManifestEncoding;
      readonly delimiter: Delimiter;
    }
  /** MANIFEST_ENCODING or MANIFEST_HEADER_INVALID: the batch cannot go on with this manifest. */
  | { readonly ok: false; readonly findings: readonly Finding[] };

interface ManifestTable {
  readonly columns: ColumnMap;
  readonly width: number;
  /** Data records, blank lines left out. */
  readonly records: readonly CsvRecord[];
  readonly unclosedQuoteLines: readonly number[];
  readonly unbalancedQuoteLines: readonly number[];
  readonly stoppedAtLine: number | null;
  readonly encoding: ManifestEncoding;
  readonly delimiter: Delimiter;
}

/**
 * Reads a CSV manifest. Rows with problems become rejections carrying their file line;
 * only an undecodable file or a header without the required columns fails as a whole.
 */
export function readManifest(bytes: Buffer): ManifestResult {
  const table = readTable(bytes);
  if (!table.ok) return table;
  const { columns, width } = table.value;

  const rows: ManifestRow[] = [];
  const rejectedRows: ManifestRowRejection[] = [
    ...table.value.unclosedQuoteLines.map((line) => rowRejection(line, 'tiene comillas sin cerrar')),
    ...table.value.unbalancedQuoteLines.map((line) => rowRejection(line, unbalancedQuoteProblem)),
  ];
  if (table.value.stoppedAtLine !== null) {
    rejectedRows.push(rowRejection(table.value.stoppedAtLine, 'tiene comillas sin cerrar, y el resto del manifiesto no se leyó'));
  }

  for (const record of table.value.records) {
    if (record.cells.length !== width) {
      rejectedRows.push(rowRejection(record.line, `tiene ${record.cells.length} columnas y la cabecera ${width}`));
      continue;
    }
    const checked = checkRow(record, columns);
    if ('findings' in checked) rejectedRows.push(checked);
    else rows.push(checked);
  }

  rejectedRows.sort((a, b) => a.line - b.line);
  return { ok: true, rows, rejectedRows, encoding: table.value.encoding, delimiter: table.value.delimiter };
}

/**
 * Lists the file names in a manifest's PDF and XML columns, in order and without repeats, or null when the manifest cannot be decoded or lacks the required columns.
 * Rows with other problems still count, so that their files travel with the manifest.
 */
export function manifestFileNames(bytes: Buffer): string[] | null {
  const table = readTable(bytes);
  if (!table.ok) return null;
  const { columns, width, records } = table.value;

  const names = new Set<string>();
  for (const record of records) {
    if (record.cells.length !== width) continue;
    for (const key of ['pdfFile', 'xmlFile'] as const) {
      const name = cellOf(record, columns, key);
      if (name !== '') names.add(name);
    }
  }
  return [...names];
}

type TableResult = { readonly ok: true; readonly value: ManifestTable } | { readonly ok: false; readonly findings: readonly Finding[] };

function readTable(bytes: Buffer): TableResult {
  const decoded = decodeManifestBytes(bytes);
  if (!decoded.ok) return { ok: false, findings: [finding('MANIFEST_ENCODING', { reason: decoded.reason })] };

  const { delimiter, headerLine } = detectLayout(decoded.text);
  const csv = readCsvRecords(decoded.text, delimiter, isWellFormedAfter(headerLine));
  const header = csv.records.find((record) => record.line === headerLine);
  const matched = matchHeader(header?.cells ?? []);
  if (!matched.ok) return { ok: false, findings: [finding('MANIFEST_HEADER_INVALID', { missing: matched.missing })] };

  const records = csv.records.filter((record) => record.line > headerLine && !isBlank(record));
  const value: ManifestTable = {
    columns: matched.columns,
    width: header!.cells.length,
    records,
    unclosedQuoteLines: csv.unclosedQuoteLines.filter((line) => line > headerLine),
    unbalancedQuoteLines: csv.unbalancedQuoteLines.filter((line) => line > headerLine),
    stoppedAtLine: csv.stoppedAtLine,
    encoding: decoded.encoding,
    delimiter,
  };
  return { ok: true, value };
}

/**
 * Builds the record test for readCsvRecords: after the header, a record that spans several
 * lines must have the header's column count and pass the row checks. The header record always
 * passes, and is where the test learns the columns.
 */
function isWellFormedAfter(headerLine: number): RecordTest {
  let header: { readonly columns: ColumnMap; readonly width: number } | null = null;
  return (record, spansLines) => {
    if (record.line === headerLine) {
      const matched = matchHeader(record.cells);
      if (matched.ok) header = { columns: matched.columns, width: record.cells.length };
      return true;
    }
    if (!spansLines || header === null || record.line < headerLine || isBlank(record)) return true;
    return record.cells.length === header.width && !('findings' in checkRow(record, header.columns));
  };
}

/**
 * Detects the delimiter and the header's line. Excel's `sep=;` first line names the delimiter and
 * pushes the header to line 2; otherwise the header line decides between `,` and `;` by
 * counting each outside quotes.
 */
function detectLayout(text: string): { delimiter: Delimiter; headerLine: number } {
  const [first = ''] = text.split(/\r\n|\n|\r/, 1);
  const directive = /^sep=([,;])$/i.exec(first.trim());
  if (directive) return { delimiter: directive[1] as Delimiter, headerLine: 2 };
  return { delimiter: countOutsideQuotes(first, ';') > countOutsideQuotes(first, ',') ? ';' : ',', headerLine: 1 };
}

function countOutsideQuotes(line: string, character: string): number {
  let count = 0;
  let quoted = false;
  for (const current of line) {
    if (current === '"') quoted = !quoted;
    else if (current === character && !quoted) count += 1;
  }
  return count;
}

/** Blank lines and lines of delimiters only (Excel writes `;;;;` for an emptied row). */
function isBlank(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === '');
}

function cellOf(record: CsvRecord, columns: ColumnMap, key: ColumnKey): string {
  const index = columns[key];
  return index === undefined ? '' : (record.cells[index] ?? '').trim();
}

/** Problem for the first line of a record that a stray quote ran into the lines after it. */
const unbalancedQuoteProblem =
  'tiene comillas desbalanceadas (una celda abre comillas que no se cierran en esta línea), y las líneas siguientes se leyeron como filas aparte';

function rowInvalid(line: number, field: string, problem: string): Finding {
  return finding('ROW_INVALID', { line, field, problem });
}

function rowRejection(line: number, problem: string): ManifestRowRejection {
  return { line, orderNumber: null, files: [], findings: [rowInvalid(line, 'la fila', problem)] };
}

/** Checks every cell of one row and collects all its problems, so the seller fixes them in one go. */
function checkRow(record: CsvRecord, columns: ColumnMap): ManifestRow | ManifestRowRejection {
  const { line } = record;
  const cell = (key: ColumnKey): string => cellOf(record, columns, key);
  const problems: Finding[] = [];
  const take = <T>(key: ColumnKey, result: CellResult<T>): T | null => {
    if (result.ok) return result.value;
    problems.push(rowInvalid(line, columnNames[key], result.problem));
    return null;
  };
  const optional = <T>(key: ColumnKey, parse: (text: string) => CellResult<T>): T | null => (cell(key) === '' ? null : take(key, parse(cell(key))));
  const required = <T>(key: ColumnKey, parse: (text: string) => CellResult<T>): T | null =>
    take(key, cell(key) === '' ? { ok: false, problem: 'está vacío' } : parse(cell(key)));

  const orderNumber = required('orderNumber', (text) => ({ ok: true, value: text }));
  const docType = required('docType', parseDocType);
  const { series: seriesCell, number: numberCell } = splitSeriesNumber(cell('series'), cell('number'));
  const series = seriesCell === '' ? null : take('series', parseSeries(seriesCell));
  const number = numberCell === '' ? null : take('number', parseNumber(numberCell));
  const total = optional('total', parseAmount);
  const issueDate = optional('issueDate', parseDate);

  const pdfFile = cell('pdfFile') || null;
  const xmlFile = cell('xmlFile') || null;
  if (pdfFile === null && xmlFile === null) problems.push(noFileProblem(line, columns));

  const files = [pdfFile, xmlFile].filter((name): name is string => name !== null);
  if (problems.length > 0 || orderNumber === null || docType === null) return { line, orderNumber: orderNumber || null, files, findings: problems };
  return { line, orderNumber, docType, series, number, pdfFile, xmlFile, total, issueDate };
}

/** Sellers often write "F001-123" in the serie column and leave correlativo blank; that is read as both. */
function splitSeriesNumber(series: string, number: string): { series: string; number: string } {
  const combined = /^([A-Z0-9]{4})-(\d{1,8})$/i.exec(series);
  return combined && number === '' ? { series: combined[1]!, number: combined[2]! } : { series, number };
}

function noFileProblem(line: number, columns: ColumnMap): Finding {
  if (columns.pdfFile !== undefined && columns.xmlFile !== undefined) return rowInvalid(line, `${columnNames.pdfFile} y ${columnNames.xmlFile}`, 'están vacíos');
  return rowInvalid(line, columns.pdfFile !== undefined ? columnNames.pdfFile : columnNames.xmlFile, 'está vacío');
}
