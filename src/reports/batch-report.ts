import type { Finding, Verdict } from '../checks/finding.ts';
import type { BatchRow, BatchStatus } from '../db/batches.ts';
import { formatReason, reasonCatalogue, type ReasonCode } from './reason-codes.ts';
import { csvLine } from './csv-cells.ts';

/** One receipt (or manifest row) outcome as the report needs it. */
export interface ReportOutcome {
  readonly key: string;
  readonly line: number | null;
  readonly orderNumber: string | null;
  readonly files: readonly string[];
  /** 'notice' marks a file-level warning that belongs to no receipt (an unreferenced file). */
  readonly verdict: Verdict | 'notice';
  readonly findings: readonly Finding[];
}

export interface ReportItem {
  readonly line: number | null;
  readonly orderNumber: string | null;
  readonly files: readonly string[];
  readonly verdict: Verdict;
  readonly codes: readonly ReasonCode[];
  readonly message: string;
}

export interface ReportFinding {
  readonly code: ReasonCode;
  readonly message: string;
  readonly details: Finding['details'];
}

export interface BatchSummary {
  readonly batchId: string;
  readonly seller: string;
  readonly fileName: string;
  readonly status: BatchStatus;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly alreadyAttached: number;
  /** Rejected receipts by their first reason (each receipt counted once); batch-level codes count 1. */
  readonly reasons: Record<string, number>;
  /** Warnings by code, over every receipt and file. */
  readonly warnings: Record<string, number>;
}

export interface BatchReport extends BatchSummary {
  readonly batchFindings: readonly ReportFinding[];
  readonly items: readonly ReportItem[];
  readonly notices: ReadonlyArray<{ readonly files: readonly string[]; readonly codes: readonly ReasonCode[]; readonly message: string }>;
}

const severityOf = (finding: Finding) => reasonCatalogue[finding.code].severity;

function messageOf(findings: readonly Finding[]): string {
  return findings.map((f) => formatReason(f.code, f.details)).join(' ');
}

function itemMessage(outcome: ReportOutcome): string {
  if (outcome.findings.length > 0) return messageOf(outcome.findings);
  return outcome.orderNumber ? `Adjuntado al pedido ${outcome.orderNumber}.` : 'Adjuntado.';
}

function increment(counts: Record<string, number>, code: string): void {
  counts[code] = (counts[code] ?? 0) + 1;
}

function batchStatusOf(batch: BatchRow): BatchStatus {
  if (batch.status) return batch.status;
  return batch.batchFindings.some((f) => severityOf(f) === 'R') ? 'rejected' : 'completed';
}

/** Builds the batch report from its outcomes; pure, so the same rows always give the same report. */
export function buildBatchReport(batch: BatchRow, outcomes: readonly ReportOutcome[]): BatchReport {
  const reasons: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  const items: ReportItem[] = [];
  const notices: BatchReport['notices'][number][] = [];
  for (const outcome of outcomes) {
    for (const finding of outcome.findings) if (severityOf(finding) === 'W') increment(warnings, finding.code);
    // A code found twice (two PDF_XML_MISMATCH fields, say) is listed once.
    const codes = [...new Set(outcome.findings.map((f) => f.code))];
    if (outcome.verdict === 'notice') {
      notices.push({ files: outcome.files, codes, message: messageOf(outcome.findings) });
      continue;
    }
    const firstRejection = outcome.findings.find((f) => severityOf(f) === 'R');
    if (outcome.verdict === 'rejected' && firstRejection) increment(reasons, firstRejection.code);
    items.push({ line: outcome.line, orderNumber: outcome.orderNumber, files: outcome.files, verdict: outcome.verdict, codes, message: itemMessage(outcome) });
  }
  for (const finding of batch.batchFindings) {
    if (severityOf(finding) === 'R') increment(reasons, finding.code);
  }
  return {
    batchId: batch.id,
    seller: batch.sellerId,
    fileName: batch.fileName,
    status: batchStatusOf(batch),
    total: items.length,
    accepted: items.filter((i) => i.verdict === 'accepted').length,
    rejected: items.filter((i) => i.verdict === 'rejected').length,
    alreadyAttached: items.filter((i) => i.verdict === 'already_attached').length,
    reasons,
    warnings,
    batchFindings: batch.batchFindings.map((f) => ({ code: f.code, message: formatReason(f.code, f.details), details: f.details })),
    items,
    notices,
  };
}

const csvHeader = ['linea', 'numero_orden', 'archivos', 'veredicto', 'codigo', 'mensaje', 'que_hacer', 'detalle', 'otros_codigos'];

/** Spanish labels for the detail keys of the catalogue's messages; a key missing here appears as it is. */
const detailLabels: Readonly<Record<string, string>> = {
  field: 'campo',
  claimed: 'manifiesto',
  found: 'encontrado',
  expected: 'esperado',
  file: 'archivo',
  orderNumber: 'pedido',
  line: 'línea',
  reason: 'motivo',
  previousBatchId: 'lote_anterior',
  pdfValue: 'pdf',
  xmlValue: 'xml',
  nameValue: 'nombre',
  contentValue: 'contenido',
  receipt: 'comprobante',
  existing: 'existente',
  state: 'estado',
  problem: 'problema',
  buyerId: 'comprador',
  schemeId: 'tipo_documento_comprador',
  max: 'máximo',
  size: 'tamaño',
  value: 'valor',
  limit: 'límite',
  logId: 'registro',
  docType: 'tipo',
  series: 'serie',
  number: 'correlativo',
  total: 'total',
  date: 'fecha',
  ruc: 'ruc',
  what: 'repetido',
  firstLine: 'primera_línea',
  otherOrder: 'otro_pedido',
  responseCode: 'código_respuesta',
  root: 'raíz',
  entry: 'entrada',
  missing: 'faltan',
  detected: 'detectado',
  description: 'descripción',
  name: 'nombre',
  notes: 'notas',
  modified: 'modificado',
  igv: 'igv',
  cdrDocument: 'documento_cdr',
  base: 'base',
};

/** Detail keys kept out of the seller's CSV: library messages in English, meant for ops' logs and JSON. */
const opsOnlyDetails = new Set(['error', 'option']);

function describeDetails(details: Finding['details']): string {
  return Object.entries(details)
    .filter(([key]) => !opsOnlyDetails.has(key))
    .map(([key, value]) => `${detailLabels[key] ?? key}=${value === null ? '' : String(value)}`)
    .join('; ');
}

const verdictWords: Readonly<Record<string, string>> = {
  accepted: 'aceptado',
  rejected: 'rechazado',
  already_attached: 'ya_adjunto',
  notice: 'aviso',
  batch: 'lote',
};

function csvRow(line: number | null, orderNumber: string | null, files: readonly string[], verdict: string, findings: readonly Finding[]): string {
  const [main, ...others] = findings;
  return csvLine([
    line,
    orderNumber,
    files.join(' | '),
    verdict,
    main?.code,
    main ? formatReason(main.code, main.details) : '',
    main ? reasonCatalogue[main.code].fix : '',
    main ? describeDetails(main.details) : '',
    [...new Set(others.map((f) => f.code))].filter((code) => code !== main?.code).join(' | '),
  ]);
}

/**
 * rechazos.csv: one row per rejected, warned or already attached receipt (rejections first
 * in each row), plus batch-level and file-level rows. UTF-8 with BOM so Excel on Spanish Windows opens it right.
 */
export function renderRejectionsCsv(report: BatchReport, outcomes: readonly ReportOutcome[]): string {
  const lines = [csvLine(csvHeader)];
  for (const finding of report.batchFindings) {
    lines.push(csvRow(null, null, [report.fileName], verdictWords.batch!, [{ code: finding.code, details: finding.details }]));
  }
  for (const outcome of outcomes) {
    const ordered = [...outcome.findings].sort((a, b) => rank(a) - rank(b));
    // An already attached receipt has only informational findings, but the seller who sent it again needs its row.
    if (outcome.verdict !== 'already_attached' && !ordered.some((f) => severityOf(f) !== 'I')) continue;
    lines.push(csvRow(outcome.line, outcome.orderNumber, outcome.files, verdictWords[outcome.verdict]!, ordered));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function rank(finding: Finding): number {
  return { R: 0, W: 1, I: 2 }[severityOf(finding)];
}

/** Returns the summary that `ingest --json` prints, without the per-item lists. */
export function summaryOf(report: BatchReport): BatchSummary {
  const { batchId, seller, fileName, status, total, accepted, rejected, alreadyAttached, reasons, warnings } = report;
  return { batchId, seller, fileName, status, total, accepted, rejected, alreadyAttached, reasons, warnings };
}
