import type { BatchSummary } from '../reports/batch-report.ts';

const statusText: Record<BatchSummary['status'], string> = {
  completed: 'procesado',
  rejected: 'rechazado por completo',
  duplicate: 'duplicado (ya recibido antes)',
};

/** Spanish summary of a reported batch for a person at a terminal. */
export function formatSummary(summary: BatchSummary, reports: { csv: string; json: string }): string {
  const lines = [
    `Lote ${summary.batchId} (${summary.fileName}) del vendedor ${summary.seller}: ${statusText[summary.status]}`,
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

