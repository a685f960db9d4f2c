import type { DecimalString } from './receipt-document.ts';
import { findAll, findFirst, textAt } from './xml-query.ts';
import type { XmlElement } from './xml-tree.ts';

/** SUNAT catalogue 05 code of the IGV tax scheme. */
const igvSchemeId = '1000';
/** Legacy UBL 2.0 total of taxed sales (operaciones gravadas) in sac:AdditionalMonetaryTotal. */
const legacyTaxedSalesId = '1001';

export interface UblAmounts {
  readonly currency: string | null;
  readonly total: DecimalString | null;
  readonly igv: DecimalString | null;
  readonly taxableBase: DecimalString | null;
}

/** Reads currency, payable total and IGV; a DebitNote keeps its totals under RequestedMonetaryTotal. */
export function readAmounts(root: XmlElement): UblAmounts {
  const totalElement =
    findFirst(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount') ?? findFirst(root, 'cac:RequestedMonetaryTotal/cbc:PayableAmount');
  const total = amountText(totalElement);
  const currency = textAt(root, 'cbc:DocumentCurrencyCode') ?? (totalElement?.attributes['currencyID']?.trim() || null);

  const igv = readIgv(root);
  return { currency, total, igv: igv.amount, taxableBase: igv.base ?? legacyTaxedSales(root) };
}

/**
 * Sums the document-level TaxSubtotals whose TaxScheme is IGV (1000). UBL 2.0 files write
 * one TaxTotal per tax, UBL 2.1 files one TaxTotal with a subtotal per tax; both are covered.
 */
function readIgv(root: XmlElement): { amount: DecimalString | null; base: DecimalString | null } {
  const subtotals = findAll(root, 'cac:TaxTotal/cac:TaxSubtotal').filter(
    (subtotal) => textAt(subtotal, 'cac:TaxCategory/cac:TaxScheme/cbc:ID') === igvSchemeId,
  );
  const amounts = subtotals.map((subtotal) => amountText(findFirst(subtotal, 'cbc:TaxAmount')));
  const bases = subtotals.map((subtotal) => amountText(findFirst(subtotal, 'cbc:TaxableAmount')));
  return { amount: sumDecimals(amounts), base: sumDecimals(bases) };
}

function legacyTaxedSales(root: XmlElement): DecimalString | null {
  const totals = findAll(root, 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sac:AdditionalInformation/sac:AdditionalMonetaryTotal');
  const taxedSales = totals.find((total) => textAt(total, 'cbc:ID') === legacyTaxedSalesId);
  return taxedSales === undefined ? null : amountText(findFirst(taxedSales, 'cbc:PayableAmount'));
}

function amountText(element: XmlElement | null): DecimalString | null {
  const text = element?.text.replace(/\s+/g, '') ?? '';
  return /^-?\d+(\.\d+)?$/.test(text) ? text : null;
}

/**
 * Adds decimal strings exactly (BigInt, scaled to the longest fraction). One value comes
 * back as written; null when any value is missing or there is none.
 */
function sumDecimals(values: readonly (DecimalString | null)[]): DecimalString | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  if (values.length === 1) return values[0] as DecimalString;

  const scale = Math.max(...values.map((value) => (value as string).split('.')[1]?.length ?? 0));
  let sum = 0n;
  for (const value of values as DecimalString[]) {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const scaled = BigInt(whole + fraction.padEnd(scale, '0'));
    sum += value.startsWith('-') ? -scaled : scaled;
  }
  return formatScaled(sum, scale);
}

function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
