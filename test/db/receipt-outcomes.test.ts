import { afterEach, describe, expect, it } from 'vitest';
import { finding } from '../../src/checks/finding.ts';
import { findOutcome, insertOutcome, insertOutcomes, listOutcomes, type OutcomeRecord } from '../../src/db/receipt-outcomes.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';

function outcome(itemKey: string, line: number | null, overrides: Partial<OutcomeRecord> = {}): OutcomeRecord {
  return {
    batchId: 'b1',
    itemKey,
    line,
    orderNumber: 'O-1',
    files: ['boleta ñ.pdf', 'boleta.xml'],
    verdict: 'rejected',
    findings: [finding('TOTAL_MISMATCH', { found: '100.00', expected: '118.00' })],
    ...overrides,
  };
}

describe.each(backends)('receipt outcomes on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  it('insertOutcome once per key', async () => {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    expect(await insertOutcome(db, outcome('L0002', 2))).toBe(true);
    expect(await insertOutcome(db, outcome('L0002', 2, { verdict: 'accepted', findings: [] }))).toBe(false);
    const stored = await findOutcome(db, 'b1', 'L0002');
    expect(stored).toEqual({ ...outcome('L0002', 2), attachedReceiptId: null });
  });

  it('stores codes as a JSON array', async () => {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    await insertOutcome(db, outcome('L0002', 2, { findings: [finding('TOTAL_MISMATCH'), finding('IGV_INCONSISTENT')] }));
    const row = await db('receipt_outcomes').where({ batch_id: 'b1', item_key: 'L0002' }).first();
    expect(JSON.parse(row.codes)).toEqual(['TOTAL_MISMATCH', 'IGV_INCONSISTENT']);
    expect(JSON.parse(row.files)).toEqual(['boleta ñ.pdf', 'boleta.xml']);
  });

  it('insertOutcomes skips existing keys', async () => {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    await insertOutcome(db, outcome('L0003', 3));
    const many = Array.from({ length: 1100 }, (_, index) => outcome(`L${String(index + 2).padStart(4, '0')}`, index + 2));
    expect(await insertOutcomes(db, many)).toBe(1099);
    expect(await insertOutcomes(db, many)).toBe(0);
    expect((await listOutcomes(db, 'b1')).length).toBe(1100);
  });

  it('listOutcomes by line, nulls last', async () => {
    testDb = await openTestDb(backend);
    const { db } = testDb;
    await insertOutcomes(db, [
      outcome('P0002', null),
      outcome('L0010', 10),
      outcome('P0001', null, { verdict: 'notice', findings: [finding('FILE_UNREFERENCED', { file: 'x.pdf' })] }),
      outcome('L0002', 2),
      outcome('L0002', 2, { batchId: 'b2' }),
    ]);
    const listed = await listOutcomes(db, 'b1');
    expect(listed.map((o) => o.itemKey)).toEqual(['L0002', 'L0010', 'P0001', 'P0002']);
    expect(listed[2]?.verdict).toBe('notice');
    expect(await findOutcome(db, 'b1', 'nope')).toBeNull();
  });
});
