/**
 * The one catalogue of reason codes. Reports, the CLI and docs/reason-codes.md all read it,
 * and test/reports/reason-codes.test.ts fails when the docs page drifts from it.
 *
 * Codes are stable: a retired code is never reused for another meaning.
 * Messages may carry `{placeholders}` that are filled from a finding's details.
 */

/** R: the receipt is not attached. W: attached with a warning. I: nothing to do (information). */
export type Severity = 'R' | 'W' | 'I';

export interface ReasonDefinition {
  readonly severity: Severity;
  /** Spanish message for sellers and ops: what was found, what was expected. */
  readonly es: string;
  /** English message for logs and English docs. */
  readonly en: string;
  /** Spanish: what the seller should do. */
  readonly fix: string;
}

const catalogue = {
  BATCH_UNREADABLE: {
    severity: 'R',
    es: 'No se pudo abrir el lote ({reason}).',
    en: 'The batch could not be opened ({reason}).',
    fix: 'Vuelva a generar el archivo (un ZIP sin contraseña o un CSV) y envíelo completo, esperando a que termine la subida.',
  },
  BATCH_LIMITS_EXCEEDED: {
    severity: 'R',
    es: 'El lote supera el límite de {limit}: {value} (máximo {max}).',
    en: 'The batch exceeds the {limit} limit: {value} (maximum {max}).',
    fix: 'Divida el lote en varios archivos más pequeños.',
  },
  BATCH_UNSAFE_PATH: {
    severity: 'R',
    es: 'El ZIP contiene una ruta no permitida: "{entry}".',
    en: 'The archive contains an unsafe entry path: "{entry}".',
    fix: 'Comprima solo archivos, sin carpetas con "..", rutas absolutas ni enlaces.',
  },
  ENTRY_UNREADABLE: {
    severity: 'R',
    es: 'No se pudo extraer un archivo del lote: {reason}.',
    en: 'A file could not be extracted from the batch: {reason}.',
    fix: 'Vuelva a comprimir ese archivo sin contraseña y envíelo en un nuevo lote.',
  },
  BATCH_DUPLICATE: {
    severity: 'I',
    es: 'Este archivo ya fue recibido en el lote {previousBatchId}; no se procesa de nuevo.',
    en: 'This file was already received as batch {previousBatchId}; it is not processed again.',
    fix: 'No es necesario reenviarlo. Revise el reporte del lote anterior.',
  },
  MANIFEST_MISSING: {
    severity: 'R',
    es: 'No se encontró el manifiesto CSV y los archivos no se pudieron emparejar con pedidos.',
    en: 'No CSV manifest was found and the files could not be matched to orders.',
    fix: 'Incluya un manifiesto CSV (vea la plantilla) o nombre los archivos con el número de pedido.',
  },
  MANIFEST_HEADER_INVALID: {
    severity: 'R',
    es: 'La cabecera del manifiesto no tiene las columnas obligatorias: {missing}.',
    en: 'The manifest header lacks the required columns: {missing}.',
    fix: 'Use la plantilla: numero_orden, tipo_comprobante, serie, correlativo, archivo_pdf, archivo_xml.',
  },
  MANIFEST_ENCODING: {
    severity: 'R',
    es: 'No se pudo leer el manifiesto: {reason}.',
    en: 'The manifest could not be decoded: {reason}.',
    fix: 'Guarde el manifiesto como CSV UTF-8 o Windows-1252.',
  },
  ROW_INVALID: {
    severity: 'R',
    es: 'Fila {line} del manifiesto: {field} {problem}.',
    en: 'Manifest row {line}: {field} {problem}.',
    fix: 'Corrija la fila y vuelva a enviar solo ese comprobante.',
  },
  ROW_DUPLICATE: {
    severity: 'R',
    es: 'Fila {line}: {what} ya aparece en la fila {firstLine} del mismo lote.',
    en: 'Row {line}: {what} already appears on row {firstLine} of the same batch.',
    fix: 'Deje una sola fila por pedido y por comprobante.',
  },
  FILE_NOT_FOUND: {
    severity: 'R',
    es: 'El archivo "{file}" indicado en el manifiesto no está en el lote.',
    en: 'The file "{file}" named in the manifest is not in the batch.',
    fix: 'Incluya el archivo con el mismo nombre que figura en el manifiesto.',
  },
  FILE_UNREFERENCED: {
    severity: 'W',
    es: 'El archivo "{file}" está en el lote pero ninguna fila del manifiesto lo menciona.',
    en: 'The file "{file}" is in the batch but no manifest row names it.',
    fix: 'Agregue una fila para ese archivo o retírelo del lote.',
  },
  FILE_TYPE_UNSUPPORTED: {
    severity: 'R',
    es: 'El archivo "{file}" no es un PDF ni un XML por su contenido ({detected}).',
    en: 'The file "{file}" is neither a PDF nor an XML by its content ({detected}).',
    fix: 'Envíe la representación impresa en PDF o el XML firmado.',
  },
  FILE_EMPTY_OR_TOO_LARGE: {
    severity: 'R',
    es: 'El archivo "{file}" está vacío o supera el tamaño máximo ({size} bytes; máximo {max}).',
    en: 'The file "{file}" is empty or over the size limit ({size} bytes; maximum {max}).',
    fix: 'Envíe el archivo completo; un comprobante de una página pesa pocos cientos de KB.',
  },
  PDF_UNREADABLE: {
    severity: 'R',
    es: 'No se pudo leer el PDF "{file}" ({reason}).',
    en: 'The PDF "{file}" could not be read ({reason}).',
    fix: 'Vuelva a generar el PDF desde su sistema de facturación.',
  },
  PDF_ENCRYPTED: {
    severity: 'R',
    es: 'El PDF "{file}" está protegido con contraseña.',
    en: 'The PDF "{file}" is password-protected.',
    fix: 'Envíe el PDF sin contraseña.',
  },
  PDF_NO_TEXT: {
    severity: 'R',
    es: 'El PDF "{file}" es solo imagen y no tiene texto legible.',
    en: 'The PDF "{file}" is image-only and has no text layer.',
    fix: 'Envíe el XML del comprobante o un PDF generado (no escaneado).',
  },
  PDF_NO_TEXT_ACCEPTED: {
    severity: 'W',
    es: 'El PDF "{file}" es solo imagen; se adjuntó sin poder verificar su contenido.',
    en: 'The PDF "{file}" is image-only; it was attached without its content being checked.',
    fix: 'Envíe también el XML del comprobante para que pueda verificarse.',
  },
  XML_MALFORMED: {
    severity: 'R',
    es: 'El XML "{file}" no es válido ({reason}).',
    en: 'The XML "{file}" is not well-formed ({reason}).',
    fix: 'Envíe el XML tal como lo aceptó SUNAT, sin editarlo.',
  },
  XML_NOT_CPE: {
    severity: 'R',
    es: 'El XML "{file}" no es un comprobante electrónico (raíz {root}).',
    en: 'The XML "{file}" is not an electronic receipt (root {root}).',
    fix: 'Envíe el XML de la factura, boleta o nota (Invoice, CreditNote o DebitNote UBL).',
  },
  FILENAME_CONTENT_MISMATCH: {
    severity: 'R',
    es: 'El nombre "{file}" indica {field} {nameValue}, pero el contenido dice {contentValue}.',
    en: 'The name "{file}" says {field} {nameValue}, but the content says {contentValue}.',
    fix: 'Nombre el archivo como RUC-tipo-serie-número del propio comprobante.',
  },
  DOC_TYPE_NOT_RECEIPT: {
    severity: 'R',
    es: 'El documento es de tipo {docType}, que no es un comprobante de pago.',
    en: 'The document is of type {docType}, which is not a payment receipt.',
    fix: 'Adjunte una factura (01), boleta (03) o nota (07, 08).',
  },
  DOC_TYPE_NOT_REQUESTED: {
    severity: 'R',
    es: 'El pedido {orderNumber} requiere {expected}, pero se envió {found}.',
    en: 'Order {orderNumber} requires {expected}, but {found} was sent.',
    fix: 'Emita el tipo de comprobante que pidió el comprador.',
  },
  SERIES_INVALID: {
    severity: 'R',
    es: 'La serie "{series}" no corresponde a {docType}.',
    en: 'The series "{series}" does not fit document type {docType}.',
    fix: 'Facturas usan series F### (o E001), boletas B### (o EB01).',
  },
  NUMBER_INVALID: {
    severity: 'R',
    es: 'El correlativo "{number}" no es válido (de 1 a 8 dígitos).',
    en: 'The number "{number}" is invalid (1 to 8 digits).',
    fix: 'Revise el correlativo del comprobante.',
  },
  ISSUER_RUC_INVALID: {
    severity: 'R',
    es: 'El RUC emisor "{ruc}" no es válido ({reason}).',
    en: 'The issuer RUC "{ruc}" is invalid ({reason}).',
    fix: 'El comprobante debe mostrar el RUC del vendedor.',
  },
  ISSUER_NOT_SELLER: {
    severity: 'R',
    es: 'El RUC emisor {found} no es el RUC registrado del vendedor ({expected}).',
    en: 'The issuer RUC {found} is not the seller\'s registered RUC ({expected}).',
    fix: 'Emita el comprobante con el RUC registrado en el marketplace.',
  },
  FACTURA_REQUIRES_RUC: {
    severity: 'R',
    es: 'La factura está dirigida a un documento tipo {schemeId} ({buyerId}); debe ir a un RUC.',
    en: 'The factura is addressed to document type {schemeId} ({buyerId}); it must go to a RUC.',
    fix: 'Emita la factura al RUC del comprador que figura en el pedido.',
  },
  BUYER_DNI_INVALID: {
    severity: 'R',
    es: 'El DNI del comprador "{buyerId}" no tiene 8 dígitos.',
    en: 'The buyer DNI "{buyerId}" is not 8 digits.',
    fix: 'Revise el documento del comprador.',
  },
  BOLETA_BUYER_REQUIRED: {
    severity: 'R',
    es: 'La boleta supera S/ 700.00 ({total}) y no identifica al comprador ({buyerId}).',
    en: 'The boleta is over S/ 700.00 ({total}) and does not identify the buyer ({buyerId}).',
    fix: 'Emita la boleta con el nombre y documento del comprador del pedido.',
  },
  BUYER_MISMATCH_ORDER: {
    severity: 'R',
    es: 'El comprador del comprobante ({found}) no es el del pedido ({expected}).',
    en: 'The receipt\'s buyer ({found}) is not the order\'s buyer ({expected}).',
    fix: 'Emita el comprobante al comprador que figura en el pedido.',
  },
  CURRENCY_MISMATCH: {
    severity: 'R',
    es: 'La moneda del comprobante ({found}) no es la del pedido ({expected}).',
    en: 'The receipt currency ({found}) is not the order currency ({expected}).',
    fix: 'Emita el comprobante en la moneda del pedido.',
  },
  TOTAL_MISMATCH: {
    severity: 'R',
    es: 'El total del comprobante ({found}) no coincide con el del pedido ({expected}).',
    en: 'The receipt total ({found}) does not match the order total ({expected}).',
    fix: 'El importe total debe ser igual al del pedido; si hubo un cambio, emita una nota.',
  },
  IGV_INCONSISTENT: {
    severity: 'W',
    es: 'El IGV ({igv}) no corresponde a la base imponible ({base}).',
    en: 'The IGV ({igv}) does not fit the taxable base ({base}).',
    fix: 'Revise el cálculo del IGV en su sistema de facturación.',
  },
  ISSUE_DATE_INVALID: {
    severity: 'R',
    es: 'La fecha de emisión "{date}" no es válida: {reason}.',
    en: 'The issue date "{date}" is invalid: {reason}.',
    fix: 'La fecha debe ser real, no futura y posterior o igual a la fecha del pedido.',
  },
  PDF_XML_MISMATCH: {
    severity: 'R',
    es: 'El PDF y el XML no coinciden en {field}: PDF {pdfValue}, XML {xmlValue}.',
    en: 'The PDF and the XML disagree on {field}: PDF {pdfValue}, XML {xmlValue}.',
    fix: 'Envíe el PDF y el XML del mismo comprobante.',
  },
  CONTENT_CLAIM_MISMATCH: {
    severity: 'R',
    es: 'El manifiesto dice {field} {claimed}, pero el comprobante dice {found}.',
    en: 'The manifest says {field} {claimed}, but the receipt says {found}.',
    fix: 'Corrija la fila del manifiesto o adjunte el comprobante correcto.',
  },
  FILENAME_PADDING_DIFFERS: {
    severity: 'W',
    es: 'El nombre "{file}" escribe el correlativo con otros ceros ({nameValue} / {contentValue}).',
    en: 'The name "{file}" pads the number differently ({nameValue} / {contentValue}).',
    fix: 'Use el correlativo tal como figura en el comprobante.',
  },
  ORDER_NOT_FOUND: {
    severity: 'R',
    es: 'No existe el pedido {orderNumber} para este vendedor.',
    en: 'Order {orderNumber} does not exist for this seller.',
    fix: 'Revise el número de pedido en el Seller Center.',
  },
  ORDER_STATE_CLOSED: {
    severity: 'R',
    es: 'El pedido {orderNumber} está en estado "{state}" y ya no acepta comprobantes.',
    en: 'Order {orderNumber} is in state "{state}" and takes no receipt.',
    fix: 'Los comprobantes se adjuntan antes del envío; contacte a soporte si el pedido ya salió.',
  },
  ORDER_HAS_OTHER_RECEIPT: {
    severity: 'R',
    es: 'El pedido {orderNumber} ya tiene el comprobante {existing}.',
    en: 'Order {orderNumber} already has receipt {existing}.',
    fix: 'Para reemplazarlo, emita una nota de crédito y luego el nuevo comprobante.',
  },
  RECEIPT_USED_ELSEWHERE: {
    severity: 'R',
    es: 'El comprobante {receipt} ya está adjunto a otro pedido ({otherOrder}).',
    en: 'Receipt {receipt} is already attached to another order ({otherOrder}).',
    fix: 'Cada comprobante corresponde a un solo pedido; emita uno nuevo para este pedido.',
  },
  RECEIPT_ALREADY_ATTACHED: {
    severity: 'I',
    es: 'El comprobante {receipt} ya estaba adjunto a este pedido; no se hizo nada.',
    en: 'Receipt {receipt} was already attached to this order; nothing was done.',
    fix: 'No es necesario reenviarlo.',
  },
  NOTE_WITHOUT_RECEIPT: {
    severity: 'R',
    es: 'La nota {receipt} modifica {modified}, que no está adjunto al pedido {orderNumber}.',
    en: 'Note {receipt} modifies {modified}, which is not attached to order {orderNumber}.',
    fix: 'Adjunte primero el comprobante original del pedido.',
  },
  CDR_NOT_ACCEPTED: {
    severity: 'R',
    es: 'La constancia de SUNAT (CDR) rechaza el comprobante: código {responseCode} ({description}).',
    en: 'The SUNAT response (CDR) rejects the receipt: code {responseCode} ({description}).',
    fix: 'Corrija y emita un nuevo comprobante aceptado por SUNAT.',
  },
  CDR_MISMATCH: {
    severity: 'R',
    es: 'La constancia de SUNAT (CDR) corresponde a {cdrDocument}, no a {receipt}.',
    en: 'The SUNAT response (CDR) belongs to {cdrDocument}, not to {receipt}.',
    fix: 'Incluya la CDR del mismo comprobante.',
  },
  CDR_OBSERVED: {
    severity: 'W',
    es: 'SUNAT aceptó el comprobante con observaciones: {notes}.',
    en: 'SUNAT accepted the receipt with observations: {notes}.',
    fix: 'Corrija las observaciones en los siguientes comprobantes.',
  },
  BATCH_PROCESSING_FAILED: {
    severity: 'R',
    es: 'Error interno al abrir el lote (registro {logId}); no se revisó ningún comprobante.',
    en: 'Internal error while opening the batch (log id {logId}); no receipt was checked.',
    fix: 'Vuelva a enviar el mismo archivo; si se repite, el equipo de operaciones tiene el registro.',
  },
  PROCESSING_FAILED: {
    severity: 'R',
    es: 'Error interno al procesar este comprobante (registro {logId}).',
    en: 'Internal error while processing this receipt (log id {logId}).',
    fix: 'Vuelva a enviar el comprobante; si se repite, el equipo de operaciones tiene el registro.',
  },
} as const satisfies Record<string, ReasonDefinition>;

export type ReasonCode = keyof typeof catalogue;

export const reasonCatalogue: Readonly<Record<ReasonCode, ReasonDefinition>> = Object.freeze(catalogue);

export const reasonCodes = Object.freeze(Object.keys(catalogue) as ReasonCode[]);

export function isReasonCode(value: string): value is ReasonCode {
  return Object.hasOwn(catalogue, value);
}

export type DetailValue = string | number | boolean | null;
export type Details = Readonly<Record<string, DetailValue>>;

/** Fills `{name}` placeholders from details; a missing detail stays visible as `{name}`. */
export function formatReason(code: ReasonCode, details: Details = {}, language: 'es' | 'en' = 'es'): string {
  const template = reasonCatalogue[code][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    return value === undefined || value === null ? whole : String(value);
  });
}
