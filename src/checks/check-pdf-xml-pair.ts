import { finding, passed, type CheckResult, type Finding } from './finding.ts';
import { parseDate } from './dates.ts';
import { describeDocType, docTypeFromText } from './doc-types.ts';
import { amountsAgree, formatAmount, parseCents } from './money.ts';
import { formatSeriesNumber, normaliseId, sameCorrelativo } from './normalise-doc-id.ts';
import type { PdfReceipt, QrFields, XmlReceipt } from '../receipts/receipt-document.ts';

function mismatch(field: string, pdfValue: string, xmlValue: string): Finding {
  return finding('PDF_XML_MISMATCH', { field, pdfValue, xmlValue });
}

/** False only when both amounts parse and differ by more than a cent. */
function totalsAgree(a: string | null, b: string | null): boolean {
  const left = parseCents(a);
  const right = parseCents(b);
  return left === null || right === null || amountsAgree(left, right);
}

function compareRuc(pdf: PdfReceipt, xml: XmlReceipt): Finding[] {
  const pdfRuc = normaliseId(pdf.issuerRuc);
  const xmlRuc = normaliseId(xml.issuerRuc);
  if (pdfRuc === null || xmlRuc === null || pdfRuc === xmlRuc) return [];
  return [mismatch('RUC emisor', pdfRuc, xmlRuc)];
}

function compareSeriesNumber(pdf: PdfReceipt, xml: XmlReceipt): Finding[] {
  const pdfSeries = normaliseId(pdf.series);
  const seriesDiffer = pdfSeries !== null && xml.series !== null && pdfSeries !== normaliseId(xml.series);
  const numbersDiffer = pdf.number !== null && xml.number !== null && !sameCorrelativo(pdf.number, xml.number);
  if (!seriesDiffer && !numbersDiffer) return [];
  return [mismatch('serie-número', formatSeriesNumber(pdf.series, pdf.number), formatSeriesNumber(xml.series, xml.number))];
}

function compareTotal(pdf: PdfReceipt, xml: XmlReceipt): Finding[] {
  if (pdf.total === null || xml.total === null || totalsAgree(pdf.total, xml.total)) return [];
  return [mismatch('total', formatAmount(pdf.total, pdf.currency), formatAmount(xml.total, xml.currency))];
}

/** Compares the printed hash with the XML's DigestValue, ignoring line breaks in the printed text. */
function compareHash(pdf: PdfReceipt, xml: XmlReceipt): Finding[] {
  const printed = pdf.hash?.replace(/\s+/g, '') ?? '';
  const digest = xml.digestValue?.replace(/\s+/g, '') ?? '';
  if (printed === '' || digest === '' || printed === digest) return [];
  return [mismatch('hash', printed, digest)];
}

/** Lists the QR fields that contradict the XML, as [label, QR value, XML value]. */
function qrContradictions(qr: QrFields, xml: XmlReceipt): Array<readonly [string, string, string]> {
  const found: Array<readonly [string, string, string]> = [];
  const qrRuc = normaliseId(qr.issuerRuc);
  const qrType = docTypeFromText(qr.docType);
  const qrDate = parseDate(qr.issueDate);
  const xmlDate = parseDate(xml.issueDate);

  if (qrRuc !== null && xml.issuerRuc !== null && qrRuc !== normaliseId(xml.issuerRuc)) {
    found.push(['RUC', qrRuc, xml.issuerRuc.trim()]);
  }
  if (qrType !== null && xml.docType !== null && qrType !== xml.docType) {
    found.push(['tipo', describeDocType(qrType), describeDocType(xml.docType)]);
  }
  if (normaliseId(qr.series) !== null && xml.series !== null && normaliseId(qr.series) !== normaliseId(xml.series)) {
    found.push(['serie', qr.series.trim(), xml.series.trim()]);
  }
  if (xml.number !== null && !sameCorrelativo(qr.number, xml.number)) {
    found.push(['correlativo', qr.number.trim(), xml.number.trim()]);
  }
  if (qr.igv !== null && xml.igv !== null && !totalsAgree(qr.igv, xml.igv)) {
    found.push(['IGV', qr.igv.trim(), xml.igv.trim()]);
  }
  if (qr.total !== null && xml.total !== null && !totalsAgree(qr.total, xml.total)) {
    found.push(['total', qr.total.trim(), xml.total.trim()]);
  }
  if (qrDate !== null && xmlDate !== null && qrDate !== xmlDate) {
    found.push(['fecha', qrDate, xmlDate]);
  }
  return found;
}

/** Compares the QR with the XML. The QR only corroborates, so a missing QR passes. */
function compareQr(pdf: PdfReceipt, xml: XmlReceipt): Finding[] {
  if (pdf.qr === null) return [];
  return qrContradictions(pdf.qr, xml).map(([label, qrValue, xmlValue]) =>
    mismatch('QR', `${label} ${qrValue}`, `${label} ${xmlValue}`),
  );
}

/**
 * Rejects with PDF_XML_MISMATCH when the printed PDF and the XML of one receipt disagree on issuer RUC,
 * series-number (numbers by value), total (within a cent), printed hash or QR content.
 * A field the PDF text does not show is not a disagreement.
 */
export function checkPdfXmlPair(doc: { readonly pdf: PdfReceipt | null; readonly xml: XmlReceipt | null }): CheckResult {
  const { pdf, xml } = doc;
  if (pdf === null || xml === null) return passed;
  return [
    ...compareRuc(pdf, xml),
    ...compareSeriesNumber(pdf, xml),
    ...compareTotal(pdf, xml),
    ...compareHash(pdf, xml),
    ...compareQr(pdf, xml),
  ];
}
