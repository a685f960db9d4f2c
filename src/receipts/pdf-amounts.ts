import { looseLabel, normaliseAmount, type PdfTextView } from './pdf-text-view.ts';

/** Total and currency as printed on a receipt. */

export interface PrintedTotal {
  readonly total: string | null;
  readonly currency: string | null;
}

const currencyPart = String.raw`(?:\(?(S\/\.?|US\$|\$|PEN|USD|SOLES)\)?)?`;
const amountPart = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,]|\.\d)`;

/** Total labels, most specific first; the first label that carries an amount wins. */
const totalLabels = ['IMPORTE TOTAL', 'TOTAL A PAGAR', 'MONTO TOTAL', 'TOTAL VENTA', 'PRECIO VENTA'].map(
  (label) => new RegExp(String.raw`(?<![A-Z])${looseLabel(label)}[\s:]*${currencyPart}\s*${amountPart}`, 'g'),
);

/** A bare "TOTAL" that is not a subtotal, a tax or a column heading. */
const bareTotal = new RegExp(String.raw`(?<![A-Z])TOTAL(?![A-Z])(?!\s*(?:IGV|DSCTO|DESCUENTO|GRAVAD|EXONERAD|INAFECT|GRATUIT|ISC|ANTICIPO|OTROS|CARGO|TRIBUTO|PERCEPCION|RETENCION|DETRACCION|DE\s|ITEMS?))[\s:]*${currencyPart}\s*${amountPart}`, 'g');
const notTotalBefore = /(?:SUB|VALOR|OP\.?|GRAVADA)\s*$/;

const symbolCurrencies: Readonly<Record<string, string>> = { 'S/': 'PEN', 'S/.': 'PEN', PEN: 'PEN', SOLES: 'PEN', 'US$': 'USD', $: 'USD', USD: 'USD' };

export function readPrintedTotal(view: PdfTextView): PrintedTotal {
  const found = labelledTotal(view) ?? lastBareTotal(view);
  const currency = (found?.symbol !== undefined ? symbolCurrencies[found.symbol] : undefined) ?? statedCurrency(view) ?? amountInWordsCurrency(view);
  return { total: found?.amount ?? null, currency: currency ?? null };
}

interface FoundTotal {
  readonly amount: string;
  readonly symbol: string | undefined;
}

function labelledTotal(view: PdfTextView): FoundTotal | null {
  for (const label of totalLabels) {
    let last: FoundTotal | null = null;
    for (const line of view.plain) {
      for (const match of line.matchAll(label)) last = toFound(match) ?? last;
    }
    if (last !== null) return last;
  }
  return null;
}

/** Returns the last bare "TOTAL" with an amount, because totals close the receipt after subtotals and taxes. */
function lastBareTotal(view: PdfTextView): FoundTotal | null {
  let last: FoundTotal | null = null;
  for (const line of view.plain) {
    for (const match of line.matchAll(bareTotal)) {
      if (notTotalBefore.test(line.slice(0, match.index))) continue;
      last = toFound(match) ?? last;
    }
  }
  return last;
}

function toFound(match: RegExpMatchArray): FoundTotal | null {
  const amount = normaliseAmount(match[2] ?? '');
  return amount === null ? null : { amount, symbol: match[1] };
}

/** "Moneda: SOLES", "Tipo Moneda: DÓLARES AMERICANOS", "MONEDA: PEN". */
function statedCurrency(view: PdfTextView): string | null {
  for (const line of view.plain) {
    const match = /MONEDA\s*:?\s*(.*)$/.exec(line);
    if (match !== null) return currencyFromWords(match[1] ?? '');
  }
  return null;
}

/** "SON: CIENTO DIECIOCHO CON 00/100 SOLES" names the currency in words. */
function amountInWordsCurrency(view: PdfTextView): string | null {
  for (const line of view.plain) {
    if (/^\s*SON\b/.test(line)) return currencyFromWords(line);
  }
  return null;
}

function currencyFromWords(text: string): string | null {
  if (/\bSOL(ES)?\b|\bPEN\b/.test(text)) return 'PEN';
  if (/\bDOLAR(ES)?\b|\bUSD\b|US\$/.test(text)) return 'USD';
  return null;
}
