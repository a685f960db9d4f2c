import { describe, expect, it } from 'vitest';
import type { AttachedFacts } from '../../src/checks/check-context.ts';
import { verdictOf } from '../../src/checks/finding.ts';
import { checkSteps, runChecks } from '../../src/checks/run-checks.ts';
import type { PdfReceipt } from '../../src/receipts/receipt-document.ts';
import {
  boleta,
  codesOf,
  contextFor,
  creditNote,
  expectMessagesFilled,
  factura,
  facturaOrder,
  sellerRuc,
} from './receipt-fixtures.ts';

const attachedFactura: AttachedFacts = {
  orderNumber: '5001',
  sellerId: 'seller-1',
  issuerRuc: sellerRuc,
  docType: '01',
  series: 'F001',
  number: 123,
  contentHash: 'pdf-sha256:xml-sha256',
};

describe('runChecks on clean receipts', () => {
  it('passes a clean factura', () => {
    const doc = factura();
    expect(runChecks(doc, contextFor(doc))).toEqual([]);
  });

  it('passes a clean boleta', () => {
    const doc = boleta();
    expect(runChecks(doc, contextFor(doc))).toEqual([]);
  });

  it('passes a credit note on the attached factura', () => {
    const doc = creditNote();
    expect(runChecks(doc, contextFor(doc, { orderReceipts: [attachedFactura] }))).toEqual([]);
  });

  it('passes a factura read from the PDF alone', () => {
    const doc = factura({ xml: null });
    expect(runChecks(doc, contextFor(doc))).toEqual([]);
  });
});

describe('runChecks order of findings', () => {
  it('reports the most basic fault first', () => {
    const doc = boleta({ series: 'F001', issuerRuc: '20131312955', total: '50.00', issueDate: '2030-01-01' });
    const ctx = contextFor(boleta(), { order: facturaOrder({ state: 'enviada' }) });
    const codes = codesOf(runChecks(doc, ctx));
    expect(codes[0]).toBe('SERIES_INVALID');
    expect(codes).toEqual([
      'SERIES_INVALID',
      'ISSUER_NOT_SELLER',
      'CONTENT_CLAIM_MISMATCH',
      'CONTENT_CLAIM_MISMATCH',
      'CONTENT_CLAIM_MISMATCH',
      'FILENAME_CONTENT_MISMATCH',
      'FILENAME_CONTENT_MISMATCH',
      'FILENAME_CONTENT_MISMATCH',
      'FILENAME_CONTENT_MISMATCH',
      'ORDER_STATE_CLOSED',
      'DOC_TYPE_NOT_REQUESTED',
      'BUYER_MISMATCH_ORDER',
      'TOTAL_MISMATCH',
      'ISSUE_DATE_INVALID',
      'CDR_MISMATCH',
    ]);
  });

  it('puts the wrong type before everything', () => {
    const doc = factura({ docType: '09', series: 'T001', issuerRuc: '20123456789' });
    const codes = codesOf(runChecks(doc, contextFor(factura())));
    expect(codes[0]).toBe('DOC_TYPE_NOT_RECEIPT');
    expect(codes).toContain('ISSUER_RUC_INVALID');
  });

  it('gives a non-receipt only document-level checks', () => {
    const doc = factura({ docType: '09', series: 'T001', total: null, issueDate: 'nunca' });
    const ctx = contextFor(factura(), { order: facturaOrder({ state: 'cancelada' }) });
    const codes = codesOf(runChecks(doc, ctx));
    expect(codes).not.toContain('SERIES_INVALID');
    expect(codes).not.toContain('ORDER_STATE_CLOSED');
    expect(codes).not.toContain('TOTAL_MISMATCH');
    expect(codes).not.toContain('ISSUE_DATE_INVALID');
  });

  it('puts information and warnings after rejections', () => {
    const base = factura({ igv: '50.00', total: '1.00' });
    const doc = { ...base, pdf: { ...base.pdf!, total: '2.00' } };
    const ctx = contextFor(doc, { fileNames: { pdf: null, xml: '20100070970-01-F001-0123.xml' } });
    expect(codesOf(runChecks(doc, ctx))).toEqual(['PDF_XML_MISMATCH', 'TOTAL_MISMATCH', 'FILENAME_PADDING_DIFFERS', 'IGV_INCONSISTENT']);
  });

  it('lists the steps in report order', () => {
    expect(checkSteps.map((step) => step.name)).toEqual([
      'doc-type',
      'series',
      'number',
      'issuer',
      'claims',
      'file-names',
      'pdf-xml-pair',
      'order-found',
      'order-state',
      'type-requested',
      'identity',
      'order-has-other-receipt',
      'buyer',
      'currency',
      'total',
      'issue-date',
      'note-reference',
      'cdr',
      'igv',
    ]);
  });
});

describe('runChecks special cases', () => {
  it('skips order checks when the order is missing', () => {
    const doc = factura({ total: '1.00', currency: 'USD', issueDate: '2030-01-01', buyer: { schemeId: '1', id: '123', name: null } });
    const findings = runChecks(doc, contextFor(doc, { order: null }));
    expect(codesOf(findings)).toEqual([
      'ORDER_NOT_FOUND',
      'FACTURA_REQUIRES_RUC',
      'BUYER_DNI_INVALID',
      'ISSUE_DATE_INVALID',
    ]);
    expectMessagesFilled(findings);
  });

  it('reports an image-only PDF alone', () => {
    const blank: PdfReceipt = {
      source: 'pdf',
      docType: null,
      title: null,
      series: null,
      number: null,
      issuerRuc: null,
      issueDate: null,
      total: null,
      currency: null,
      buyer: { schemeId: null, id: null, name: null },
      hash: null,
      qr: null,
      pageCount: 2,
    };
    const doc = factura({ xml: null, pdf: blank, docType: null, series: null, number: null, total: null });
    expect(codesOf(runChecks(doc, contextFor(factura())))).toEqual(['PDF_NO_TEXT']);
  });

  it('treats a closed-order resend as no-op', () => {
    const doc = factura();
    const ctx = contextFor(doc, {
      order: facturaOrder({ state: 'enviada' }),
      orderReceipts: [attachedFactura],
      sameIdentity: attachedFactura,
    });
    const findings = runChecks(doc, ctx);
    expect(codesOf(findings)).toEqual(['RECEIPT_ALREADY_ATTACHED']);
    expect(verdictOf(findings)).toBe('already_attached');
  });

  it('rejects a receipt on another order', () => {
    const doc = factura();
    const ctx = contextFor(doc, { sameIdentity: { ...attachedFactura, orderNumber: '4000' } });
    const findings = runChecks(doc, ctx);
    expect(codesOf(findings)).toEqual(['RECEIPT_USED_ELSEWHERE']);
    expect(verdictOf(findings)).toBe('rejected');
  });

  it('accepts a receipt with warnings only', () => {
    const doc = factura({ igv: '50.00' });
    const findings = runChecks(doc, contextFor(doc));
    expect(codesOf(findings)).toEqual(['IGV_INCONSISTENT']);
    expect(verdictOf(findings)).toBe('accepted');
  });

  it('rejects an anonymous boleta above S/ 700.00', () => {
    const doc = boleta({ total: '850.00', igv: '129.66', taxableBase: '720.34', buyer: { schemeId: '1', id: '00000000', name: 'CLIENTES VARIOS' } });
    const ctx = contextFor(doc);
    const findings = runChecks({ ...doc, pdf: null }, { ...ctx, order: { ...ctx.order!, total: '850.00' } });
    expect(codesOf(findings)).toEqual(['BOLETA_BUYER_REQUIRED']);
    expectMessagesFilled(findings);
  });
});
