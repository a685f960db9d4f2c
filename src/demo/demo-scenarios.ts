import type { ReasonCode } from '../reports/reason-codes.ts';
import type { Verdict } from '../checks/finding.ts';
import { computeReceiptAmounts, formatCents } from './receipt-amounts.ts';
import { sampleIssuer, sampleReceiptSpec, type ReceiptSpec } from './receipt-spec.ts';

/**
 * The demo's world: two sellers with valid RUCs, their orders, and one receipt per
 * manifest row, most of them right and some with the mistakes sellers make every night.
 * Each scenario states the verdict and first reason code it must get, so the demo and
 * the end-to-end tests compare the pipeline's report with what the data implies.
 */

export interface DemoSeller {
  readonly id: string;
  readonly ruc: string;
  readonly name: string;
}

export interface DemoOrder {
  readonly orderNumber: string;
  readonly sellerId: string;
  readonly state: 'pendiente' | 'confirmada' | 'enviada';
  readonly requested: 'boleta' | 'factura';
  readonly buyerDocType: string;
  readonly buyerDocId: string;
  readonly buyerName: string;
  readonly total: string;
  readonly currency: 'PEN' | 'USD';
  readonly orderDate: string;
}

/** Form in which a scenario's files are written into the batch. */
export interface DemoFiles {
  readonly pdf: 'normal' | 'missing' | 'png' | 'none';
  readonly xml: 'normal' | 'none';
}

export interface DemoScenario {
  readonly name: string;
  /** Null for a row the manifest leaves incomplete on purpose. */
  readonly spec: ReceiptSpec;
  readonly order: DemoOrder | null;
  /** Order number the manifest row names (differs from the spec's for some mistakes). */
  readonly manifestOrderNumber: string;
  readonly manifestDocType: string;
  readonly files: DemoFiles;
  readonly expected: { readonly verdict: Verdict; readonly firstCode: ReasonCode | null };
}

export const demoSellers: readonly DemoSeller[] = [
  { id: 'tienda-andina', ruc: sampleIssuer.ruc, name: sampleIssuer.name },
  { id: 'electro-norte', ruc: '20611111119', name: 'ELECTRO NORTE PERU S.A.C.' },
];

const dniBuyers = [
  { schemeId: '1', id: '45871236', name: 'ROSA QUISPE MAMANI' },
  { schemeId: '1', id: '07654321', name: 'JORGE LUIS CHÁVEZ ÑAHUI' },
  { schemeId: '1', id: '41234567', name: 'MARÍA FERNANDA TORRES' },
] as const;

const rucBuyers = [
  { schemeId: '6', id: '20501234568', name: 'DISTRIBUIDORA LOS ANDES E.I.R.L.' },
  { schemeId: '6', id: '20509999997', name: 'INVERSIONES PACÍFICO S.A.' },
] as const;

const products = [
  { description: 'AUDÍFONOS INALÁMBRICOS BT-500', unitPrice: '89.90' },
  { description: 'CABLE USB-C 1 M', unitPrice: '15.00' },
  { description: 'MOCHILA ANTIRROBO 15"', unitPrice: '129.00' },
  { description: 'TERMO ACERO 750 ML', unitPrice: '45.50' },
  { description: 'LÁMPARA LED ESCRITORIO', unitPrice: '69.90' },
] as const;

type Mistake = (typeof mistakes)[number];

/** Mistakes placed among the valid receipts, in this order, one every few rows. */
const mistakes = [
  'type_not_requested',
  'total_mismatch',
  'other_seller_order',
  'order_shipped',
  'missing_file',
  'pdf_xml_total',
  'png_as_pdf',
  'issuer_not_seller',
] as const;

function orderTotal(spec: ReceiptSpec): string {
  return formatCents(computeReceiptAmounts(spec).totalCents);
}

function orderFor(spec: ReceiptSpec, sellerId: string, orderNumber: string, state: DemoOrder['state']): DemoOrder {
  return {
    orderNumber,
    sellerId,
    state,
    requested: spec.docType === '01' ? 'factura' : 'boleta',
    buyerDocType: spec.buyer.schemeId,
    buyerDocId: spec.buyer.id,
    buyerName: spec.buyer.name,
    total: orderTotal(spec),
    currency: spec.currency,
    orderDate: spec.issueDate,
  };
}

function baseSpec(index: number, orderNumber: string, issueDate: string, firstNumber: number): ReceiptSpec {
  const factura = index % 3 === 2;
  const first = products[index % products.length]!;
  const second = products[(index + 2) % products.length]!;
  return sampleReceiptSpec({
    docType: factura ? '01' : '03',
    series: factura ? 'F001' : 'B001',
    number: firstNumber + index,
    issueDate,
    buyer: factura ? rucBuyers[index % rucBuyers.length]! : dniBuyers[index % dniBuyers.length]!,
    lines: [
      { description: first.description, quantity: 1 + (index % 2), unitPrice: first.unitPrice },
      { description: second.description, quantity: 1, unitPrice: second.unitPrice },
    ],
    orderNumber,
  });
}

const normalFiles: DemoFiles = { pdf: 'normal', xml: 'normal' };

function valid(name: string, spec: ReceiptSpec, order: DemoOrder): DemoScenario {
  return { name, spec, order, manifestOrderNumber: order.orderNumber, manifestDocType: spec.docType, files: normalFiles, expected: { verdict: 'accepted', firstCode: null } };
}

function withMistake(mistake: Mistake, spec: ReceiptSpec, orderNumber: string): DemoScenario {
  const seller = demoSellers[0]!.id;
  const rejected = (firstCode: ReasonCode) => ({ verdict: 'rejected' as const, firstCode });
  const base = { name: mistake, spec, manifestOrderNumber: orderNumber, manifestDocType: spec.docType, files: normalFiles };
  switch (mistake) {
    case 'type_not_requested': {
      // The buyer asked for a factura (and gave a RUC); the seller issued a boleta.
      const boleta = { ...spec, docType: '03' as const, series: 'B001', buyer: dniBuyers[0] };
      const buyer = rucBuyers[0];
      const order: DemoOrder = { ...orderFor(boleta, seller, orderNumber, 'confirmada'), requested: 'factura', buyerDocType: buyer.schemeId, buyerDocId: buyer.id, buyerName: buyer.name };
      return { ...base, spec: boleta, manifestDocType: '03', order, expected: rejected('DOC_TYPE_NOT_REQUESTED') };
    }
    case 'total_mismatch': {
      const order = { ...orderFor(spec, seller, orderNumber, 'confirmada'), total: '999.90' };
      return { ...base, order, expected: rejected('TOTAL_MISMATCH') };
    }
    case 'other_seller_order':
      return { ...base, order: orderFor(spec, demoSellers[1]!.id, orderNumber, 'confirmada'), expected: rejected('ORDER_NOT_FOUND') };
    case 'order_shipped':
      return { ...base, order: orderFor(spec, seller, orderNumber, 'enviada'), expected: rejected('ORDER_STATE_CLOSED') };
    case 'missing_file':
      return { ...base, order: orderFor(spec, seller, orderNumber, 'confirmada'), files: { pdf: 'missing', xml: 'normal' }, expected: rejected('FILE_NOT_FOUND') };
    case 'pdf_xml_total': {
      const printed = { ...spec, pdf: { ...spec.pdf, total: '10.00' } };
      return { ...base, spec: printed, order: orderFor(spec, seller, orderNumber, 'confirmada'), expected: rejected('PDF_XML_MISMATCH') };
    }
    case 'png_as_pdf':
      return { ...base, order: orderFor(spec, seller, orderNumber, 'confirmada'), files: { pdf: 'png', xml: 'none' }, expected: rejected('FILE_TYPE_UNSUPPORTED') };
    case 'issuer_not_seller': {
      const foreign = { ...spec, issuerRuc: demoSellers[1]!.ruc, issuerName: demoSellers[1]!.name };
      return { ...base, spec: foreign, order: orderFor(spec, seller, orderNumber, 'confirmada'), expected: rejected('ISSUER_NOT_SELLER') };
    }
  }
}

/**
 * Builds `count` scenarios for one run. Order numbers carry `runTag` and correlativos start
 * at `firstNumber`, so each demo run can use new orders and receipts and get the same verdicts. Every `mistakeEvery`-th row carries the next
 * mistake; with mistakeEvery 0 all rows are valid (the benchmark's batches).
 */
export function demoScenarios(options: { count: number; runTag: string; issueDate: string; mistakeEvery?: number; firstNumber?: number }): DemoScenario[] {
  const every = options.mistakeEvery ?? 3;
  const scenarios: DemoScenario[] = [];
  let mistakeIndex = 0;
  for (let index = 0; index < options.count; index += 1) {
    const orderNumber = `${options.runTag}-${String(index + 1).padStart(5, '0')}`;
    const spec = baseSpec(index, orderNumber, options.issueDate, options.firstNumber ?? 1000);
    const mistake = every > 0 && index % every === every - 1 ? mistakes[mistakeIndex] : undefined;
    if (mistake) {
      scenarios.push(withMistake(mistake, spec, orderNumber));
      mistakeIndex = (mistakeIndex + 1) % mistakes.length;
    } else {
      scenarios.push(valid('valid', spec, orderFor(spec, demoSellers[0]!.id, orderNumber, index % 2 ? 'pendiente' : 'confirmada')));
    }
  }
  return scenarios;
}
