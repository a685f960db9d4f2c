import type { BatchReport, BatchSummary } from '../reports/batch-report.ts';

const statusText: Record<BatchSummary['status'], string> = {
  completed: 'procesado',
  rejected: 'rechazado por completo',
  duplicate: 'duplicado (ya recibido antes)',
};

/** Returns the id of the batch that a duplicate batch repeats, from its BATCH_DUPLICATE finding, or null. */
export function previousBatchOf(report: Pick<BatchReport, 'batchFindings'>): string | null {
  const previous = report.batchFindings.find((f) => f.code === 'BATCH_DUPLICATE')?.details.previousBatchId;
  return typeof previous === 'string' ? previous : null;
}

/** Spanish summary of a reported batch for a person at a terminal; a duplicate names the batch it repeats. */
export function formatSummary(summary: BatchSummary, reports: { csv: string; json: string }, previousBatchId: string | null = null): string {
  const status = summary.status === 'duplicate' && previousBatchId ? `duplicado del lote ${previousBatchId}, ya recibido antes` : statusText[summary.status];
  const lines = [
    `Lote ${summary.batchId} (${summary.fileName}) del vendedor ${summary.seller}: ${status}`,
    `  Comprobantes: ${summary.total}`,
    `  Adjuntados:   ${summary.accepted}`,
    `  Rechazados:   ${summary.rejected}`,
    `  Ya adjuntos:  ${summary.alreadyAttached}`,
  ];
  const reasons = Object.entries(summary.reasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('  Motivos de rechazo:');
    for (const [code, count] of reasons) lines.push(`    ${String(count).padStart(5)}  ${code}`);
  }
  const warnings = Object.entries(summary.warnings).sort((a, b) => b[1] - a[1]);
  if (warnings.length > 0) {
    lines.push('  Advertencias:');
    for (const [code, count] of warnings) lines.push(`    ${String(count).padStart(5)}  ${code}`);
  }
  lines.push(`  Reporte: ${reports.csv}`, `           ${reports.json}`);
  return lines.join('\n');
}

