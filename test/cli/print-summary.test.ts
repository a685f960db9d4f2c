import { describe, expect, it } from 'vitest';
import { finding } from '../../src/checks/finding.ts';
import { buildBatchReport, summaryOf } from '../../src/reports/batch-report.ts';
import { formatSummary, previousBatchOf } from '../../src/cli/print-summary.ts';
import { batchRow } from '../support/batch-row.ts';

const reports = { csv: '/datos/rechazos.csv', json: '/datos/resultado.json' };

describe('formatSummary', () => {
  it('names the batch a duplicate repeats', () => {
    const previous = '20261204-010203-aaaaaa';
    const report = buildBatchReport(batchRow({ status: 'duplicate', batchFindings: [finding('BATCH_DUPLICATE', { previousBatchId: previous })] }), []);

    expect(previousBatchOf(report)).toBe(previous);
    expect(formatSummary(summaryOf(report), reports, previousBatchOf(report)).split('\n')[0]).toBe(
      `Lote 20261204-010203-abcdef (lote.zip) del vendedor tienda-1: duplicado del lote ${previous}, ya recibido antes`,
    );
  });

  it('keeps the plain status of other batches', () => {
    const report = buildBatchReport(batchRow(), []);

    expect(previousBatchOf(report)).toBeNull();
    expect(formatSummary(summaryOf(report), reports, previousBatchOf(report)).split('\n')[0]).toBe('Lote 20261204-010203-abcdef (lote.zip) del vendedor tienda-1: procesado');
  });
});
