import type { DecimalString } from '../receipts/receipt-document.ts';

export const orderStates = ['pendiente', 'confirmada', 'lista_para_envio', 'enviada', 'entregada', 'cancelada'] as const;
export type OrderState = (typeof orderStates)[number];

/** States after which an order takes no new receipt. */
export const closedOrderStates: readonly OrderState[] = ['enviada', 'entregada', 'cancelada'];

export type RequestedReceipt = 'boleta' | 'factura';

export interface SellerFacts {
  readonly id: string;
  readonly ruc: string;
  readonly name: string;
}

export interface OrderFacts {
  readonly orderNumber: string;
  readonly sellerId: string;
  readonly state: OrderState;
  readonly requested: RequestedReceipt;
  /** Catalogue 06 code of the buyer's document: '1' DNI, '4' carnet, '6' RUC, '7' pasaporte; null when none. */
  readonly buyerDocType: string | null;
  readonly buyerDocId: string | null;
  readonly buyerName: string | null;
  readonly total: DecimalString;
  readonly currency: string;
  /** YYYY-MM-DD */
  readonly orderDate: string;
}

/** A receipt already attached to some order, as stored. */
export interface AttachedFacts {
  readonly orderNumber: string;
  readonly sellerId: string;
  readonly issuerRuc: string;
  readonly docType: string;
  readonly series: string;
  /** Integer value of the correlativo. */
  readonly number: number;
  /** SHA-256 of the stored files, joined "pdf:xml" (empty side when absent). */
  readonly contentHash: string;
}

/** Manifest claims for one receipt; null where the row left the column empty. */
export interface ManifestClaims {
  readonly orderNumber: string | null;
  readonly docType: string | null;
  readonly series: string | null;
  readonly number: string | null;
  readonly total: DecimalString | null;
  readonly issueDate: string | null;
}

/** Everything checks need beyond the document, gathered at the edge (database, clock). */
export interface CheckContext {
  readonly seller: SellerFacts;
  /** Null when the order does not exist for this seller. */
  readonly order: OrderFacts | null;
  /** Receipts attached to this order. */
  readonly orderReceipts: readonly AttachedFacts[];
  /** Receipt with the same identity attached anywhere, if any. */
  readonly sameIdentity: AttachedFacts | null;
  readonly claims: ManifestClaims;
  /** File names as the seller wrote them, for file-name checks. */
  readonly fileNames: { readonly pdf: string | null; readonly xml: string | null };
  /** This receipt's content hash, same format as AttachedFacts.contentHash. */
  readonly contentHash: string;
  /** Today in Lima, YYYY-MM-DD. */
  readonly today: string;
  readonly policy: { readonly acceptImageOnlyPdf: boolean };
}
