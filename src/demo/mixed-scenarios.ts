import { acceptedDescription, cdrFileName } from './cdr-xml.ts';
import {
  accepted,
  anonymousBuyer,
  dniBuyer,
  invalidIssuerRuc,
  MixedWorld,
  mixedSeller,
  otherDniBuyer,
  plusCents,
  rejected,
  rucBuyer,
  shiftDate,
  sunatBase,
  totalOf,
  type MixedExpectation,
  type MixedFileRecipe,
  type MixedOptions,
  type MixedRow,
  type MixedScenario,
} from './mixed-world.ts';
import type { CdrSpec } from './cdr-xml.ts';
import type { DemoOrder } from './demo-scenarios.ts';
import type { BuyerSpec, ReceiptSpec } from './receipt-spec.ts';

/**
 * Two batches for one seller that mix every mistake and hostile file that the checks look
 * for, each row with its order and the verdict and first reason code it must get.
 * Batch 2 goes in after batch 1 is reported, because the receipt jobs of one batch run
 * concurrently. A credit note, a resent receipt and a receipt reused on another order
 * therefore come in batch 2, where their batch-1 receipt is already attached.
 *
 * The slow PDF gets PDF_UNREADABLE only when the worker's PDF time limit
 * (COMPROBANTES_PDF_TIMEOUT_MS) is shorter than its parse; see `slowPdf`.
 */
export function mixedScenarios(options: MixedOptions): MixedScenario[] {
  const world = new MixedWorld(options);
  const shared = sharedReceipts(world);
  return [...firstBatch(world, shared), ...secondBatch(world, shared)];
}

/** The line a credit note returns: one of the two lines of a generated receipt. */
const returnedCable = { description: 'CABLE USB-C 1 M', quantity: 1, unitPrice: '15.00' } as const;

/** Receipts of batch 1 that batch 2 comes back to. */
interface SharedReceipts {
  /** Attached in batch 1; batch 2 brings a credit note on it. */
  readonly boleta: ReceiptSpec;
  /** Attached in batch 1 without an order reference inside; batch 2 names it for another order. */
  readonly factura: ReceiptSpec;
  /** Attached in batch 1 although its order total is a cent off; batch 2 sends the same bytes again. */
  readonly centOff: ReceiptSpec;
}

function sharedReceipts(world: MixedWorld): SharedReceipts {
  return {
    boleta: world.receipt(1, '03'),
    factura: world.receipt(2, '01', { orderNumber: undefined }),
    centOff: world.receipt(9, '03'),
  };
}

function firstBatch(world: MixedWorld, shared: SharedReceipts): MixedScenario[] {
  return [
    ...cleanReceipts(world, shared),
    ...issuerAndBuyerMistakes(world),
    ...amountAndDateMistakes(world, shared),
    ...pairAndNameMistakes(world),
    ...claimMistakes(world),
    ...notesAndResponses(world),
    ...hostileFiles(world),
    duplicateRow(world, shared),
  ];
}

/** Builds a batch-1 scenario whose row, files and order follow from its receipt; `orderPatch` changes the order. */
function plain(world: MixedWorld, name: string, spec: ReceiptSpec, slot: number, expected: MixedExpectation, orderPatch: Partial<DemoOrder> = {}): MixedScenario {
  return { name, batch: 1, row: world.rowFor(spec, slot), files: world.pair(spec), order: world.orderFor(spec, slot, orderPatch), expected };
}

function cleanReceipts(world: MixedWorld, shared: SharedReceipts): MixedScenario[] {
  return [plain(world, 'clean-boleta', shared.boleta, 1, accepted()), plain(world, 'clean-factura', shared.factura, 2, accepted())];
}

/** Returns the order fields that name this buyer. */
function orderBuyer(buyer: BuyerSpec): Pick<DemoOrder, 'buyerDocType' | 'buyerDocId' | 'buyerName'> {
  return { buyerDocType: buyer.schemeId, buyerDocId: buyer.id, buyerName: buyer.name };
}

function issuerAndBuyerMistakes(world: MixedWorld): MixedScenario[] {
  const badIssuer = world.receipt(3, '03', { issuerRuc: invalidIssuerRuc });
  const facturaToDni = world.receipt(4, '01', { buyer: otherDniBuyer });
  const otherBuyer = world.receipt(5, '03', { buyer: otherDniBuyer });
  const anonymousLines = [{ description: 'TELEVISOR LED 43" SMART', quantity: 1, unitPrice: '899.00' }];
  const anonymous = world.receipt(6, '03', { buyer: anonymousBuyer, lines: anonymousLines });
  return [
    plain(world, 'issuer-ruc-check-digit', badIssuer, 3, rejected('ISSUER_RUC_INVALID', 'dígito verificador')),
    // The buyer asked for a factura and gave a RUC; the seller issued it to a DNI.
    plain(world, 'factura-to-dni', facturaToDni, 4, rejected('FACTURA_REQUIRES_RUC'), { requested: 'factura', ...orderBuyer(rucBuyer) }),
    plain(world, 'boleta-other-buyer', otherBuyer, 5, rejected('BUYER_MISMATCH_ORDER'), orderBuyer(dniBuyer)),
    plain(world, 'boleta-over-700-anonymous', anonymous, 6, rejected('BOLETA_BUYER_REQUIRED'), orderBuyer(dniBuyer)),
  ];
}

function amountAndDateMistakes(world: MixedWorld, shared: SharedReceipts): MixedScenario[] {
  const dollars = world.receipt(7, '03', { currency: 'USD' });
  const offByTwo = world.receipt(8, '03');
  const offByOne = shared.centOff;
  const future = world.receipt(10, '03', { issueDate: shiftDate(world.options.today, 3) });
  const early = world.receipt(11, '03', { issueDate: shiftDate(world.orderDate, -3) });
  return [
    plain(world, 'currency-usd-on-pen-order', dollars, 7, rejected('CURRENCY_MISMATCH'), { currency: 'PEN' }),
    plain(world, 'total-off-by-0.02', offByTwo, 8, rejected('TOTAL_MISMATCH'), { total: plusCents(totalOf(offByTwo), 2) }),
    plain(world, 'total-off-by-0.01', offByOne, 9, accepted(), { total: plusCents(totalOf(offByOne), 1) }),
    plain(world, 'issue-date-in-future', future, 10, rejected('ISSUE_DATE_INVALID', 'posterior a hoy')),
    plain(world, 'issue-date-before-order', early, 11, rejected('ISSUE_DATE_INVALID', 'anterior a la fecha del pedido')),
  ];
}

function pairAndNameMistakes(world: MixedWorld): MixedScenario[] {
  const otherNumber = world.receipt(12, '03');
  const printedNumber = { ...otherNumber, pdf: { number: otherNumber.number + 500 } };
  const otherHash = world.receipt(13, '03', { pdf: { hash: 'q0uT1nV8sH4vX2m9QeZp3LrK7wY=' } });
  const misnamed = world.receipt(14, '01');
  const misnamedBase = sunatBase({ ...misnamed, number: misnamed.number + 1 });
  const padded = world.receipt(15, '03');
  const paddedBase = sunatBase({ ...padded, number: String(padded.number).padStart(8, '0') });
  const paddedCdr = world.cdrFor(padded, '4093', acceptedDescription(padded), ['4093 - El ubigeo indicado en el comprobante no es el mismo que esta registrado para el contribuyente.']);
  return [
    plain(world, 'pdf-xml-series-number', printedNumber, 12, rejected('PDF_XML_MISMATCH', 'serie-número')),
    plain(world, 'pdf-hash-not-digest', otherHash, 13, rejected('PDF_XML_MISMATCH', 'hash')),
    // Named F001-{n+1}, the content is F001-{n}: the manifest row follows the content.
    {
      ...plain(world, 'file-name-other-number', misnamed, 14, rejected('FILENAME_CONTENT_MISMATCH', 'correlativo')),
      row: world.rowFor(misnamed, 14, { pdfFile: `${misnamedBase}.pdf`, xmlFile: `${misnamedBase}.xml` }),
      files: world.pair(misnamed, misnamedBase),
    },
    // Padded names, and a CDR whose name is not padded: it still pairs with the receipt.
    {
      ...plain(world, 'file-name-padding-only', padded, 15, { ...accepted('FILENAME_PADDING_DIFFERS'), warnings: { FILENAME_PADDING_DIFFERS: 2, CDR_OBSERVED: 1 } }),
      row: world.rowFor(padded, 15, { pdfFile: `${paddedBase}.pdf`, xmlFile: `${paddedBase}.xml` }),
      files: [...world.pair(padded, paddedBase), { kind: 'cdr', name: cdrFileName(padded), cdr: paddedCdr, zipped: false }],
    },
  ];
}

function claimMistakes(world: MixedWorld): MixedScenario[] {
  const series = world.receipt(16, '03');
  const amount = world.receipt(17, '03');
  const date = world.receipt(18, '03');
  const claiming = (name: string, spec: ReceiptSpec, slot: number, field: string, patch: Partial<MixedRow>): MixedScenario => ({
    ...plain(world, name, spec, slot, rejected('CONTENT_CLAIM_MISMATCH', `dice ${field}`)),
    row: world.rowFor(spec, slot, patch),
  });
  return [
    claiming('claim-other-series', series, 16, 'serie', { series: 'B002' }),
    claiming('claim-other-amount', amount, 17, 'total', { total: plusCents(totalOf(amount), 1000) }),
    claiming('claim-other-date', date, 18, 'fecha de emisión', { issueDate: shiftDate(date.issueDate, -1) }),
  ];
}

function notesAndResponses(world: MixedWorld): MixedScenario[] {
  const unattached = world.options.numberBase + 90;
  const orphanNote = world.receipt(19, '07', { modifies: { docType: '03', series: 'B001', number: unattached }, lines: [returnedCable] });
  const noteOrder = world.orderFor(world.receipt(19, '03'), 19);

  const refused = world.receipt(20, '03');
  const refusedCdr = world.cdrFor(refused, '2800', 'El dato ingresado en el tipo de documento de identidad del receptor no esta permitido.');
  const foreign = world.receipt(21, '03');
  const foreignCdr = { ...world.cdrFor(foreign, '0', ''), number: foreign.number + 1 };
  const observed = world.receipt(22, '03');
  const observedCdr = world.cdrFor(observed, '4252', acceptedDescription(observed), ['4252 - El dato ingresado como atributo @listName es incorrecto.']);

  const withCdr = (name: string, spec: ReceiptSpec, slot: number, cdr: CdrSpec, zipped: boolean, expected: MixedExpectation): MixedScenario => {
    const cdrName = cdrFileName(spec, zipped ? 'zip' : 'xml');
    return { ...plain(world, name, spec, slot, expected), files: [...world.pair(spec), { kind: 'cdr', name: cdrName, cdr, zipped }] };
  };
  return [
    { name: 'note-without-receipt', batch: 1, row: world.rowFor(orphanNote, 19), files: world.pair(orphanNote), order: noteOrder, expected: rejected('NOTE_WITHOUT_RECEIPT') },
    withCdr('cdr-rejected', refused, 20, refusedCdr, false, rejected('CDR_NOT_ACCEPTED', '2800')),
    withCdr('cdr-other-document', foreign, 21, { ...foreignCdr, description: acceptedDescription(foreignCdr) }, false, rejected('CDR_MISMATCH')),
    withCdr('cdr-observed', observed, 22, observedCdr, true, accepted('CDR_OBSERVED', '4252')),
  ];
}

function hostileFiles(world: MixedWorld): MixedScenario[] {
  const slot = (n: number) => world.receipt(n, '03');
  const pdfOnly = (name: string, spec: ReceiptSpec, n: number, expected: MixedExpectation, file: MixedFileRecipe): MixedScenario => ({
    name,
    batch: 1,
    row: world.rowFor(spec, n, { xmlFile: null }),
    files: [file],
    order: world.orderFor(spec, n),
    expected,
  });

  const guide = slot(23);
  const guideBase = `${mixedSeller.ruc}-09-T001-${guide.number}`;
  const imageOnly = { ...slot(24), pdf: { imageOnly: true } };
  const locked = { ...slot(25), pdf: { userPassword: 'clave-2024' } };
  const slow = slot(26);
  const entity = slot(27);
  const guideSpec = { issuerRuc: mixedSeller.ruc, issuerName: mixedSeller.name, series: 'T001', number: guide.number, issueDate: guide.issueDate, recipient: guide.buyer };
  return [
    // The seller uploaded the guía de remisión in place of the boleta the row announces.
    {
      name: 'guia-de-remision',
      batch: 1,
      row: world.rowFor(guide, 23, { pdfFile: null, xmlFile: `${guideBase}.xml` }),
      files: [{ kind: 'despatch-advice', name: `${guideBase}.xml`, guide: guideSpec }],
      order: world.orderFor(guide, 23),
      expected: rejected('DOC_TYPE_NOT_RECEIPT'),
    },
    pdfOnly('image-only-pdf', imageOnly, 24, rejected('PDF_NO_TEXT'), { kind: 'receipt-pdf', name: `${sunatBase(imageOnly)}.pdf`, spec: imageOnly }),
    pdfOnly('encrypted-pdf', locked, 25, rejected('PDF_ENCRYPTED'), { kind: 'receipt-pdf', name: `${sunatBase(locked)}.pdf`, spec: locked }),
    pdfOnly('pdf-never-finishes', slow, 26, rejected('PDF_UNREADABLE', 'tiempo'), { kind: 'slow-pdf', name: `${sunatBase(slow)}.pdf` }),
    {
      ...plain(world, 'xml-external-entity', entity, 27, rejected('XML_MALFORMED', 'DTD')),
      files: [{ kind: 'receipt-xml', name: `${sunatBase(entity)}.xml`, spec: entity, externalEntity: true }, { kind: 'receipt-pdf', name: `${sunatBase(entity)}.pdf`, spec: entity }],
    },
  ];
}

/** Builds a second row that names the clean boleta's files again, for another order. */
function duplicateRow(world: MixedWorld, shared: SharedReceipts): MixedScenario {
  const order = world.orderFor(world.receipt(28, '03'), 28);
  return { name: 'same-receipt-two-rows', batch: 1, row: world.rowFor(shared.boleta, 1, { orderNumber: order.orderNumber }), files: [], order, expected: rejected('ROW_DUPLICATE') };
}

function secondBatch(world: MixedWorld, shared: SharedReceipts): MixedScenario[] {
  const note = world.receipt(29, '07', {
    orderNumber: world.orderNumber(1),
    modifies: { docType: '03', series: 'B001', number: shared.boleta.number },
    noteReason: 'DEVOLUCIÓN POR ÍTEM',
    lines: [returnedCable],
  });
  const reuseOrder = world.orderFor(shared.factura, 30);
  return [
    // A second row for order 001 would be ROW_DUPLICATE next to the note, so another receipt is resent.
    { name: 'boleta-sent-again', batch: 2, row: world.rowFor(shared.centOff, 9), files: world.pair(shared.centOff), order: null, expected: { verdict: 'already_attached', firstCode: 'RECEIPT_ALREADY_ATTACHED' } },
    { name: 'credit-note-on-attached-boleta', batch: 2, row: world.rowFor(note, 1), files: world.pair(note), order: null, expected: accepted() },
    {
      name: 'factura-reused-on-other-order',
      batch: 2,
      row: world.rowFor(shared.factura, 30),
      files: world.pair(shared.factura),
      order: reuseOrder,
      expected: rejected('RECEIPT_USED_ELSEWHERE', world.orderNumber(2)),
    },
  ];
}
