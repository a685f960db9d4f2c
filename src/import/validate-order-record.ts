import { orderStates } from '../checks/check-context.ts';
import type { OrderRow } from '../db/upsert-orders.ts';
import { parseBuyer } from './buyer-document.ts';
import { parseChoice, parseKey, parseOrderDate, parseTotal, problemsOf, type RowValidation } from './field-rules.ts';

export const orderColumns = ['numero_orden', 'seller_id', 'estado', 'comprobante_solicitado', 'total', 'moneda', 'fecha_orden'] as const;
export const optionalOrderColumns = ['tipo_doc_cliente', 'doc_cliente', 'nombre_cliente'] as const;

const requestedReceipts = ['boleta', 'factura'] as const;
const currencies = ['PEN', 'USD'] as const;

/** Validates one orders row and lists every problem of the row in one message. */
export function validateOrderRecord(values: Readonly<Record<string, string>>): RowValidation<OrderRow> {
  const orderNumber = parseKey('numero_orden', values.numero_orden);
  const sellerId = parseKey('seller_id', values.seller_id);
  const state = parseChoice('estado', values.estado, orderStates);
  const requested = parseChoice('comprobante_solicitado', values.comprobante_solicitado, requestedReceipts);
  const total = parseTotal('total', values.total);
  const currency = parseChoice('moneda', values.moneda, currencies);
  const orderDate = parseOrderDate('fecha_orden', values.fecha_orden);
  const buyer = parseBuyer(values, requested.ok ? requested.value : null);

  if (orderNumber.ok && sellerId.ok && state.ok && requested.ok && total.ok && currency.ok && orderDate.ok && buyer.ok) {
    const row: OrderRow = {
      orderNumber: orderNumber.value,
      sellerId: sellerId.value,
      state: state.value,
      requested: requested.value,
      buyerDocType: buyer.value.docType,
      buyerDocId: buyer.value.docId,
      buyerName: buyer.value.name,
      total: total.value,
      currency: currency.value,
      orderDate: orderDate.value,
    };
    return { ok: true, row };
  }
  const problems = [...problemsOf([orderNumber, sellerId, state, requested, total, currency, orderDate]), ...(buyer.ok ? [] : buyer.problems)];
  return { ok: false, message: problems.join('; ') };
}
