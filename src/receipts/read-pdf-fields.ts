import type { PdfReceipt } from './receipt-document.ts';
import { readPrintedTotal } from './pdf-amounts.ts';
import { findDocTitle, type DocTitle } from './pdf-doc-title.ts';
import { readPrintedParties } from './pdf-parties.ts';
import { readPrintedHash, readQrText } from './pdf-qr-hash.ts';
import { createTextView, findDate, looseLabel, type PdfTextView } from './pdf-text-view.ts';

/**
 * Reads the fields of a printed receipt from its text layer. Pure: the text comes from the
 * PDF text pool. Fields not found are null; an image-only PDF (no text) yields all nulls.
 */
/**
 * Bounds on the text the field readers see. The readers run on the main thread after
 * pdf.js, and some of their patterns take time that grows with the square of a line's
 * length. Unbounded, a 4 KB PDF whose text is one 2 MB line stalled the worker for minutes.
 * A receipt's fields sit on its first pages, in lines of at most a few hundred characters.
 */
export const maxFieldTextChars = 60_000;
export const maxFieldLineChars = 1_000;

/** Cuts the text to what a receipt's printed fields can occupy (see the bounds above). */
export function boundFieldText(text: string): string {
  return text
    .slice(0, maxFieldTextChars)
    .split('\n')
    .map((line) => (line.length > maxFieldLineChars ? line.slice(0, maxFieldLineChars) : line))
    .join('\n');
}

export function readPdfFields(text: string, pageCount: number): PdfReceipt {
  const view = createTextView(boundFieldText(text));
  const title = findDocTitle(view);
  const seriesNumber = findSeriesNumber(view, title);
  const parties = readPrintedParties(view);
  const printedTotal = readPrintedTotal(view);

  return {
    source: 'pdf',
    docType: title?.docType ?? docTypeFromSeries(seriesNumber?.series ?? null),
    title: title?.title ?? null,
    series: seriesNumber?.series ?? null,
    number: seriesNumber?.number ?? null,
    issuerRuc: parties.issuerRuc,
    issueDate: findIssueDate(view),
    total: printedTotal.total,
    currency: printedTotal.currency,
    buyer: parties.buyer,
    hash: readPrintedHash(view),
    qr: readQrText(view.lines.join('\n')),
    pageCount,
  };
}

interface SeriesNumber {
  readonly series: string;
  readonly number: string;
  readonly line: number;
}

/**
 * Series-number: letter series (F001, BA25, E001, FC01...; always with a digit) or a
 * 4-digit contingency series (0001), a dash with optional spaces, then 1 to 8 digits.
 * A date ("2022-11-14") does not match because of the checks around the number.
 */
const seriesNumberPattern = /(?<![A-Z0-9./-])([FBEST][A-Z0-9]{3}|\d{4})\s*-\s*(\d{1,8})(?![0-9]|[-/.]\d)/g;
/** Lines that print another document's number: the receipt a note modifies, a guía, an order. */
const referenceLine = /MODIFICA|REFERENCIA|AFECTAD|RELACIONAD|GUIA|PEDIDO|ORDEN/;
const referenceLineOnGuide = /MODIFICA|REFERENCIA|AFECTAD|RELACIONAD|PEDIDO|ORDEN/;

/** Picks the first series-number after the title (on a note, the modified receipt comes later), else the first anywhere. */
function findSeriesNumber(view: PdfTextView, title: DocTitle | null): SeriesNumber | null {
  const candidates = seriesNumberCandidates(view, title);
  const letterSeries = candidates.filter((candidate) => /^[A-Z]/.test(candidate.series));
  const pool = letterSeries.length > 0 ? letterSeries : candidates;
  const titleLine = title?.line ?? 0;
  return pool.find((candidate) => candidate.line >= titleLine) ?? pool[0] ?? null;
}

function seriesNumberCandidates(view: PdfTextView, title: DocTitle | null): SeriesNumber[] {
  const candidates: SeriesNumber[] = [];
  const guide = title?.docType === '09' || title?.docType === '31';
  for (const [index, plainLine] of view.plain.entries()) {
    if (plainLine.includes('|')) continue;
    // On a guía the title line itself contains GUÍA, so only the other reference words exclude a line.
    if ((guide ? referenceLineOnGuide : referenceLine).test(plainLine)) continue;
    for (const match of plainLine.matchAll(seriesNumberPattern)) {
      const series = match[1] as string;
      if (!/\d/.test(series)) continue;
      candidates.push({ series, number: match[2] as string, line: index });
    }
  }
  return candidates;
}

/** Without a printed title, F### is a factura and B### a boleta; other series alone give no type. */
function docTypeFromSeries(series: string | null): string | null {
  if (series === null) return null;
  if (/^F(?![CD])[A-Z0-9]{3}$/.test(series)) return '01';
  if (/^B(?![CD])[A-Z0-9]{3}$/.test(series)) return '03';
  return null;
}

const issueDateLabel = new RegExp(looseLabel('EMISION'));

/** Reads the date on the "Fecha de emisión" line (or the next one), else the first date not on a due-date line. */
function findIssueDate(view: PdfTextView): string | null {
  for (const [index, plainLine] of view.plain.entries()) {
    const label = issueDateLabel.exec(plainLine);
    if (label === null) continue;
    const date = findDate(plainLine.slice(label.index)) ?? findDate(view.plain[index + 1] ?? '');
    if (date !== null) return date;
  }
  for (const plainLine of view.plain) {
    if (/VENC|PAGO|CUOTA|IMPRES/.test(plainLine) || plainLine.includes('|')) continue;
    const date = findDate(plainLine);
    if (date !== null) return date;
  }
  return null;
}
