/** Manifest columns by their meaning; `columnNames` gives the name the template uses. */
export type ColumnKey = 'orderNumber' | 'docType' | 'series' | 'number' | 'pdfFile' | 'xmlFile' | 'total' | 'issueDate';

/** Template (Spanish) column names, also used in messages to sellers. */
export const columnNames: Readonly<Record<ColumnKey, string>> = {
  orderNumber: 'numero_orden',
  docType: 'tipo_comprobante',
  series: 'serie',
  number: 'correlativo',
  pdfFile: 'archivo_pdf',
  xmlFile: 'archivo_xml',
  total: 'monto_total',
  issueDate: 'fecha_emision',
};

/** Accepted header names per column, written as `headerKey` returns them. */
const aliases: Readonly<Record<ColumnKey, readonly string[]>> = {
  orderNumber: ['numeroorden', 'ordernumber', 'pedido', 'nroorden', 'numeropedido', 'nropedido', 'orderid'],
  docType: ['tipocomprobante', 'documenttype', 'tipo'],
  series: ['serie', 'series'],
  number: ['correlativo', 'number', 'numero'],
  pdfFile: ['archivopdf', 'pdffile', 'pdf'],
  xmlFile: ['archivoxml', 'xmlfile', 'xml'],
  total: ['montototal', 'totalamount', 'total', 'monto', 'importetotal', 'importe'],
  issueDate: ['fechaemision', 'issuedate', 'fecha'],
};

/** Linking words dropped from header names, so "Número de Orden" reads as numero_orden. */
const linkingWords = new Set(['de', 'del', 'la', 'el', 'of', 'the']);

const columnByAlias = new Map<string, ColumnKey>(
  (Object.entries(aliases) as [ColumnKey, readonly string[]][]).flatMap(([key, names]) => names.map((name) => [name, key] as const)),
);

/**
 * Reduces a header cell for matching: accents removed, lower case, split at anything that
 * is not a letter or digit (spaces, dashes, underscores, dots), linking words dropped.
 */
export function headerKey(cell: string): string {
  const plain = cell.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return plain
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !linkingWords.has(word))
    .join('');
}

export type ColumnMap = Readonly<Partial<Record<ColumnKey, number>>>;

export type HeaderResult = { readonly ok: true; readonly columns: ColumnMap } | { readonly ok: false; readonly missing: string };

/**
 * Maps header cells to columns. Unknown columns are ignored, so sellers may keep their own;
 * when two cells mean the same column, the first one counts.
 */
export function matchHeader(cells: readonly string[]): HeaderResult {
  const columns: Partial<Record<ColumnKey, number>> = {};
  cells.forEach((cell, index) => {
    const key = columnByAlias.get(headerKey(cell));
    if (key !== undefined && columns[key] === undefined) columns[key] = index;
  });

  const missing: string[] = [];
  if (columns.orderNumber === undefined) missing.push(columnNames.orderNumber);
  if (columns.docType === undefined) missing.push(columnNames.docType);
  if (columns.pdfFile === undefined && columns.xmlFile === undefined) missing.push(`${columnNames.pdfFile} o ${columnNames.xmlFile}`);
  return missing.length > 0 ? { ok: false, missing: missing.join(', ') } : { ok: true, columns };
}
