/**
 * Clean receipts and contexts for check tests. Each test starts from one and changes only
 * the field under test, so a finding can come only from that change.
 */
import { expect } from 'vitest';
import type { CheckContext, OrderFacts } from '../../src/checks/check-context.ts';
import type { Finding } from '../../src/checks/finding.ts';
import type { BuyerIdentity, PdfReceipt, ReceiptDocument, XmlReceipt } from '../../src/receipts/receipt-document.ts';
import { formatReason } from '../../src/reports/reason-codes.ts';

/** Valid RUCs from SUNAT's check-digit examples. */
export const sellerRuc = '20100070970';
export const buyerRuc = '20131312955';

export const today = '2024-05-12';

interface Fields {
  docType: string;
  series: string;
  number: string;
  issuerRuc: string;
  issueDate: string;
  currency: string;
  total: string;
  igv: string;
  taxableBase: string;
  buyer: BuyerIdentity;
  orderReference: string | null;
  modifiedDocument: string | null;
  modifiedDocType: string | null;
  digestValue: string;
}

const facturaFields: Fields = {
  docType: '01',
  series: 'F001',
  number: '123',
  issuerRuc: sellerRuc,
  issueDate: '2024-05-10',
  currency: 'PEN',
  total: '236.00',
  igv: '36.00',
  taxableBase: '200.00',
  buyer: { schemeId: '6', id: buyerRuc, name: 'EMPRESA COMPRADORA SAC' },
  orderReference: '5001',
  modifiedDocument: null,
  modifiedDocType: null,
  digestValue: 'qPs3nL1uB0G4tS9k2Qx8Ww1fYz0=',
};

const boletaFields: Fields = {
  ...facturaFields,
  docType: '03',
  series: 'B001',
  number: '848',
  total: '100.00',
  igv: '15.25',
  taxableBase: '84.75',
  buyer: { schemeId: '1', id: '45678912', name: 'JUAN PEREZ' },
  orderReference: '5002',
};

const rootByType: Readonly<Record<string, string>> = { '07': 'CreditNote', '08': 'DebitNote' };

function xmlOf(fields: Fields): XmlReceipt {
  return {
    source: 'xml',
    root: rootByType[fields.docType] ?? 'Invoice',
    ublVersion: '2.1',
    docType: fields.docType,
    series: fields.series,
    number: fields.number,
    issueDate: fields.issueDate,
    currency: fields.currency,
    issuerRuc: fields.issuerRuc,
    issuerName: 'TIENDA VENDEDORA SAC',
    buyer: fields.buyer,
    total: fields.total,
    igv: fields.igv,
    taxableBase: fields.taxableBase,
    orderReference: fields.orderReference,
    modifiedDocument: fields.modifiedDocument,
    modifiedDocType: fields.modifiedDocType,
    digestValue: fields.digestValue,
  };
}

function pdfOf(fields: Fields): PdfReceipt {
  return {
    source: 'pdf',
    docType: fields.docType,
    title: fields.docType === '01' ? 'FACTURA ELECTRÓNICA' : 'BOLETA DE VENTA ELECTRÓNICA',
    series: fields.series,
    number: fields.number.padStart(8, '0'),
    issuerRuc: fields.issuerRuc,
    issueDate: fields.issueDate.split('-').reverse().join('/'),
    total: fields.total,
    currency: fields.currency,
    buyer: fields.buyer,
    hash: fields.digestValue,
    qr: {
      issuerRuc: fields.issuerRuc,
      docType: fields.docType,
      series: fields.series,
      number: fields.number,
      igv: fields.igv,
      total: fields.total,
      issueDate: fields.issueDate,
      buyerSchemeId: fields.buyer.schemeId,
      buyerId: fields.buyer.id,
    },
    pageCount: 1,
  };
}

function documentOf(fields: Fields): ReceiptDocument {
  const { digestValue: _digest, ...shared } = fields;
  return {
    ...shared,
    xml: xmlOf(fields),
    pdf: pdfOf(fields),
    cdr: {
      source: 'cdr',
      documentId: `${fields.issuerRuc}-${fields.docType}-${fields.series}-${fields.number}`,
      responseCode: '0',
      description: `El comprobante ${fields.series}-${fields.number} ha sido aceptado`,
      notes: [],
    },
  };
}

/** Builds a clean factura F001-123 for order 5001, with matching PDF, XML, QR and accepted CDR. */
export function factura(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return { ...documentOf(facturaFields), ...overrides };
}

/** Builds a clean boleta B001-848 for order 5002, addressed to DNI 45678912. */
export function boleta(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return { ...documentOf(boletaFields), ...overrides };
}

/** Builds a credit note FC01-7 that modifies factura F001-123. */
export function creditNote(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  const fields: Fields = {
    ...facturaFields,
    docType: '07',
    series: 'FC01',
    number: '7',
    total: '59.00',
    igv: '9.00',
    taxableBase: '50.00',
    modifiedDocument: 'F001-123',
    modifiedDocType: '01',
  };
  return { ...documentOf(fields), ...overrides };
}

export function facturaOrder(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderNumber: '5001',
    sellerId: 'seller-1',
    state: 'confirmada',
    requested: 'factura',
    buyerDocType: '6',
    buyerDocId: buyerRuc,
    buyerName: 'EMPRESA COMPRADORA SAC',
    total: '236.00',
    currency: 'PEN',
    orderDate: '2024-05-09',
    ...overrides,
  };
}

export function boletaOrder(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return facturaOrder({
    orderNumber: '5002',
    requested: 'boleta',
    buyerDocType: '1',
    buyerDocId: '45678912',
    buyerName: 'JUAN PEREZ',
    total: '100.00',
    ...overrides,
  });
}

/** Builds a context in which `doc` passes every check: claims and file names repeat the document. */
export function contextFor(doc: ReceiptDocument, overrides: Partial<CheckContext> = {}): CheckContext {
  const order = doc.docType === '03' ? boletaOrder() : facturaOrder();
  const baseName = `${doc.issuerRuc}-${doc.docType}-${doc.series}-${doc.number}`;
  return {
    seller: { id: 'seller-1', ruc: sellerRuc, name: 'TIENDA VENDEDORA SAC' },
    order,
    orderReceipts: [],
    sameIdentity: null,
    claims: {
      orderNumber: order.orderNumber,
      docType: doc.docType,
      series: doc.series,
      number: doc.number,
      total: doc.total,
      issueDate: doc.issueDate,
    },
    fileNames: { pdf: `${baseName}.pdf`, xml: `${baseName}.xml` },
    contentHash: 'pdf-sha256:xml-sha256',
    today,
    policy: { acceptImageOnlyPdf: false },
    ...overrides,
  };
}

/** Lists the codes of the findings, in order, for compact assertions. */
export function codesOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** Asserts that each finding's details fill every placeholder of its Spanish and English message. */
export function expectMessagesFilled(findings: readonly Finding[]): void {
  for (const f of findings) {
    expect(formatReason(f.code, f.details, 'es'), f.code).not.toMatch(/\{\w+\}/);
    expect(formatReason(f.code, f.details, 'en'), f.code).not.toMatch(/\{\w+\}/);
  }
}
