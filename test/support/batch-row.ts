import type { BatchRow } from '../../src/db/batches.ts';

/** Returns a queued batch row of seller tienda-1 with no findings, changed by `overrides`. */
export function batchRow(overrides: Partial<BatchRow> = {}): BatchRow {
  return {
    id: '20261204-010203-abcdef',
    sellerId: 'tienda-1',
    source: 'drop',
    fileName: 'lote.zip',
    fileSha256: 'f'.repeat(64),
    fileSize: 100,
    state: 'queued',
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
