import PDFDocument from 'pdfkit';
import { amountInWords } from './amount-in-words.ts';
import { computeReceiptAmounts, formatCents, formatCentsGrouped, igvPercent, parseCents, type ReceiptAmounts } from './receipt-amounts.ts';
import { resolveReceiptPdfStyle, type ReceiptPdfOptions, type ReceiptPdfStyle } from './receipt-pdf-style.ts';
import type { ReceiptSpec } from './receipt-spec.ts';
import { receiptDigestValue } from './receipt-xml.ts';

/**
 * The printed receipt (representación impresa) on one A4 page, laid out as Peruvian
 * issuers do. The issuer is on the left and a box with RUC, title and series-number on the
 * right. Then come the buyer, the lines, totals with IGV, the amount in words, the hash and
 * a QR with its content printed as text. The style (receipt-pdf-style.ts) sets the fonts, the
 * logo and how the QR is drawn. The default plain style uses the standard PDF fonts, which keep
 * the file small and fast to build.
 */

const titles: Readonly<Record<string, string>> = {
  '01': 'FACTURA ELECTRÓNICA',
  '03': 'BOLETA DE VENTA ELECTRÓNICA',
  '07': 'NOTA DE CRÉDITO ELECTRÓNICA',
  '08': 'NOTA DE DÉBITO ELECTRÓNICA',
};

const buyerLabels: Readonly<Record<string, string>> = { '1': 'DNI', '4': 'CARNET EXT.', '6': 'RUC', '7': 'PASAPORTE' };
const currencySymbols: Readonly<Record<string, string>> = { PEN: 'S/', USD: 'US$' };
const currencyNames: Readonly<Record<string, string>> = { PEN: 'SOLES', USD: 'DÓLARES AMERICANOS' };

const page = { left: 40, right: 555, bottom: 780 } as const;

/** Values the PDF prints: the spec's values, replaced by any `spec.pdf` override. */
interface PrintedValues {
  readonly issuerRuc: string;
  readonly title: string;
  readonly footerTitle: string;
  readonly seriesNumber: string;
  readonly issueDate: string;
  readonly totalCents: number;
  readonly hash: string;
  readonly qrText: string;
}

/** Builds the PDF in the style the options name (default plain); resolves with its bytes. */
export function buildReceiptPdf(spec: ReceiptSpec, options: ReceiptPdfOptions = {}): Promise<Buffer> {
  const style = resolveReceiptPdfStyle(options);
  const amounts = computeReceiptAmounts(spec);
  const printed = printedValues(spec, amounts);
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.left,
    autoFirstPage: true,
    info: { Title: `${printed.title} ${printed.seriesNumber}`, Producer: 'comprobantes-ingest demo', CreationDate: stableDate(spec.issueDate) },
    ...(spec.pdf?.userPassword === undefined ? {} : { userPassword: spec.pdf.userPassword, pdfVersion: '1.7' as const }),
  });
  const done = collect(doc);

  style.setUp(doc, spec.issuerRuc);
  if (spec.pdf?.imageOnly) drawShapesOnly(doc, style, spec, printed);
  else drawReceipt(doc, style, spec, amounts, printed);

  doc.end();
  return done;
}

function printedValues(spec: ReceiptSpec, amounts: ReceiptAmounts): PrintedValues {
  const options = spec.pdf ?? {};
  const issuerRuc = options.issuerRuc ?? spec.issuerRuc;
  const series = options.series ?? spec.series;
  const number = options.number ?? spec.number;
  const title = options.title ?? (titles[spec.docType] as string);
  const totalCents = options.total === undefined ? amounts.totalCents : parseCents(options.total);
  const issueDate = options.issueDate ?? spec.issueDate;
  const qrFields = [issuerRuc, spec.docType, series, String(number), formatCents(amounts.igvCents), formatCents(totalCents), issueDate, spec.buyer.schemeId, spec.buyer.id];

  return {
    issuerRuc,
    title,
    footerTitle: options.footerTitle ?? title,
    seriesNumber: `${series}-${String(number).padStart(options.numberPadding ?? 0, '0')}`,
    issueDate: formatDate(issueDate, options.dateFormat ?? 'DD/MM/YYYY'),
    totalCents,
    hash: options.hash ?? receiptDigestValue(spec),
    qrText: `${qrFields.join('|')}|`,
  };
}

function drawReceipt(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, amounts: ReceiptAmounts, printed: PrintedValues): void {
  drawHeader(doc, style, spec, printed);
  let y = drawBuyer(doc, style, spec, printed, 140);
  y = drawLines(doc, style, amounts, y + 12);
  y = drawTotals(doc, style, spec, amounts, printed, y + 8);
  drawFooter(doc, style, spec, printed, y + 16);
}

/**
 * Issuer on the left, RUC box on the right, drawn row by row as HTML-to-PDF tools do, so
 * the text layer interleaves both columns ("COMERCIAL ... S.A.C. R.U.C. N° 20...").
 */
function drawHeader(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, printed: PrintedValues): void {
  const issuer = style.issuerColumn;
  const sizes = style.headerSizes;
  doc.lineWidth(1).rect(355, 40, 200, 84).stroke();
  doc.font(style.boldFont).fontSize(sizes.issuerName).text(spec.issuerName, issuer.x, 52, { width: issuer.width, lineBreak: false });
  doc.fontSize(sizes.box).text(`R.U.C. N° ${printed.issuerRuc}`, 355, 52, { width: 200, align: 'center', lineBreak: false });

  doc.font(style.regularFont).fontSize(8).text(spec.issuerAddress ?? '', issuer.x, 75, { width: issuer.width, lineBreak: false });
  doc.font(style.boldFont).fontSize(sizes.box).text(printed.title, 355, 74, { width: 200, align: 'center', lineBreak: false });

  doc.font(style.regularFont).fontSize(8).text('Ventas por marketplace', issuer.x, 101, { width: issuer.width, lineBreak: false });
  doc.font(style.boldFont).fontSize(sizes.box).text(printed.seriesNumber, 355, 100, { width: 200, align: 'center', lineBreak: false });
}

/** Buyer, date, currency, order and (for notes) the modified receipt; returns the next free y. */
function drawBuyer(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, printed: PrintedValues, top: number): number {
  const rows: Array<readonly [string, string]> = [
    ['Fecha de emisión:', printed.issueDate],
    ['Señor(es):', spec.buyer.name],
    [`${buyerLabels[spec.buyer.schemeId] ?? 'DOC.'}:`, spec.buyer.id],
    ['Moneda:', currencyNames[spec.currency] ?? spec.currency],
  ];
  if (spec.orderNumber !== undefined) rows.push(['N° de pedido:', spec.orderNumber]);
  if (spec.modifies !== undefined) {
    rows.push(['Documento que modifica:', `${titles[spec.modifies.docType]} ${spec.modifies.series}-${spec.modifies.number}`]);
    rows.push(['Motivo:', spec.noteReason ?? 'CORRECCIÓN']);
  }

  const { labelWidth, valueX } = style.buyerColumns;
  let y = top;
  doc.fontSize(9);
  for (const [label, value] of rows) {
    doc.font(style.boldFont).text(label, page.left, y, { width: labelWidth, lineBreak: false });
    doc.font(style.regularFont).text(value, valueX, y, { width: page.right - valueX, lineBreak: false });
    y += 14;
  }
  return y;
}

function drawLines(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, amounts: ReceiptAmounts, top: number): number {
  const columns = { quantity: page.left, description: 85, unitPrice: 380, amount: 470 } as const;
  let y = top;
  doc.moveTo(page.left, y - 4).lineTo(page.right, y - 4).stroke();
  doc.font(style.boldFont).fontSize(8);
  doc.text('CANT.', columns.quantity, y, { lineBreak: false });
  doc.text('DESCRIPCIÓN', columns.description, y, { lineBreak: false });
  doc.text('P. UNIT.', columns.unitPrice, y, { width: 80, align: 'right', lineBreak: false });
  doc.text('IMPORTE', columns.amount, y, { width: 85, align: 'right', lineBreak: false });
  y += 14;
  doc.moveTo(page.left, y - 4).lineTo(page.right, y - 4).stroke();

  doc.font(style.regularFont).fontSize(8);
  for (const line of amounts.lines) {
    if (y > page.bottom - 150) {
      doc.addPage();
      y = 50;
    }
    doc.text(String(line.quantity), columns.quantity, y, { lineBreak: false });
    doc.text(line.description, columns.description, y, { width: 280, lineBreak: false });
    doc.text(formatCentsGrouped(line.unitPriceCents), columns.unitPrice, y, { width: 80, align: 'right', lineBreak: false });
    doc.text(formatCentsGrouped(line.totalCents), columns.amount, y, { width: 85, align: 'right', lineBreak: false });
    y += 12;
  }
  doc.moveTo(page.left, y).lineTo(page.right, y).stroke();
  return y + 4;
}

function drawTotals(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, amounts: ReceiptAmounts, printed: PrintedValues, top: number): number {
  const symbol = currencySymbols[spec.currency] ?? spec.currency;
  const rows: Array<readonly [string, number]> = [
    ['OP. GRAVADA', amounts.baseCents],
    [`IGV ${igvPercent}%`, amounts.igvCents],
    ['IMPORTE TOTAL', printed.totalCents],
  ];
  let y = top;
  for (const [label, cents] of rows) {
    doc.font(label === 'IMPORTE TOTAL' ? style.boldFont : style.regularFont).fontSize(9);
    doc.text(label, 360, y, { width: 100, lineBreak: false });
    doc.text(`${symbol} ${formatCentsGrouped(cents)}`, 460, y, { width: 95, align: 'right', lineBreak: false });
    y += 13;
  }
  doc.font(style.regularFont).fontSize(8).text(`SON: ${amountInWords(printed.totalCents, spec.currency)}`, page.left, y + 4, { width: 515 });
  return y + 18;
}

function drawFooter(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, printed: PrintedValues, top: number): void {
  style.drawQr(doc, printed.qrText, page.left, top, 80);
  doc.font(style.regularFont).fontSize(8);
  doc.text(`Resumen (hash): ${printed.hash}`, 135, top + 4, { width: 420, lineBreak: false });
  if (!spec.pdf?.omitQrText) doc.fontSize(7).text(printed.qrText, 135, top + 18, { width: 420, lineBreak: false });
  doc.fontSize(8).text(`Representación impresa de la ${printed.footerTitle}.`, 135, top + 36, { width: 420, lineBreak: false });
  doc.text('Consulte su documento en www.sunat.gob.pe', 135, top + 48, { width: 420, lineBreak: false });
}

/** Draws the same layout with no text at all: boxes, rules, grey bars where text would be, and the QR. */
function drawShapesOnly(doc: PDFKit.PDFDocument, style: ReceiptPdfStyle, spec: ReceiptSpec, printed: PrintedValues): void {
  doc.fillColor('#444444');
  doc.rect(page.left, 50, 220, 12).fill();
  doc.rect(page.left, 72, 260, 7).fill();
  doc.lineWidth(1).rect(355, 40, 200, 84).stroke();
  for (const y of [52, 74, 100]) doc.rect(385, y, 140, 10).fill();

  let y = 140;
  for (let row = 0; row < 4 + spec.lines.length; row += 1) {
    doc.rect(page.left, y, 90 + ((row * 37) % 160), 8).fill();
    y += 14;
  }
  doc.moveTo(page.left, y).lineTo(page.right, y).stroke();
  style.drawQr(doc, printed.qrText, page.left, y + 20, 80);
}

function formatDate(isoDate: string, format: 'DD/MM/YYYY' | 'DD-MM-YYYY' | 'YYYY-MM-DD'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null || format === 'YYYY-MM-DD') return isoDate;
  const [, year, month, day] = match;
  return format === 'DD/MM/YYYY' ? `${day}/${month}/${year}` : `${day}-${month}-${year}`;
}

/** Returns a creation date derived from the issue date, so the same spec gives the same bytes (unless encrypted). */
function stableDate(isoDate: string): Date {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? new Date('2024-01-01T12:00:00Z') : date;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
