/**
 * SUNAT catalogue 01 document types as the checks name them in Spanish messages.
 */
import type { RequestedReceipt } from './check-context.ts';
import { receiptDocTypes, type ReceiptDocType } from '../receipts/receipt-document.ts';

const docTypeNames: Readonly<Record<string, string>> = {
  '01': 'factura',
  '03': 'boleta de venta',
  '04': 'liquidación de compra',
  '07': 'nota de crédito',
  '08': 'nota de débito',
  '09': 'guía de remisión',
  '12': 'ticket de máquina registradora',
  '20': 'comprobante de retención',
  '31': 'guía de remisión transportista',
  '40': 'comprobante de percepción',
  RC: 'resumen diario',
  RA: 'comunicación de baja',
};

/** Types that correct another receipt, so their series and totals follow other rules. */
export const noteDocTypes: readonly string[] = ['07', '08'];

export function isReceiptDocType(code: string | null): code is ReceiptDocType {
  return code !== null && (receiptDocTypes as readonly string[]).includes(code);
}

export function isNoteDocType(code: string | null): boolean {
  return code !== null && noteDocTypes.includes(code);
}

/** Names a type for messages: "09 (guía de remisión)", or the bare code when this table lacks it. */
export function describeDocType(code: string | null): string {
  if (code === null || code.trim() === '') return 'no identificado';
  const name = docTypeNames[code];
  return name === undefined ? code : `${code} (${name})`;
}

/** The type a requested receipt must have: a factura request needs 01, a boleta request 03. */
export function docTypeForRequest(requested: RequestedReceipt): ReceiptDocType {
  return requested === 'factura' ? '01' : '03';
}

const typesWithArticle: Readonly<Record<string, string>> = {
  '01': 'una factura',
  '03': 'una boleta',
  '07': 'una nota de crédito',
  '08': 'una nota de débito',
};

/** Names a type as a Spanish noun phrase ("una factura", "una boleta") for DOC_TYPE_NOT_REQUESTED. */
export function docTypeWithArticle(code: string | null): string {
  if (code !== null && typesWithArticle[code] !== undefined) return typesWithArticle[code];
  return `un documento tipo ${describeDocType(code)}`;
}

const typeWords: ReadonlyArray<readonly [RegExp, string]> = [
  [/^FACTURA/, '01'],
  [/^BOLETA/, '03'],
  [/^NOTA(DE)?CREDITO/, '07'],
  [/^NOTA(DE)?DEBITO/, '08'],
];

/**
 * Reads a type written as a code ("1", "01") or as a word ("FACTURA", "Boleta",
 * "NOTA_DE_CREDITO"), as manifests and some QR codes do. Returns the two-digit code, or
 * the normalised text when it is neither.
 */
export function docTypeFromText(text: string | null): string | null {
  if (text === null) return null;
  const compact = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_-]+/g, '')
    .toUpperCase();
  if (compact === '') return null;
  if (/^\d{1,2}$/.test(compact)) return compact.padStart(2, '0');

  const word = typeWords.find(([pattern]) => pattern.test(compact));
  return word === undefined ? compact : word[1];
}
