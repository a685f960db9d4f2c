import type { Verdict } from '../checks/finding.ts';
import type { ReasonCode } from '../reports/reason-codes.ts';
import type { CdrSpec } from './cdr-xml.ts';
import type { DemoOrder } from './demo-scenarios.ts';
import { demoSellers } from './demo-scenarios.ts';
import type { DespatchAdviceSpec } from './despatch-advice-xml.ts';
import { computeReceiptAmounts, formatCents } from './receipt-amounts.ts';
import { sampleReceiptSpec, type BuyerSpec, type ReceiptSpec } from './receipt-spec.ts';

/**
 * The pieces of the mixed batches (`mixed-scenarios.ts`): file recipes, manifest rows,
 * expectations, and a factory that derives specs, orders and rows from a run's options.
 */

/** Recipe for one file of a row; `build-mixed-batch.ts` turns it into bytes. */
export type MixedFileRecipe =
  | { readonly kind: 'receipt-xml'; readonly name: string; readonly spec: ReceiptSpec; readonly externalEntity?: boolean }
  | { readonly kind: 'receipt-pdf'; readonly name: string; readonly spec: ReceiptSpec }
  | { readonly kind: 'slow-pdf'; readonly name: string }
  | { readonly kind: 'despatch-advice'; readonly name: string; readonly guide: DespatchAdviceSpec }
  /** `zipped`: `R-{base}.zip` holding `R-{base}.xml` and an empty `dummy`, as SUNAT sends it. */
  | { readonly kind: 'cdr'; readonly name: string; readonly cdr: CdrSpec; readonly zipped: boolean };

/** A manifest row; null cells are left empty. */
export interface MixedRow {
  readonly orderNumber: string;
  readonly docType: string;
  readonly series: string | null;
  readonly number: string | null;
  readonly pdfFile: string | null;
  readonly xmlFile: string | null;
  /** Dot decimal ("118.00"). */
  readonly total: string | null;
  /** YYYY-MM-DD */
  readonly issueDate: string | null;
}

export interface MixedExpectation {
  readonly verdict: Verdict;
  /** The report item's first code: the first rejection, or the first warning of an accepted receipt. */
  readonly firstCode: ReasonCode | null;
  /** Text the report item's message must contain, e.g. the field a mismatch names. */
  readonly messageIncludes?: string;
  /**
   * Warnings by code when they are more than firstCode once: a warning about a file name,
   * for example, comes once for the PDF and once for the XML.
   */
  readonly warnings?: Readonly<Partial<Record<ReasonCode, number>>>;
}

export interface MixedScenario {
  readonly name: string;
  readonly batch: 1 | 2;
  readonly row: MixedRow;
  /** Files this row adds to its batch's ZIP; a row naming another row's files adds none. */
  readonly files: readonly MixedFileRecipe[];
  /** The order this row introduces; null when it names an order introduced by another row. */
  readonly order: DemoOrder | null;
  readonly expected: MixedExpectation;
}

export interface MixedOptions {
  /** Order number prefix, so each run uses new orders. */
  readonly runTag: string;
  /**
   * First correlativo; the receipts use the next numbers up to numberBase + 99. Receipt
   * identities are unique across orders, so each run against one database needs its own
   * range. From 1 to 9,000,000, so that eight-digit padding always differs from the number.
   */
  readonly numberBase: number;
  /** Today in Lima (YYYY-MM-DD). Orders are dated two days earlier, receipts one day earlier. */
  readonly today: string;
}

export const mixedSeller = demoSellers[0]!;

export const dniBuyer: BuyerSpec = { schemeId: '1', id: '45871236', name: 'ROSA QUISPE MAMANI' };
export const otherDniBuyer: BuyerSpec = { schemeId: '1', id: '41234567', name: 'MARÍA FERNANDA TORRES' };
export const anonymousBuyer: BuyerSpec = { schemeId: '1', id: '00000000', name: 'CLIENTES VARIOS' };
export const rucBuyer: BuyerSpec = { schemeId: '6', id: '20501234568', name: 'DISTRIBUIDORA LOS ANDES E.I.R.L.' };
/** The seller's RUC with another check digit. */
export const invalidIssuerRuc = '20601234566';

/** Series of the seller's boletas, facturas and credit notes on boletas. */
const defaultSeries: Readonly<Record<'01' | '03' | '07', string>> = { '01': 'F001', '03': 'B001', '07': 'BC01' };

/** Shifts a YYYY-MM-DD date by whole days. */
export function shiftDate(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `{RUC}-{type}-{series}-{number}`, the SUNAT base name of a receipt's files. */
export function sunatBase(spec: { readonly issuerRuc: string; readonly docType: string; readonly series: string; readonly number: number | string }): string {
  return `${spec.issuerRuc}-${spec.docType}-${spec.series}-${spec.number}`;
}

export function totalOf(spec: ReceiptSpec): string {
  return formatCents(computeReceiptAmounts(spec).totalCents);
}

/** Adds cents to a dot-decimal amount. */
export function plusCents(amount: string, cents: number): string {
  const [whole, fraction = '0'] = amount.split('.');
  return formatCents(Number(whole) * 100 + Number(fraction.padEnd(2, '0')) + cents);
}

/** Builds the specs, orders and rows from the options; each scenario function below uses one. */
export class MixedWorld {
  readonly orderDate: string;
  readonly issueDate: string;

  constructor(readonly options: MixedOptions) {
    if (!Number.isInteger(options.numberBase) || options.numberBase < 1 || options.numberBase > 9_000_000) {
      throw new RangeError(`numberBase must be an integer from 1 to 9000000, got ${options.numberBase}`);
    }
    this.orderDate = shiftDate(options.today, -2);
    this.issueDate = shiftDate(options.today, -1);
  }

  orderNumber(slot: number): string {
    return `${this.options.runTag}-${String(slot).padStart(3, '0')}`;
  }

  /** Builds the receipt for the order of `slot`, numbered numberBase + slot. */
  receipt(slot: number, docType: '01' | '03' | '07', overrides: Partial<ReceiptSpec> = {}): ReceiptSpec {
    return sampleReceiptSpec({
      docType,
      series: defaultSeries[docType],
      number: this.options.numberBase + slot,
      issueDate: this.issueDate,
      buyer: docType === '01' ? rucBuyer : dniBuyer,
      orderNumber: this.orderNumber(slot),
      ...overrides,
    });
  }

  /** Builds the order this receipt was issued for, as the marketplace recorded it. */
  orderFor(spec: ReceiptSpec, slot: number, patch: Partial<DemoOrder> = {}): DemoOrder {
    return {
      orderNumber: this.orderNumber(slot),
      sellerId: mixedSeller.id,
      state: 'confirmada',
      requested: spec.docType === '01' ? 'factura' : 'boleta',
      buyerDocType: spec.buyer.schemeId,
      buyerDocId: spec.buyer.id,
      buyerName: spec.buyer.name,
      total: totalOf(spec),
      currency: spec.currency,
      orderDate: this.orderDate,
      ...patch,
    };
  }

  /** Builds the manifest row a careful seller writes for this receipt and its PDF and XML. */
  rowFor(spec: ReceiptSpec, slot: number, patch: Partial<MixedRow> = {}): MixedRow {
    const base = sunatBase(spec);
    return {
      orderNumber: this.orderNumber(slot),
      docType: spec.docType,
      series: spec.series,
      number: String(spec.number),
      pdfFile: `${base}.pdf`,
      xmlFile: `${base}.xml`,
      total: totalOf(spec),
      issueDate: spec.issueDate,
      ...patch,
    };
  }

  /** Lists the PDF and XML of a receipt under its SUNAT base name, or under `base` when given. */
  pair(spec: ReceiptSpec, base: string = sunatBase(spec)): MixedFileRecipe[] {
    return [
      { kind: 'receipt-xml', name: `${base}.xml`, spec },
      { kind: 'receipt-pdf', name: `${base}.pdf`, spec },
    ];
  }

  /** Builds SUNAT's response to this receipt, dated the day the receipt was issued. */
  cdrFor(spec: ReceiptSpec, responseCode: string, description: string, notes?: readonly string[]): CdrSpec {
    const { issuerRuc, docType, series, number } = spec;
    return { issuerRuc, docType, series, number, responseCode, description, responseDate: spec.issueDate, ...(notes ? { notes } : {}) };
  }
}

export const accepted = (firstCode: ReasonCode | null = null, messageIncludes?: string): MixedExpectation => ({ verdict: 'accepted', firstCode, ...(messageIncludes ? { messageIncludes } : {}) });
export const rejected = (firstCode: ReasonCode, messageIncludes?: string): MixedExpectation => ({ verdict: 'rejected', firstCode, ...(messageIncludes ? { messageIncludes } : {}) });
