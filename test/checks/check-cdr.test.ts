import { describe, expect, it } from 'vitest';
import { cdrNamesDocument, checkCdr } from '../../src/checks/check-cdr.ts';
import type { CdrReceipt, ReceiptDocument } from '../../src/receipts/receipt-document.ts';
import { formatReason } from '../../src/reports/reason-codes.ts';
import { boleta, codesOf, expectMessagesFilled, factura } from './receipt-fixtures.ts';

function withCdr(changes: Partial<CdrReceipt>, doc: ReceiptDocument = factura()): ReceiptDocument {
  return { ...doc, cdr: { ...doc.cdr!, ...changes } };
}

describe('checkCdr', () => {
  it('passes without a CDR', () => {
    expect(checkCdr(factura({ cdr: null }))).toEqual([]);
  });

  it.each(['0', '0000'])('passes code %s', (responseCode) => {
    expect(checkCdr(withCdr({ responseCode }))).toEqual([]);
  });

  it('passes a CDR without a readable code', () => {
    expect(checkCdr(withCdr({ responseCode: null }))).toEqual([]);
  });

  it.each(['0100', '0109', '1999', '2000', '2335', '3999'])('rejects code %s', (responseCode) => {
    const findings = checkCdr(withCdr({ responseCode, description: 'El comprobante fue rechazado' }));
    expect(findings).toEqual([
      { code: 'CDR_NOT_ACCEPTED', details: { responseCode, description: 'El comprobante fue rechazado' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('names a missing description', () => {
    const findings = checkCdr(withCdr({ responseCode: '2800', description: null }));
    expect(findings[0]?.details.description).toBe('sin descripción');
  });

  it('warns on observations', () => {
    const notes = ['4252 - El dato ingresado como atributo @listName es incorrecto', '4287 - Precio unitario'];
    const findings = checkCdr(withCdr({ responseCode: '4252', notes }));
    expect(findings).toEqual([{ code: 'CDR_OBSERVED', details: { notes: notes.join('; ') } }]);
    expectMessagesFilled(findings);
  });

  it('drops the period that ends each observation', () => {
    const notes = ['4252 - El dato ingresado como atributo @listName es incorrecto.', '4287 - Precio unitario.'];
    const [observed] = checkCdr(withCdr({ responseCode: '4252', notes }));
    expect(observed?.details.notes).toBe('4252 - El dato ingresado como atributo @listName es incorrecto; 4287 - Precio unitario');
    expect(formatReason('CDR_OBSERVED', observed?.details)).toMatch(/Precio unitario\.$/);
  });

  it('warns with the description when there are no notes', () => {
    const findings = checkCdr(withCdr({ responseCode: '4000', description: 'Aceptado con observaciones', notes: [] }));
    expect(findings[0]?.details.notes).toBe('Aceptado con observaciones');
  });

  it('rejects a CDR for another document', () => {
    const findings = checkCdr(withCdr({ documentId: '20100070970-01-F001-124' }));
    expect(findings).toEqual([
      { code: 'CDR_MISMATCH', details: { cdrDocument: '20100070970-01-F001-124', receipt: '20100070970-01-F001-123' } },
    ]);
    expectMessagesFilled(findings);
  });

  it('reports the mismatch before the code', () => {
    expect(codesOf(checkCdr(withCdr({ documentId: 'F009-1', responseCode: '2000' })))).toEqual(['CDR_MISMATCH']);
  });
});

describe('cdrNamesDocument', () => {
  const doc = boleta();

  it.each(['20100070970-03-B001-848', '20100070970-03-B001-00000848', 'B001-848', 'b001-0848'])('matches %s', (id) => {
    expect(cdrNamesDocument(id, doc)).toBe(true);
  });

  it.each(['20100070970-01-B001-848', '20131312955-03-B001-848', 'B002-848', 'B001-849', 'B001', '03-B001-848'])(
    'rejects %s',
    (id) => {
      expect(cdrNamesDocument(id, doc)).toBe(false);
    },
  );
});
