import type { RequestedReceipt } from '../checks/check-context.ts';
import { normaliseId } from '../checks/normalise-doc-id.ts';
import { validateRuc } from '../checks/ruc.ts';
import { cleanText } from './field-rules.ts';

/** The buyer as an order names it, with the document type as a catalogue 06 code. */
export interface BuyerDocument {
  readonly docType: string | null;
  readonly docId: string | null;
  readonly name: string | null;
}

export type BuyerResult = { readonly ok: true; readonly value: BuyerDocument } | { readonly ok: false; readonly problems: readonly string[] };

/** Catalogue 06 codes accepted here: DNI, carnet de extranjería, RUC, pasaporte, other, unidentified. */
const docTypeCodes: readonly string[] = ['1', '4', '6', '7', '0', '-'];
const docTypeNames: Readonly<Record<string, string>> = { DNI: '1', CE: '4', RUC: '6', PASAPORTE: '7' };
const docTypeLabels: Readonly<Record<string, string>> = { '1': 'DNI', '4': 'CE', '6': 'RUC', '7': 'PASAPORTE', '0': 'otro', '-': 'sin documento' };

/**
 * Reads tipo_doc_cliente, doc_cliente and nombre_cliente. A factura needs a buyer with a
 * valid RUC and a name (razón social), but a boleta may name no buyer at all.
 */
export function parseBuyer(values: Readonly<Record<string, string>>, requested: RequestedReceipt | null): BuyerResult {
  const typeText = cleanText(values.tipo_doc_cliente).toUpperCase();
  const docType = typeText === '' ? null : (docTypeNames[typeText] ?? (docTypeCodes.includes(typeText) ? typeText : undefined));
  const docId = normaliseId(values.doc_cliente);
  const name = cleanText(values.nombre_cliente) || null;

  if (docType === undefined) {
    return { ok: false, problems: [`tipo_doc_cliente "${typeText}" no es un valor válido; use DNI, CE, RUC, PASAPORTE o el código 1, 4, 6, 7, 0, -`] };
  }
  const problems = [...documentProblems(docType, docId), ...facturaProblems(requested, docType, name)];
  if (name !== null && name.length > 255) problems.push('nombre_cliente tiene más de 255 caracteres');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { docType, docId, name } };
}

function documentProblems(docType: string | null, docId: string | null): string[] {
  if (docType === null) return docId === null ? [] : [`doc_cliente "${docId}" no tiene tipo_doc_cliente`];
  if (docType === '-') return docId !== null && docId.length > 20 ? [`doc_cliente "${docId}" tiene más de 20 caracteres`] : [];
  if (docId === null) return [`falta doc_cliente (tipo_doc_cliente ${docTypeLabels[docType]})`];

  if (docType === '1' && !/^\d{8}$/.test(docId)) return [`doc_cliente "${docId}" no es un DNI de 8 dígitos`];
  if (docType === '6') {
    const validation = validateRuc(docId);
    return validation.valid ? [] : [`doc_cliente "${docId}" no es un RUC válido: ${validation.reason}`];
  }
  if (!/^[A-Z0-9]{1,15}$/.test(docId)) return [`doc_cliente "${docId}" debe tener de 1 a 15 letras o dígitos`];
  return [];
}

function facturaProblems(requested: RequestedReceipt | null, docType: string | null, name: string | null): string[] {
  if (requested !== 'factura') return [];
  const problems: string[] = [];
  if (docType !== '6') problems.push(`una factura requiere tipo_doc_cliente RUC; el pedido indica ${docType === null ? 'ninguno' : docTypeLabels[docType]}`);
  if (name === null) problems.push('falta nombre_cliente (razón social del comprador de la factura)');
  return problems;
}
