import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBatch } from '../../src/demo/build-demo-batch.ts';
import { demoScenarios, demoSellers, type DemoScenario } from '../../src/demo/demo-scenarios.ts';
import { importOrders } from '../../src/import/import-orders.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { sellerFolders } from '../../src/sources/folders.ts';
import { createTestDatabase, startHarness, type Harness } from '../support/pipeline-harness.ts';

const seller = demoSellers[0]!.id;

function expectedCounts(scenarios: readonly DemoScenario[]) {
  const reasons: Record<string, number> = {};
  for (const s of scenarios) if (s.expected.firstCode) reasons[s.expected.firstCode] = (reasons[s.expected.firstCode] ?? 0) + 1;
  return {
    total: scenarios.length,
    accepted: scenarios.filter((s) => s.expected.verdict === 'accepted').length,
    rejected: scenarios.filter((s) => s.expected.verdict === 'rejected').length,
    reasons,
  };
}

describe.each([['sqlite'], ['postgres']] as const)('main job on %s', (backend) => {
  let harness: Harness;
  let dropDatabase: (() => Promise<void>) | undefined;
  const scenarios = demoScenarios({ count: 18, runTag: `E2E${backend.toUpperCase()}`, issueDate: '2026-12-01', mistakeEvery: 2 });
  let zipPath = '';

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const database = await createTestDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    harness = await startHarness({ databaseUrl });
    const built = await buildDemoBatch(mkdtempSync(path.join(os.tmpdir(), 'demo-batch-')), 'lote-2026-12-03.zip', scenarios);
    zipPath = built.zipPath;
    expect((await importSellers(harness.pipeline.db, built.sellersCsv)).rejected).toEqual([]);
    expect((await importOrders(harness.pipeline.db, built.ordersCsv)).rejected).toEqual([]);
  });

  afterAll(async () => {
    await harness?.stop();
    await dropDatabase?.();
  });

  it('attaches the valid receipts and rejects the rest with their codes', async () => {
    await harness.drop(seller, zipPath);
    const report = await harness.report(seller, 'lote-2026-12-03.zip');
    const expected = expectedCounts(scenarios);

    expect(report.status).toBe('completed');
    expect(report.total).toBe(expected.total);
    expect(report.accepted).toBe(expected.accepted);
    expect(report.rejected).toBe(expected.rejected);
    expect(report.alreadyAttached).toBe(0);
    expect(report.reasons).toEqual(expected.reasons);
    expect(report.warnings).toEqual({ FILE_UNREFERENCED: 1 });
    scenarios.forEach((scenario, index) => {
      const item = report.items.find((i) => i.line === index + 2);
      expect(item?.verdict, `line ${index + 2} ${scenario.name}`).toBe(scenario.expected.verdict);
      if (scenario.expected.firstCode) expect(item?.codes[0], `line ${index + 2}`).toBe(scenario.expected.firstCode);
    });
  });

  it('stores one attached row and two files per accepted receipt', async () => {
    const { db } = harness.pipeline;
    const rows = await db('attached_receipts').where({ seller_id: seller });
    expect(rows).toHaveLength(expectedCounts(scenarios).accepted);
    for (const row of rows) {
      expect(existsSync(path.join(harness.config.home, 'comprobantes', row.pdf_path)) || existsSync(row.pdf_path)).toBe(true);
      expect(row.pdf_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row.xml_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const ready = await db('orders').whereIn('order_number', rows.map((r) => r.order_number)).distinct('state');
    expect(ready.map((r) => r.state)).toEqual(['lista_para_envio']);
  });

  it('writes the report for the seller and for ops and archives the ZIP', async () => {
    const folders = sellerFolders(harness.config.dropRoot, seller);
    const [batchId] = readdirSync(folders.reports);
    expect(batchId).toBeDefined();
    const csv = await readFile(path.join(folders.reports, batchId!, 'rechazos.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const dataRows = csv.trimEnd().split('\r\n').slice(1);
    expect(dataRows).toHaveLength(expectedCounts(scenarios).rejected + 1);
    expect(existsSync(path.join(harness.config.home, 'reportes', seller, batchId!, 'resultado.json'))).toBe(true);
    expect(readdirSync(path.join(folders.processed, batchId!))).toContain('lote-2026-12-03.zip');
    expect(readdirSync(folders.inbox)).toEqual([]);
  });

  it('reports the same ZIP dropped again as a duplicate batch', async () => {
    const before = await harness.pipeline.db('attached_receipts').count({ n: '*' });
    await harness.drop(seller, zipPath, 'lote-2026-12-03-otra-vez.zip');
    const report = await harness.report(seller, 'lote-2026-12-03-otra-vez.zip');
    expect(report.status).toBe('duplicate');
    expect(report.total).toBe(0);
    expect(report.batchFindings.map((f) => f.code)).toEqual(['BATCH_DUPLICATE']);
    const after = await harness.pipeline.db('attached_receipts').count({ n: '*' });
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });
});
