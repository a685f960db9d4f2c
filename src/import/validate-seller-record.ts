import type { SellerRow } from '../db/upsert-sellers.ts';
import { parseKey, parseRequiredText, parseRuc, problemsOf, type RowValidation } from './field-rules.ts';

export const sellerColumns = ['seller_id', 'ruc', 'razon_social'] as const;

/** Validates one sellers row and lists every problem of the row in one message. */
export function validateSellerRecord(values: Readonly<Record<string, string>>): RowValidation<SellerRow> {
  const id = parseKey('seller_id', values.seller_id);
  const ruc = parseRuc('ruc', values.ruc);
  const name = parseRequiredText('razon_social', values.razon_social, 255);
  if (id.ok && ruc.ok && name.ok) return { ok: true, row: { id: id.value, ruc: ruc.value, name: name.value } };
  return { ok: false, message: problemsOf([id, ruc, name]).join('; ') };
}
