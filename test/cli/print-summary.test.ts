import { describe, expect, it } from 'vitest';
import { finding } from '../../src/checks/finding.ts';
import type { BatchRow } from '../../src/db/batches.ts';
import { buildBatchReport, summaryOf } from '../../src/reports/batch-report.ts';
import { formatSummary, previousBatchOf } from '../../src/cli/print-summary.ts';

const reports = { csv: '/datos/rechazos.csv', json: '/datos/resultado.json' };

function batchRow(overrides: Partial<BatchRow>): BatchRow {
  return {
    id: '20261205-070000-bbbbbb',
    sellerId: 'tienda-1',
    source: 'drop',
    fileName: 'lote.zip',
    fileSha256: 'f'.repeat(64),
    fileSize: 100,
    state: 'reported',
    status: null,
    duplicateOf: null,
    total: 0,
    accepted: 0,
    rejected: 0,
    alreadyAttached: 0,
    batchFindings: [],
    reportCsv: null,
    reportJson: null,
    ...overrides,
  };
}

describe('formatSummary', () => {
  it('names the batch a duplicate repeats', () => {
    const previous = '20261204-010203-aaaaaa';
    const report = buildBatchReport(batchRow({ status: 'duplicate', batchFindings: [finding('BATCH_DUPLICATE', { previousBatchId: previous })] }), []);

    expect(previousBatchOf(report)).toBe(previous);
    expect(formatSummary(summaryOf(report), reports, previousBatchOf(report)).split('\n')[0]).toBe(
      `Lote 20261205-070000-bbbbbb (lote.zip) del vendedor tienda-1: duplicado del lote ${previous}, ya recibido antes`,
    );
  });

  it('keeps the plain status of other batches', () => {
    const report = buildBatchReport(batchRow({}), []);

    expect(previousBatchOf(report)).toBeNull();
    expect(formatSummary(summaryOf(report), reports, previousBatchOf(report)).split('\n')[0]).toBe('Lote 20261205-070000-bbbbbb (lote.zip) del vendedor tienda-1: procesado');
  });
});
