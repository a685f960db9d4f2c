/**
 * Identity of a receipt: (issuer RUC, type, series, integer number). Two files with the
 * same identity are the same SUNAT document, whatever the padding of the correlativo.
 */
export interface ReceiptIdentity {
  readonly issuerRuc: string;
  readonly docType: string;
  readonly series: string;
  /** Integer value of the correlativo ("00000123" → 123). */
  readonly number: number;
}

/** Trims the text parts and upper-cases the series, as stored in attached_receipts. */
export function normaliseIdentity(identity: ReceiptIdentity): ReceiptIdentity {
  return {
    issuerRuc: identity.issuerRuc.trim(),
    docType: identity.docType.trim(),
    series: identity.series.trim().toUpperCase(),
    number: identity.number,
  };
}

/** Map key for an identity, equal for two identities exactly when they name one document. */
export function identityKey(identity: ReceiptIdentity): string {
  const { issuerRuc, docType, series, number } = normaliseIdentity(identity);
  return JSON.stringify([issuerRuc, docType, series, number]);
}

/** Where-clause columns of the identity's unique key. */
export function identityColumns(identity: ReceiptIdentity): Record<string, string | number> {
  const { issuerRuc, docType, series, number } = normaliseIdentity(identity);
  return { issuer_ruc: issuerRuc, doc_type: docType, series, number };
}

/** Facturas (01) and boletas (03) are an order's payment receipt; notes (07, 08) only correct one. */
export function isPaymentReceipt(docType: string): boolean {
  return docType === '01' || docType === '03';
}
