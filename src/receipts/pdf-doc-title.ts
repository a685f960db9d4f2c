import { compact, type PdfTextView } from './pdf-text-view.ts';

/**
 * The document title printed on a receipt ("FACTURA ELECTRÓNICA", "BOLETA DE VENTA
 * ELECTRÓNICA"...). Lines that quote another title are skipped: the footer
 * ("Representación impresa de la FACTURA ELECTRÓNICA", wrong on some boletas), the
 * document a note modifies, legends such as "FACTURA SUJETA A DETRACCIÓN".
 */

export interface DocTitle {
  readonly docType: string;
  readonly title: string;
  /** Line where the title ends; the series-number is searched from there. */
  readonly line: number;
}

const fullTitles: ReadonlyArray<readonly [string, string, string]> = [
  ['BOLETADEVENTAELECTRONICA', '03', 'BOLETA DE VENTA ELECTRÓNICA'],
  ['BOLETAELECTRONICA', '03', 'BOLETA ELECTRÓNICA'],
  ['FACTURAELECTRONICA', '01', 'FACTURA ELECTRÓNICA'],
  ['NOTADECREDITOELECTRONICA', '07', 'NOTA DE CRÉDITO ELECTRÓNICA'],
  ['NOTADEDEBITOELECTRONICA', '08', 'NOTA DE DÉBITO ELECTRÓNICA'],
  ['GUIADEREMISIONTRANSPORTISTA', '31', 'GUÍA DE REMISIÓN TRANSPORTISTA'],
  ['GUIADEREMISION', '09', 'GUÍA DE REMISIÓN'],
];

/** Titles without "ELECTRÓNICA", tried only when no full title is printed. */
const shortTitles: ReadonlyArray<readonly [string, string, string]> = [
  ['BOLETADEVENTA', '03', 'BOLETA DE VENTA'],
  ['NOTADECREDITO', '07', 'NOTA DE CRÉDITO'],
  ['NOTADEDEBITO', '08', 'NOTA DE DÉBITO'],
];

/** A line that is only one of these words is a title split over two lines or printed alone. */
const singleWordTitles: Readonly<Record<string, readonly [string, string]>> = {
  FACTURA: ['01', 'FACTURA'],
  BOLETA: ['03', 'BOLETA'],
};

/** Compacted lines that quote a title instead of being one; "GUIADEREMISION:" is a reference to a guía. */
const quotingLine = /REPRESENTACION|IMPRESA|CONSULT|MODIFICA|REFERENCIA|AFECTAD|SUJETAA|EMITIDOMEDIANTE|AUTORIZAD|RESOLUCION|GUIAS?DEREMISION(?:REMITENTE)?(?::|N°|NRO)/;

/** Finds the earliest title in reading order; null when none is printed as text. */
export function findDocTitle(view: PdfTextView): DocTitle | null {
  const joined = joinTitleLines(view);
  return earliest(joined, fullTitles) ?? earliest(joined, shortTitles) ?? singleWordTitle(view);
}

interface JoinedText {
  readonly text: string;
  /** Line index of each character of `text`. */
  readonly lineOf: readonly number[];
}

/** Compacted lines joined without separators, so a title split over two lines ("FACTURA" / "E L E C T R Ó N I C A") reads whole. */
function joinTitleLines(view: PdfTextView): JoinedText {
  let text = '';
  const lineOf: number[] = [];
  view.plain.forEach((plainLine, index) => {
    const compacted = compact(plainLine);
    if (quotingLine.test(compacted)) return;
    text += compacted;
    for (let count = 0; count < compacted.length; count += 1) lineOf.push(index);
  });
  return { text, lineOf };
}

function earliest(joined: JoinedText, titles: ReadonlyArray<readonly [string, string, string]>): DocTitle | null {
  let best: { start: number; end: number; docType: string; title: string } | null = null;
  for (const [phrase, docType, title] of titles) {
    const start = joined.text.indexOf(phrase);
    if (start === -1) continue;
    const end = start + phrase.length - 1;
    if (best === null || start < best.start) best = { start, end, docType, title };
  }
  if (best === null) return null;
  return { docType: best.docType, title: best.title, line: joined.lineOf[best.end] ?? 0 };
}

function singleWordTitle(view: PdfTextView): DocTitle | null {
  for (const [index, plainLine] of view.plain.entries()) {
    const found = singleWordTitles[compact(plainLine)];
    if (found !== undefined) return { docType: found[0], title: found[1], line: index };
  }
  return null;
}
