import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../src/checks/check-context.ts';
import { decideAttachChunk, type ChunkFacts } from '../../src/attach/decide-attach-chunk.ts';
import type { AttachedRecord } from '../../src/db/fact-rows.ts';
import { outcomeKeyOf } from '../../src/db/find-outcomes.ts';
import type { OutcomeRecord } from '../../src/db/receipt-outcomes.ts';
import { validRucs } from '../db/seed.ts';
import { attachInput } from './chunk-inputs.ts';

const orderOne = { id: 1, orderNumber: 'O-1' };
const orderTwo = { id: 2, orderNumber: 'O-2' };
const shipped = { id: 3, orderNumber: 'O-3' };
const foreign = { id: 4, orderNumber: 'X-1' };

function facts(overrides: Partial<ChunkFacts> = {}): ChunkFacts {
  const orderStates = new Map<number, OrderState>([
    [1, 'confirmada'],
    [2, 'pendiente'],
    [3, 'enviada'],
    [4, 'confirmada'],
  ]);
  return { orderStates, outcomes: new Map(), attached: [], ...overrides };
}

function stored(id: number, overrides: Partial<AttachedRecord> = {}): AttachedRecord {
  const input = attachInput({ order: orderOne, number: 7, itemKey: 'L0002' });
  return {
    id,
    orderId: orderOne.id,
    orderNumber: orderOne.orderNumber,
    sellerId: 's1',
    issuerRuc: validRucs[0],
    docType: '03',
    series: 'B001',
    number: 7,
    numberText: '7',
    contentHash: input.stored.contentHash,
    ...overrides,
  };
}

function decisionsOf(plan: ReturnType<typeof decideAttachChunk>) {
  if (plan.kind !== 'decided') throw new Error(`expected decisions, got ${plan.kind}`);
  return plan.decisions;
}

describe('decideAttachChunk', () => {
  it('fresh inputs all attach', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderTwo, number: 8, itemKey: 'L0003' }),
    ];
    expect(decisionsOf(decideAttachChunk(inputs, facts()))).toEqual([{ kind: 'attach' }, { kind: 'attach' }]);
  });

  it('same identity twice, same bytes and order', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderOne, number: 7, itemKey: 'L0003' }),
    ];
    const [first, second] = decisionsOf(decideAttachChunk(inputs, facts()));
    expect(first).toEqual({ kind: 'attach' });
    expect(second).toEqual({
      kind: 'already_attached',
      existing: { source: 'chunk', inputIndex: 0 },
      finding: { code: 'RECEIPT_ALREADY_ATTACHED', details: { receipt: 'B001-00000007' } },
    });
  });

  it('same identity twice with other bytes', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderOne, number: 7, bytes: 'regenerated', itemKey: 'L0003' }),
    ];
    const second = decisionsOf(decideAttachChunk(inputs, facts()))[1];
    expect(second).toEqual({
      kind: 'conflict',
      finding: { code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: 'O-1', existing: 'B001-00000007 (con otros archivos)' } },
    });
  });

  it('same identity on another order', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderTwo, number: 7, itemKey: 'L0003' }),
    ];
    const second = decisionsOf(decideAttachChunk(inputs, facts()))[1];
    expect(second).toEqual({ kind: 'conflict', finding: { code: 'RECEIPT_USED_ELSEWHERE', details: { receipt: 'B001-00000007', otherOrder: 'O-1' } } });
  });

  it("another seller's order is not named", () => {
    const attached = [stored(9, { orderId: foreign.id, orderNumber: foreign.orderNumber, sellerId: 's2' })];
    const inputs = [attachInput({ order: orderOne, number: 7, itemKey: 'L0002' })];
    const [decision] = decisionsOf(decideAttachChunk(inputs, facts({ attached })));
    expect(decision).toMatchObject({ kind: 'conflict', finding: { code: 'RECEIPT_USED_ELSEWHERE', details: { otherOrder: 'de otro vendedor' } } });
  });

  it('second boleta for one order', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderOne, number: 8, itemKey: 'L0003' }),
    ];
    const second = decisionsOf(decideAttachChunk(inputs, facts()))[1];
    expect(second).toEqual({ kind: 'conflict', finding: { code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: 'O-1', existing: 'B001-00000007' } } });
  });

  it('note attaches beside its boleta', () => {
    const inputs = [
      attachInput({ order: orderOne, docType: '07', series: 'BC01', number: 1, itemKey: 'L0002' }),
      attachInput({ order: orderOne, number: 7, itemKey: 'L0003' }),
      attachInput({ order: orderOne, docType: '08', series: 'BD01', number: 1, itemKey: 'L0004' }),
    ];
    expect(decisionsOf(decideAttachChunk(inputs, facts()))).toEqual([{ kind: 'attach' }, { kind: 'attach' }, { kind: 'attach' }]);
  });

  it('closed order takes no boleta but a note', () => {
    const inputs = [
      attachInput({ order: shipped, number: 7, itemKey: 'L0002' }),
      attachInput({ order: shipped, docType: '07', series: 'BC01', number: 1, itemKey: 'L0003' }),
      attachInput({ order: orderOne, number: 7, itemKey: 'L0004' }),
    ];
    expect(decisionsOf(decideAttachChunk(inputs, facts()))).toEqual([
      { kind: 'conflict', finding: { code: 'ORDER_STATE_CLOSED', details: { orderNumber: 'O-3', state: 'enviada' } } },
      { kind: 'attach' },
      { kind: 'attach' },
    ]);
  });

  it('closed order wins over an attached identity', () => {
    const attached = [stored(5, { orderId: shipped.id, orderNumber: shipped.orderNumber })];
    const inputs = [attachInput({ order: shipped, number: 7, itemKey: 'L0002' })];
    const [decision] = decisionsOf(decideAttachChunk(inputs, facts({ attached })));
    expect(decision).toMatchObject({ kind: 'conflict', finding: { code: 'ORDER_STATE_CLOSED' } });
  });

  it('stored receipt is already attached', () => {
    const inputs = [attachInput({ order: orderOne, number: 7, batchId: 'b2', itemKey: 'L0002' })];
    const [decision] = decisionsOf(decideAttachChunk(inputs, facts({ attached: [stored(5)] })));
    expect(decision).toMatchObject({ kind: 'already_attached', existing: { source: 'stored', id: 5 } });
  });

  it("stored payment receipt blocks the order's boleta", () => {
    const inputs = [attachInput({ order: orderOne, number: 8, itemKey: 'L0002' })];
    const [decision] = decisionsOf(decideAttachChunk(inputs, facts({ attached: [stored(5)] })));
    expect(decision).toEqual({ kind: 'conflict', finding: { code: 'ORDER_HAS_OTHER_RECEIPT', details: { orderNumber: 'O-1', existing: 'B001-7' } } });
  });

  it('stored note does not block a boleta', () => {
    const note = stored(5, { docType: '07', series: 'BC01', number: 1, numberText: '1' });
    const inputs = [attachInput({ order: orderOne, number: 8, itemKey: 'L0002' })];
    expect(decisionsOf(decideAttachChunk(inputs, facts({ attached: [note] })))).toEqual([{ kind: 'attach' }]);
  });

  it('stored outcome wins over everything', () => {
    const input = attachInput({ order: shipped, number: 7, itemKey: 'L0002' });
    const outcome: OutcomeRecord = { ...input.outcome, verdict: 'rejected', attachedReceiptId: null };
    const outcomes = new Map([[outcomeKeyOf(outcome), outcome]]);
    expect(decisionsOf(decideAttachChunk([input], facts({ outcomes })))).toEqual([{ kind: 'outcome_exists', stored: outcome }]);
  });

  it('repeated item refers to its first input', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderTwo, number: 8, itemKey: 'L0002' }),
    ];
    expect(decisionsOf(decideAttachChunk(inputs, facts()))).toEqual([{ kind: 'attach' }, { kind: 'outcome_repeated', firstIndex: 0 }]);
  });

  it('repeated item does not attach', () => {
    const inputs = [
      attachInput({ order: shipped, number: 7, itemKey: 'L0002' }),
      attachInput({ order: orderTwo, number: 8, itemKey: 'L0002' }),
      attachInput({ order: orderTwo, number: 9, itemKey: 'L0003' }),
    ];
    expect(decisionsOf(decideAttachChunk(inputs, facts()))[2]).toEqual({ kind: 'attach' });
  });

  it('missing order stops the plan', () => {
    const inputs = [
      attachInput({ order: orderOne, number: 7, itemKey: 'L0002' }),
      attachInput({ order: { id: 99, orderNumber: 'O-99' }, docType: '07', series: 'BC01', number: 1, itemKey: 'L0003' }),
    ];
    expect(decideAttachChunk(inputs, facts())).toEqual({ kind: 'order_not_found', inputIndex: 1 });
  });
});
