import type { ReasonCode, Details } from '../reports/reason-codes.ts';

/** SUNAT catalogue 01 code as read from a document, e.g. '01', '03', '07', '08', '09'. */
export type DocTypeCode = string;

/** Payment receipts this worker attaches. */
export const receiptDocTypes = ['01', '03', '07', '08'] as const;
export type ReceiptDocType = (typeof receiptDocTypes)[number];

/**
 * Monetary amounts stay decimal strings as written ("118.00"); checks compare them with
 * integer cents from `src/checks/money.ts`, never as floats.
 */
export type DecimalString = string;

export interface BuyerIdentity {
  /** Catalogue 06 scheme: '1' DNI, '4' carnet, '6' RUC, '7' pasaporte, '0', '-' ... */
  readonly schemeId: string | null;
  readonly id: string | null;
  readonly name: string | null;
}

/** Fields one UBL XML states about itself. Fields the document lacks are null. */
export interface XmlReceipt {
  readonly source: 'xml';
  /** Root element local name: Invoice, CreditNote, DebitNote (or another root for non-receipts). */
  readonly root: string;
  readonly ublVersion: string | null;
  readonly docType: DocTypeCode | null;
  readonly series: string | null;
  /** The correlativo as written (padding kept). */
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly currency: string | null;
  readonly issuerRuc: string | null;
  readonly issuerName: string | null;
  readonly buyer: BuyerIdentity;
  readonly total: DecimalString | null;
  /** Sum of TaxTotal/TaxAmount for IGV, when present. */
  readonly igv: DecimalString | null;
  /** Taxable base for IGV (TaxSubtotal/TaxableAmount), when present. */
  readonly taxableBase: DecimalString | null;
  readonly orderReference: string | null;
  /** Notes: the modified document as "SERIES-NUMBER" (spaces removed). */
  readonly modifiedDocument: string | null;
  /** Notes: the modified document's type code when stated. */
  readonly modifiedDocType: DocTypeCode | null;
  readonly digestValue: string | null;
}

/** Fields read from the printed PDF's text layer. Fields not found are null. */
export interface PdfReceipt {
  readonly source: 'pdf';
  /** Type decided from the title (and series), never from a footer. */
  readonly docType: DocTypeCode | null;
  readonly title: string | null;
  readonly series: string | null;
  readonly number: string | null;
  readonly issuerRuc: string | null;
  readonly issueDate: string | null;
  readonly total: DecimalString | null;
  readonly currency: string | null;
  readonly buyer: BuyerIdentity;
  /** The printed hash (DigestValue) when the PDF shows one. */
  readonly hash: string | null;
  /** Fields read from a QR text in the text layer, when one is printed as text. */
  readonly qr: QrFields | null;
  readonly pageCount: number;
}

export interface QrFields {
  readonly issuerRuc: string;
  readonly docType: string;
  readonly series: string;
  readonly number: string;
  readonly igv: string | null;
  readonly total: string | null;
  readonly issueDate: string | null;
  readonly buyerSchemeId: string | null;
  readonly buyerId: string | null;
}

/** SUNAT response (CDR) content. */
export interface CdrReceipt {
  readonly source: 'cdr';
  /** "RUC-TYPE-SERIES-NUMBER" of the document the CDR responds to, as far as the CDR states it. */
  readonly documentId: string | null;
  readonly responseCode: string | null;
  readonly description: string | null;
  readonly notes: readonly string[];
}

/** Reading a file either yields a document or a file-level rejection. */
export type ReadResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ReasonCode; readonly details: Details };

/**
 * The receipt as checks see it: the XML is the source of truth for its fields, the PDF
 * fills in when there is no XML.
 */
export interface ReceiptDocument {
  readonly docType: DocTypeCode | null;
  readonly series: string | null;
  readonly number: string | null;
  readonly issuerRuc: string | null;
  readonly issueDate: string | null;
  readonly currency: string | null;
  readonly total: DecimalString | null;
  readonly igv: DecimalString | null;
  readonly taxableBase: DecimalString | null;
  readonly buyer: BuyerIdentity;
  readonly orderReference: string | null;
  readonly modifiedDocument: string | null;
  readonly modifiedDocType: DocTypeCode | null;
  readonly xml: XmlReceipt | null;
  readonly pdf: PdfReceipt | null;
  readonly cdr: CdrReceipt | null;
}
