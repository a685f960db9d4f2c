import { describe, expect, it } from 'vitest';
import type { AttachedFacts } from '../../src/checks/check-context.ts';
import { checkNoteReference, modifiedTypeForNoteSeries } from '../../src/checks/check-note.ts';
import { boletaOrder, contextFor, creditNote, expectMessagesFilled, factura, sellerRuc } from './receipt-fixtures.ts';

function attached(overrides: Partial<AttachedFacts> = {}): AttachedFacts {
  return {
    orderNumber: '5001',
    sellerId: 'seller-1',
    issuerRuc: sellerRuc,
    docType: '01',
    series: 'F001',
    number: 123,
    contentHash: 'a:b',
    ...overrides,
  };
}

const boletaB001 = attached({ docType: '03', series: 'B001', number: 1 });

describe('checkNoteReference', () => {
  it('passes a note on the attached factura', () => {
    const note = creditNote();
    expect(checkNoteReference(note, contextFor(note, { orderReceipts: [attached()] }))).toEqual([]);
  });

  it('passes a padded reference with spaces', () => {
    const note = creditNote({ modifiedDocument: 'F001 - 00000123' });
    expect(checkNoteReference(note, contextFor(note, { orderReceipts: [attached()] }))).toEqual([]);
  });

  it('passes a B note on the attached boleta', () => {
    const note = creditNote({ series: 'BC01', modifiedDocument: 'B001-1', modifiedDocType: '03' });
    const ctx = contextFor(note, { order: boletaOrder(), orderReceipts: [boletaB001] });
    expect(checkNoteReference(note, ctx)).toEqual([]);
  });

  it('passes a portal E001 note on an E001 factura', () => {
    const note = creditNote({ series: 'E001', modifiedDocument: 'E001-170', modifiedDocType: null });
    const ctx = contextFor(note, { orderReceipts: [attached({ series: 'E001', number: 170 })] });
    expect(checkNoteReference(note, ctx)).toEqual([]);
  });

  it('skips receipts and missing orders', () => {
    expect(checkNoteReference(factura(), contextFor(factura()))).toEqual([]);
    const note = creditNote();
    expect(checkNoteReference(note, contextFor(note, { order: null }))).toEqual([]);
  });

  it('rejects a note on a receipt not attached', () => {
    const note = creditNote();
    const findings = checkNoteReference(note, contextFor(note));
    expect(findings).toEqual([
      { code: 'NOTE_WITHOUT_RECEIPT', details: { receipt: 'FC01-7', modified: 'F001-123', orderNumber: '5001' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('rejects a note without reference', () => {
    const note = creditNote({ modifiedDocument: null });
    const findings = checkNoteReference(note, contextFor(note, { orderReceipts: [attached()] }));
    expect(findings[0]?.details.modified).toBe('(no indicado)');
  });

  it('rejects a B note on a factura', () => {
    const note = creditNote({ series: 'BC01', modifiedDocType: null });
    const findings = checkNoteReference(note, contextFor(note, { orderReceipts: [attached()] }));
    expect(findings[0]?.code).toBe('NOTE_WITHOUT_RECEIPT');
  });

  it('rejects an F note on a boleta', () => {
    const note = creditNote({ modifiedDocument: 'B001-1', modifiedDocType: null });
    const findings = checkNoteReference(note, contextFor(note, { orderReceipts: [boletaB001] }));
    expect(findings[0]?.code).toBe('NOTE_WITHOUT_RECEIPT');
  });

  it('rejects a stated type that differs', () => {
    const note = creditNote({ series: 'S001', modifiedDocument: 'B001-1', modifiedDocType: '01' });
    const findings = checkNoteReference(note, contextFor(note, { orderReceipts: [boletaB001] }));
    expect(findings[0]?.code).toBe('NOTE_WITHOUT_RECEIPT');
  });

  it('rejects a receipt of another issuer', () => {
    const note = creditNote();
    const ctx = contextFor(note, { orderReceipts: [attached({ issuerRuc: '20131312955' })] });
    expect(checkNoteReference(note, ctx)[0]?.code).toBe('NOTE_WITHOUT_RECEIPT');
  });

  it('does not count a note as the modified receipt', () => {
    const note = creditNote({ modifiedDocument: 'FC01-1', modifiedDocType: null });
    const ctx = contextFor(note, { orderReceipts: [attached({ docType: '07', series: 'FC01', number: 1 })] });
    expect(checkNoteReference(note, ctx)[0]?.code).toBe('NOTE_WITHOUT_RECEIPT');
  });
});

describe('modifiedTypeForNoteSeries', () => {
  it.each([
    ['BC01', '03'],
    ['EB01', '03'],
    ['FC01', '01'],
    ['E001', '01'],
    ['S001', null],
    ['0001', null],
  ])('%s modifies %s', (series, type) => {
    expect(modifiedTypeForNoteSeries(series)).toBe(type);
  });
});
