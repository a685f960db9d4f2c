import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMixedBatches, manifestLine, type BuiltMixedBatches, type MixedBatchFile } from '../../src/demo/build-mixed-batch.ts';
import { mixedScenarios } from '../../src/demo/mixed-scenarios.ts';
import { mixedSeller, type MixedScenario } from '../../src/demo/mixed-world.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { limaToday } from '../../src/pipeline.ts';
import type { BatchReport } from '../../src/reports/batch-report.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

// The slow PDF takes over a second to parse (2 million operators: 1.5 to 3 s on an idle
// 2-core machine, far more under load). A 600 ms limit therefore stops it on any machine,
// while every generated receipt parses in about 10 ms. More operators would make the ZIP
// entry compress past the batch's ratio limit.
const pdfTimeoutMs = '600';
const slowPdfOperators = 2_000_000;

const seller = mixedSeller.id;
const scenarios = mixedScenarios({ runTag: 'MIX', numberBase: 7100, today: limaToday() });

function countsOf(rows: readonly MixedScenario[]) {
  const reasons: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  for (const { expected } of rows) {
    if (expected.verdict === 'rejected' && expected.firstCode) reasons[expected.firstCode] = (reasons[expected.firstCode] ?? 0) + 1;
    const own = expected.warnings ?? (expected.verdict === 'accepted' && expected.firstCode ? { [expected.firstCode]: 1 } : {});
    for (const [code, count] of Object.entries(own)) warnings[code] = (warnings[code] ?? 0) + (count ?? 0);
  }
  const verdicts = (verdict: string) => rows.filter((row) => row.expected.verdict === verdict).length;
  return { total: rows.length, accepted: verdicts('accepted'), rejected: verdicts('rejected'), alreadyAttached: verdicts('already_attached'), reasons, warnings };
}

function expectRows(report: BatchReport, batch: MixedBatchFile): void {
  for (const scenario of batch.scenarios) {
    const line = manifestLine(batch, scenario);
    const label = `batch ${batch.batch} line ${line} ${scenario.name}`;
    const item = report.items.find((candidate) => candidate.line === line);
    expect(item, label).toBeDefined();
    expect(item!.verdict, label).toBe(scenario.expected.verdict);
    expect(item!.codes[0] ?? null, label).toBe(scenario.expected.firstCode);
    expect(item!.orderNumber, label).toBe(scenario.row.orderNumber);
    if (scenario.expected.messageIncludes) expect(item!.message, label).toContain(scenario.expected.messageIncludes);
  }
}

describe('mixed batches on sqlite', () => {
  let harness: Harness;
  let built: BuiltMixedBatches;

  beforeAll(async () => {
    harness = await startHarness({ env: { COMPROBANTES_PDF_TIMEOUT_MS: pdfTimeoutMs } });
    built = await buildMixedBatches(mkdtempSync(path.join(os.tmpdir(), 'mixed-batch-')), scenarios, { zipPrefix: 'lote-mixto', slowPdfOperators });
    expect((await importSellers(harness.pipeline.db, built.sellersCsv)).rejected).toEqual([]);
    expect((await importOrders(harness.pipeline.db, built.ordersCsv)).rejected).toEqual([]);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('gives each row of batch 1 its verdict and first code', async () => {
    const batch = built.batches[0]!;
    await harness.drop(seller, batch.zipPath);
    const report = await harness.report(seller, path.basename(batch.zipPath));
    const expected = countsOf(batch.scenarios);

    expect(report.status).toBe('completed');
    expectRows(report, batch);
    expect(report.total).toBe(expected.total);
    expect(report.accepted).toBe(expected.accepted);
    expect(report.rejected).toBe(expected.rejected);
    expect(report.alreadyAttached).toBe(0);
    expect(report.reasons).toEqual(expected.reasons);
    expect(report.warnings).toEqual(expected.warnings);
    expect(report.notices).toEqual([]);
  });

  it('stores one attached row per accepted receipt of batch 1', async () => {
    const { db } = harness.pipeline;
    const accepted = built.batches[0]!.scenarios.filter((scenario) => scenario.expected.verdict === 'accepted');
    const rows = await db('attached_receipts').where({ seller_id: seller }).orderBy('order_number');
    expect(rows.map((row) => row.order_number)).toEqual(accepted.map((scenario) => scenario.row.orderNumber).sort());

    const ready = await db('orders').where({ seller_id: seller, state: 'lista_para_envio' }).orderBy('order_number').pluck('order_number');
    expect(ready).toEqual(accepted.map((scenario) => scenario.row.orderNumber).sort());
  });

  it('gives each row of batch 2 its verdict against batch 1', async () => {
    const batch = built.batches[1]!;
    await harness.drop(seller, batch.zipPath);
    const report = await harness.report(seller, path.basename(batch.zipPath));
    const expected = countsOf(batch.scenarios);

    expect(report.status).toBe('completed');
    expectRows(report, batch);
    expect(report.total).toBe(expected.total);
    expect(report.accepted).toBe(expected.accepted);
    expect(report.rejected).toBe(expected.rejected);
    expect(report.alreadyAttached).toBe(expected.alreadyAttached);
    expect(report.reasons).toEqual(expected.reasons);
  });

  it('keeps each receipt identity attached once', async () => {
    const { db } = harness.pipeline;
    const accepted = scenarios.filter((scenario) => scenario.expected.verdict === 'accepted');
    const rows = await db('attached_receipts').where({ seller_id: seller });
    expect(rows).toHaveLength(accepted.length);

    const identities = new Set(rows.map((row) => `${row.issuer_ruc}-${row.doc_type}-${row.series}-${row.number}`));
    expect(identities.size).toBe(rows.length);
    const payments = rows.filter((row) => row.doc_type === '01' || row.doc_type === '03');
    expect(new Set(payments.map((row) => row.order_id)).size).toBe(payments.length);

    const note = rows.find((row) => row.doc_type === '07');
    expect(note).toMatchObject({ order_number: 'MIX-001', series: 'BC01', primary_order_id: null });
  });

  it('records one outcome per manifest row of each batch', async () => {
    const { db } = harness.pipeline;
    for (const batch of built.batches) {
      const batchRow = await db('batches').where({ seller_id: seller, file_name: path.basename(batch.zipPath) }).first('id');
      const outcomes = await db('receipt_outcomes').where({ batch_id: batchRow.id }).orderBy('line').pluck('line');
      expect(outcomes).toEqual(batch.scenarios.map((scenario) => manifestLine(batch, scenario)));
    }
  });
});
