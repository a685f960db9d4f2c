import type { QrFields } from './receipt-document.ts';
import { findDate, normaliseAmount, type PdfTextView } from './pdf-text-view.ts';

/**
 * The printed hash (the XML's DigestValue) and the QR content when a receipt prints it as
 * text: `RUC|type|series|number|IGV|total|date|buyer doc type|buyer doc|`. Some issuers
 * write the type as a word ("BOLETA") and the date as DD-MM-YYYY.
 */

/** Base64 digests: SHA-1 (28 characters), SHA-256 (44), SHA-512 (88). */
const digestToken = /(?<![A-Za-z0-9+/=])([A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/;
const hashLabel = /HASH|RESUMEN|DIGEST|CODIGO DE SEGURIDAD/;

const qrPattern = new RegExp(
  [
    String.raw`(?<!\d)(\d{11})`,
    String.raw`([A-Za-zÁÉÍÓÚáéíóú_ ]{2,30}|\d{1,2})`,
    String.raw`([A-Z0-9]{4})`,
    String.raw`(\d{1,8})`,
    String.raw`([\d.,]*)`,
    String.raw`([\d.,]*)`,
    String.raw`([\d/-]{8,10})`,
    String.raw`([0-9A-G-]?)`,
    String.raw`([A-Za-z0-9-]{0,15})`,
  ].join(String.raw`\s*\|\s*`),
);

const typeWords: ReadonlyArray<readonly [RegExp, string]> = [
  [/^FACTURA/, '01'],
  [/^BOLETA/, '03'],
  [/^NOTA(DE)?CREDITO/, '07'],
  [/^NOTA(DE)?DEBITO/, '08'],
];

/** Reads the hash after a label ("Resumen:", "Código hash:") on its line or the next, else a line that is only a digest. */
export function readPrintedHash(view: PdfTextView): string | null {
  for (const [index, plainLine] of view.plain.entries()) {
    if (!hashLabel.test(plainLine)) continue;
    const label = hashLabel.exec(plainLine) as RegExpExecArray;
    const sameLine = digestToken.exec((view.lines[index] as string).slice(label.index));
    const nextLine = digestToken.exec(view.lines[index + 1] ?? '');
    const found = sameLine ?? nextLine;
    if (found !== null) return found[1] as string;
  }

  for (const line of view.lines) {
    const alone = new RegExp(`^\\s*${digestToken.source}\\s*$`).exec(line);
    if (alone !== null && /\d/.test(alone[1] as string)) return alone[1] as string;
  }
  return null;
}

export function readQrText(text: string): QrFields | null {
  const match = qrPattern.exec(text);
  if (match === null) return null;

  const [, issuerRuc, type, series, number, igv, total, date, schemeId, buyerId] = match as unknown as string[];
  return {
    issuerRuc: issuerRuc as string,
    docType: qrDocType(type as string),
    series: series as string,
    number: number as string,
    igv: normaliseAmount(igv ?? '') ?? null,
    total: normaliseAmount(total ?? '') ?? null,
    issueDate: findDate(date ?? ''),
    buyerSchemeId: schemeId || null,
    buyerId: buyerId || null,
  };
}

/** "1" and "01" → "01"; "BOLETA", "Nota de crédito" → their codes; other words stay as written. */
function qrDocType(type: string): string {
  const trimmed = type.trim();
  if (/^\d{1,2}$/.test(trimmed)) return trimmed.padStart(2, '0');
  const compacted = trimmed
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_]+/g, '')
    .toUpperCase();
  return typeWords.find(([pattern]) => pattern.test(compacted))?.[1] ?? trimmed;
}
