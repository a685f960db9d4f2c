import type { CdrReceipt, ReadResult } from './receipt-document.ts';
import { splitDocumentId } from './read-ubl.ts';
import { parseSunatFileName } from './sunat-file-name.ts';
import { decodeXmlBytes } from './xml-text.ts';
import { findAll, textAt } from './xml-query.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/**
 * Reading a SUNAT response (CDR, constancia de recepción): an UBL ApplicationResponse with
 * the response code, its description and observations (notes). SUNAT is the sender party
 * and the issuer of the receipt is the receiver party.
 */

const applicationResponseNamespace = 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2';

/** Types named in the response description, e.g. "La Boleta numero B001-9927, ha sido aceptada". */
const describedTypes: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bnota\s+de\s+cr[eé]dito\b/i, '07'],
  [/\bnota\s+de\s+d[eé]bito\b/i, '08'],
  [/\bfactura\b/i, '01'],
  [/\bboleta\b/i, '03'],
];

/** Reads a CDR XML file; `fileName` (e.g. `R-20100070970-01-F001-1.xml`) fills what the content leaves out. */
export function readCdrXml(bytes: Buffer, fileName: string): ReadResult<CdrReceipt> {
  const decoded = decodeXmlBytes(bytes);
  if (!decoded.ok) return { ok: false, code: 'XML_MALFORMED', details: { file: fileName, reason: decoded.reason } };

  const parsed = parseXmlTree(decoded.text);
  if (!parsed.ok) return { ok: false, code: 'XML_MALFORMED', details: { file: fileName, reason: parsed.reason } };

  const { root } = parsed;
  if (root.name !== 'ApplicationResponse' || root.namespace !== applicationResponseNamespace) {
    return { ok: false, code: 'XML_NOT_CPE', details: { file: fileName, root: root.name } };
  }

  const description = textAt(root, 'cac:DocumentResponse/cac:Response/cbc:Description');
  return {
    ok: true,
    value: {
      source: 'cdr',
      documentId: buildDocumentId(root, description, fileName),
      responseCode: textAt(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode'),
      description,
      notes: readNotes(root),
    },
  };
}

/**
 * Builds "RUC-TYPE-SERIES-NUMBER" of the document the CDR responds to. Each part comes from
 * the CDR when it states it, else from the file name. Returns null when a part is in neither.
 */
function buildDocumentId(root: XmlElement, description: string | null, fileName: string): string | null {
  const fromName = parseSunatFileName(fileName);
  const reference =
    textAt(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:ID') ??
    textAt(root, 'cac:DocumentResponse/cac:Response/cbc:ReferenceID');
  const { series, number } = splitDocumentId(reference);

  const ruc = receiverRuc(root) ?? fromName?.issuerRuc ?? null;
  const docType =
    textAt(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:DocumentTypeCode') ?? typeFromDescription(description) ?? fromName?.docType ?? null;
  const seriesPart = number !== null ? series : (fromName?.series ?? null);
  const numberPart = number ?? fromName?.number ?? null;

  if (ruc === null || docType === null || seriesPart === null || numberPart === null) return null;
  return `${ruc}-${docType}-${seriesPart}-${numberPart}`;
}

/** Returns the receiver's RUC. Some responses write it with its scheme, as "6-20100070970". */
function receiverRuc(root: XmlElement): string | null {
  const id = textAt(root, 'cac:ReceiverParty/cac:PartyIdentification/cbc:ID')?.replace(/\s+/g, '') ?? '';
  return /(?:^|-)(\d{11})$/.exec(id)?.[1] ?? null;
}

function typeFromDescription(description: string | null): string | null {
  if (description === null) return null;
  const found = describedTypes.find(([pattern]) => pattern.test(description));
  return found?.[1] ?? null;
}

/** Observations: SUNAT writes each as a root-level cbc:Note such as "4252 - El dato ingresado...". */
function readNotes(root: XmlElement): string[] {
  return findAll(root, 'cbc:Note')
    .map((note) => note.text.replace(/\s+/g, ' ').trim())
    .filter((note) => note !== '');
}
