import type { ReadResult, XmlReceipt } from './receipt-document.ts';
import { readAmounts } from './ubl-amounts.ts';
import { readBuyer, readIssuer } from './ubl-parties.ts';
import { decodeXmlBytes } from './xml-text.ts';
import { findDescendant, findFirst, textAt } from './xml-query.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/**
 * Reading a SUNAT UBL document (the electronic receipt itself). Payment receipts are
 * Invoice (01/03 by InvoiceTypeCode), CreditNote (07) and DebitNote (08). Other SUNAT
 * documents are read too, with their type, so that checks can reject them as
 * DOC_TYPE_NOT_RECEIPT with a precise message.
 */

const oasis = 'urn:oasis:names:specification:ubl:schema:xsd:';
const sunat = 'urn:sunat:names:specification:ubl:peru:schema:xsd:';

/** Root namespace → document type; null means "read the type code in the document". */
const sunatRoots: ReadonlyArray<{ readonly name: string; readonly namespace: string; readonly docType: string | null }> = [
  { name: 'Invoice', namespace: `${oasis}Invoice-2`, docType: null },
  { name: 'CreditNote', namespace: `${oasis}CreditNote-2`, docType: '07' },
  { name: 'DebitNote', namespace: `${oasis}DebitNote-2`, docType: '08' },
  { name: 'DespatchAdvice', namespace: `${oasis}DespatchAdvice-2`, docType: null },
  { name: 'SummaryDocuments', namespace: `${sunat}SummaryDocuments-1`, docType: 'RC' },
  { name: 'VoidedDocuments', namespace: `${sunat}VoidedDocuments-1`, docType: 'RA' },
  { name: 'Retention', namespace: `${sunat}Retention-1`, docType: '20' },
  { name: 'Perception', namespace: `${sunat}Perception-1`, docType: '40' },
];

/** Reads a UBL XML file. `fileName` is the seller's name for it, used in the rejection details. */
export function readUblXml(bytes: Buffer, fileName: string): ReadResult<XmlReceipt> {
  const decoded = decodeXmlBytes(bytes);
  if (!decoded.ok) return { ok: false, code: 'XML_MALFORMED', details: { file: fileName, reason: decoded.reason } };

  const parsed = parseXmlTree(decoded.text);
  if (!parsed.ok) return { ok: false, code: 'XML_MALFORMED', details: { file: fileName, reason: parsed.reason } };

  const { root } = parsed;
  const known = sunatRoots.find((candidate) => candidate.name === root.name && candidate.namespace === root.namespace);
  if (known === undefined) return { ok: false, code: 'XML_NOT_CPE', details: { file: fileName, root: root.name } };

  return { ok: true, value: readReceipt(root, known.docType ?? readTypeCode(root)) };
}

function readReceipt(root: XmlElement, docType: string | null): XmlReceipt {
  const { series, number } = splitDocumentId(textAt(root, 'cbc:ID'));
  const issuer = readIssuer(root);
  const amounts = readAmounts(root);
  const modified = readModifiedDocument(root);

  return {
    source: 'xml',
    root: root.name,
    ublVersion: textAt(root, 'cbc:UBLVersionID'),
    docType,
    series,
    number,
    issueDate: textAt(root, 'cbc:IssueDate'),
    currency: amounts.currency,
    issuerRuc: issuer.ruc,
    issuerName: issuer.name,
    buyer: readBuyer(root),
    total: amounts.total,
    igv: amounts.igv,
    taxableBase: amounts.taxableBase,
    orderReference: textAt(root, 'cac:OrderReference/cbc:ID'),
    modifiedDocument: modified.id,
    modifiedDocType: modified.docType,
    digestValue: readDigestValue(root),
  };
}

function readTypeCode(root: XmlElement): string | null {
  const code = textAt(root, 'cbc:InvoiceTypeCode') ?? textAt(root, 'cbc:DespatchAdviceTypeCode');
  return normaliseTypeCode(code);
}

/** "1" and "01" are the same catalogue 01 code. */
function normaliseTypeCode(code: string | null): string | null {
  if (code === null) return null;
  return /^\d$/.test(code) ? `0${code}` : code;
}

/** Splits "F001-00000123" at the first "-", dropping spaces around the dash ("E001 - 170"). */
export function splitDocumentId(id: string | null): { series: string | null; number: string | null } {
  const compact = id?.replace(/\s+/g, '') ?? '';
  const dash = compact.indexOf('-');
  if (dash <= 0 || dash === compact.length - 1) return { series: compact || null, number: null };
  return { series: compact.slice(0, dash).toUpperCase(), number: compact.slice(dash + 1) };
}

/** Reads the document a note modifies, as "SERIES-NUMBER" without spaces, and its type. */
function readModifiedDocument(root: XmlElement): { id: string | null; docType: string | null } {
  const reference = findFirst(root, 'cac:BillingReference/cac:InvoiceDocumentReference');
  const id = (reference !== null ? textAt(reference, 'cbc:ID') : null) ?? textAt(root, 'cac:DiscrepancyResponse/cbc:ReferenceID');
  const docType = reference !== null ? normaliseTypeCode(textAt(reference, 'cbc:DocumentTypeCode')) : null;
  return { id: id?.replace(/\s+/g, '').toUpperCase() ?? null, docType };
}

/** Returns the signature digest inside the UBL extensions, which the PDF prints as the hash. */
function readDigestValue(root: XmlElement): string | null {
  const extensions = findFirst(root, 'ext:UBLExtensions');
  const digest = extensions === null ? null : findDescendant(extensions, 'ds:DigestValue');
  const value = digest?.text.replace(/\s+/g, '') ?? '';
  return value === '' ? null : value;
}
