import { finding, type Finding } from '../checks/finding.ts';
import type { BatchFile, BatchPlan, ReceiptItem, RowRejection } from './batch-plan.ts';
import { CdrIndex, FileLookup, fileKey, matchName, type FileMatch, type RejectedFile } from './file-lookup.ts';
import { planPairs } from './plan-pairs.ts';
import type { ManifestResult, ManifestRow } from './read-manifest.ts';
import { isCdrName, isDummyName, sunatKeyOf } from './sunat-names.ts';

export interface PlanInput {
  /** Null when the batch has no manifest: files are then paired by name. */
  readonly manifest: ManifestResult | null;
  /** Extracted or copied files, manifest excluded. */
  readonly files: readonly BatchFile[];
  /** Files left out when taken in; a row naming one gets its findings instead of FILE_NOT_FOUND. */
  readonly rejectedFiles?: readonly RejectedFile[];
}

/** Turns a manifest (or its absence) and the batch's files into receipt items and rejections. Pure. */
export function planBatch(input: PlanInput): BatchPlan {
  const rejectedFiles = input.rejectedFiles ?? [];
  if (input.manifest === null) return planPairs(input.files, rejectedFiles);
  if (!input.manifest.ok) return { ok: false, findings: input.manifest.findings };

  const lookup = new FileLookup(input.files, rejectedFiles);
  const cdrs = new CdrIndex(input.files);
  const rowRejections: RowRejection[] = [];
  for (const rejected of input.manifest.rejectedRows) {
    for (const name of rejected.files) markFound(lookup, name);
    rowRejections.push({ key: lineKey(rejected.line), line: rejected.line, orderNumber: rejected.orderNumber, files: rejected.files, findings: rejected.findings });
  }

  const items: ReceiptItem[] = [];
  const duplicates = new DuplicateTracker();
  for (const row of input.manifest.rows) {
    const pdf = findFile(lookup, row.pdfFile);
    const xml = findFile(lookup, row.xmlFile);
    const repeated = duplicates.check(row, [pdf, xml]);
    if (repeated.length > 0) {
      rowRejections.push({ key: lineKey(row.line), line: row.line, orderNumber: row.orderNumber, files: rowFiles(row), findings: repeated });
      continue;
    }
    items.push(rowItem(row, pdf, xml, cdrs, lookup));
  }

  rowRejections.push(...unreferencedFiles(lookup));
  rowRejections.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { ok: true, items, rowRejections };
}

/** `L` and the manifest line padded to four digits: `L0002`. */
function lineKey(line: number): string {
  return `L${String(line).padStart(4, '0')}`;
}

function rowFiles(row: ManifestRow): string[] {
  return [row.pdfFile, row.xmlFile].filter((name): name is string => name !== null);
}

type NamedFile = { readonly name: string; readonly match: FileMatch | null } | null;

function findFile(lookup: FileLookup, name: string | null): NamedFile {
  return name === null ? null : { name, match: markFound(lookup, name) };
}

function markFound(lookup: FileLookup, name: string): FileMatch | null {
  const match = lookup.find(name);
  if (match) lookup.markUsed(match);
  return match;
}

/** Findings a named file brings before anything is read: missing, or rejected when taken in. */
function fileFindings(named: NamedFile): readonly Finding[] {
  if (named === null) return [];
  if (named.match === null) return [finding('FILE_NOT_FOUND', { file: named.name })];
  return named.match.kind === 'rejected' ? named.match.rejected.findings : [];
}

function fileOf(named: NamedFile): BatchFile | null {
  return named?.match?.kind === 'file' ? named.match.file : null;
}

/**
 * Finds the CDR of a row: by the SUNAT name of its XML or PDF, or, when neither file has
 * one, by the type, series and number the row claims.
 */
function cdrOf(row: ManifestRow, cdrs: CdrIndex): BatchFile | null {
  const sunatName = [row.xmlFile, row.pdfFile].find((name) => name !== null && sunatKeyOf(name) !== null);
  if (sunatName) return cdrs.forFileName(sunatName);
  if (row.series === null || row.number === null) return null;
  return cdrs.forDocument(row.docType, row.series, row.number);
}

function rowItem(row: ManifestRow, pdf: NamedFile, xml: NamedFile, cdrs: CdrIndex, lookup: FileLookup): ReceiptItem {
  const cdr = cdrOf(row, cdrs);
  if (cdr) markFound(lookup, cdr.originalName);
  const { orderNumber, docType, series, number, total, issueDate } = row;
  return {
    key: lineKey(row.line),
    line: row.line,
    claims: { orderNumber, docType, series, number, total, issueDate },
    pdf: fileOf(pdf),
    xml: fileOf(xml),
    cdr,
    findings: [...fileFindings(pdf), ...fileFindings(xml)],
  };
}

const docTypeNames: Readonly<Record<string, string>> = { '01': 'la factura', '03': 'la boleta', '07': 'la nota de crédito', '08': 'la nota de débito' };

/** Remembers the first line of each order, file and receipt identity, to flag later repeats. */
class DuplicateTracker {
  private readonly firstLines = new Map<string, number>();

  /** ROW_DUPLICATE findings for what this row repeats from an earlier row. */
  check(row: ManifestRow, files: readonly NamedFile[]): Finding[] {
    const aspects: [key: string, what: string][] = [[`order:${row.orderNumber.toUpperCase()}`, `el pedido ${row.orderNumber}`]];
    for (const named of files) {
      if (named === null) continue;
      const identity = named.match === null ? `name:${named.name.toLowerCase()}` : `file:${matchName(named.match)}`;
      aspects.push([identity, `el archivo "${named.name}"`]);
    }
    if (row.series !== null && row.number !== null) {
      // Padding varies ("F001-1" and "F001-00000001" are one receipt), so the number is compared as an integer.
      aspects.push([`receipt:${row.docType}-${row.series}-${Number(row.number)}`, `${docTypeNames[row.docType]} ${row.series}-${row.number}`]);
    }

    const findings: Finding[] = [];
    for (const [key, what] of aspects) {
      const firstLine = this.firstLines.get(key);
      if (firstLine === undefined) this.firstLines.set(key, row.line);
      else if (firstLine !== row.line) findings.push(finding('ROW_DUPLICATE', { line: row.line, what, firstLine }));
    }
    return findings;
  }
}

/**
 * Files no row names: FILE_UNREFERENCED for good files (CDRs and `dummy` excluded), the
 * intake findings for files rejected when taken in. Keys are `F` and a running number.
 */
function unreferencedFiles(lookup: FileLookup): RowRejection[] {
  const rows: RowRejection[] = [];
  for (const match of lookup.unused()) {
    const name = matchName(match);
    const findings = match.kind === 'rejected' ? match.rejected.findings : [finding('FILE_UNREFERENCED', { file: name })];
    if (match.kind === 'file' && (isCdrName(name) || isDummyName(name))) continue;
    rows.push({ key: fileKey(rows.length + 1), line: null, orderNumber: null, files: [name], findings });
  }
  return rows;
}
