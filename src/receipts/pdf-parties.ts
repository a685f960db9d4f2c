import type { BuyerIdentity } from './receipt-document.ts';
import type { PdfTextView } from './pdf-text-view.ts';

/**
 * Issuer RUC and buyer as printed. The issuer's RUC sits in the header; the buyer's
 * document follows a customer label ("Señor(es):", "Cliente:", "Razón Social:"...) on the
 * same line or the next two.
 */

const rucPattern = /(?<!\d)((?:10|15|16|17|20)\d{9})(?!\d)/g;
const rucLabelBefore = /R\.?\s?U\.?\s?C\.?\s*(?:N°|NRO\.?|NO\.?)?\s*:?\s*$/;
const customerLabel = /(?<![A-Z])(?:SENOR\s?\(?ES\)?|SENORES|SR\.?\s?\(?ES\)?|CLIENTE|ADQUI?RIENTE|DESTINATARIO|COMPRADOR)(?![A-Z])\s*:?/;
/** Labels some templates also use for the issuer; they mark the buyer only when no customer label is printed. */
const weakCustomerLabel = /(?<![A-Z])(?:RAZON SOCIAL|DENOMINACION)(?![A-Z])\s*:?/;
/** Lines after the customer label that still describe the buyer. */
const buyerBlockLines = 3;

const identityLabel =
  /(?<![A-Z])(R\.?\s?U\.?\s?C\.?|D\.?\s?N\.?\s?I\.?|C\.?\s?E\.?|CARNET(?:\s+DE)?\s+EXTRANJERIA|PASAPORTE|DOC(?:UMENTO|\.)?(?:\s+DE\s+IDENTIDAD)?)(?![A-Z])\s*(?:N°|NRO\.?)?\s*:?\s*([A-Z0-9][A-Z0-9-]{0,14})(?![A-Z0-9])/g;

const schemeByLabel: ReadonlyArray<readonly [RegExp, string]> = [
  [/^R/, '6'],
  [/^D\.?\s?N/, '1'],
  [/^(C\.?\s?E|CARNET)/, '4'],
  [/^PASAPORTE/, '7'],
];

export interface PrintedParties {
  readonly issuerRuc: string | null;
  readonly buyer: BuyerIdentity;
}

export function readPrintedParties(view: PdfTextView): PrintedParties {
  const buyerStart = findBuyerStart(view);
  const inBuyerBlock = (line: number): boolean => buyerStart !== -1 && line >= buyerStart && line < buyerStart + buyerBlockLines;

  const issuerRuc = findIssuerRuc(view, inBuyerBlock);
  const buyer = buyerStart === -1 ? unlabelledBuyer(view, issuerRuc) : labelledBuyer(view, buyerStart);
  return { issuerRuc, buyer };
}

function findBuyerStart(view: PdfTextView): number {
  const strong = view.plain.findIndex((line) => customerLabel.test(line));
  return strong !== -1 ? strong : view.plain.findIndex((line) => weakCustomerLabel.test(line));
}

/** Returns the first RUC outside the buyer block, preferring one printed after a "RUC" label. */
function findIssuerRuc(view: PdfTextView, inBuyerBlock: (line: number) => boolean): string | null {
  let firstUnlabelled: string | null = null;
  for (const [index, line] of view.plain.entries()) {
    if (inBuyerBlock(index) || line.includes('|')) continue;
    for (const match of line.matchAll(rucPattern)) {
      if (rucLabelBefore.test(line.slice(0, match.index))) return match[1] as string;
      firstUnlabelled ??= match[1] as string;
    }
  }
  return firstUnlabelled;
}

function labelledBuyer(view: PdfTextView, start: number): BuyerIdentity {
  const name = buyerName(view, start);
  for (let index = start; index < Math.min(view.plain.length, start + buyerBlockLines); index += 1) {
    const identity = firstIdentity(view.plain[index] as string);
    if (identity !== null) return { ...identity, name };
  }
  return { schemeId: null, id: null, name };
}

/** Without a customer label, a DNI anywhere is the buyer's (issuers have a RUC, never a DNI). */
function unlabelledBuyer(view: PdfTextView, issuerRuc: string | null): BuyerIdentity {
  for (const line of view.plain) {
    if (line.includes('|')) continue;
    const identity = firstIdentity(line);
    if (identity !== null && identity.id !== issuerRuc && identity.schemeId !== '6') return { ...identity, name: null };
  }
  return { schemeId: null, id: null, name: null };
}

function firstIdentity(plainLine: string): { schemeId: string | null; id: string } | null {
  for (const match of plainLine.matchAll(identityLabel)) {
    const label = match[1] as string;
    const id = match[2] as string;
    if (!/\d/.test(id) && id !== '-') continue;
    const scheme = schemeByLabel.find(([pattern]) => pattern.test(label))?.[1] ?? schemeFromShape(id);
    return { schemeId: scheme, id };
  }
  return null;
}

function schemeFromShape(id: string): string | null {
  if (/^\d{11}$/.test(id)) return '6';
  if (/^\d{8}$/.test(id)) return '1';
  return null;
}

/** Returns the text after the customer label, up to a tab, a wide gap or the next label. */
function buyerName(view: PdfTextView, index: number): string | null {
  const plainLine = view.plain[index] as string;
  const label = customerLabel.exec(plainLine) ?? weakCustomerLabel.exec(plainLine);
  if (label === null) return null;

  const from = label.index + label[0].length;
  const rest = (view.lines[index] as string).slice(from);
  const plainRest = plainLine.slice(from);
  const stop = plainRest.search(/\t|\s{2,}|(?<![A-Z])(?:R\.?U\.?C\.?|D\.?N\.?I\.?|DIRECCION|FECHA)(?![A-Z])/);
  const name = (stop === -1 ? rest : rest.slice(0, stop)).trim();
  return name === '' ? null : name;
}
