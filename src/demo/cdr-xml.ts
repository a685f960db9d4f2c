import { escapeXml } from './receipt-xml.ts';

/**
 * SUNAT responses (CDR, constancia de recepción) as SUNAT writes them: a UBL 2.0
 * ApplicationResponse with SUNAT (RUC 20131312955) as sender, the receipt's issuer as
 * receiver, the response code and description, and each observation as a root cbc:Note.
 */

export interface CdrSpec {
  /** Identity of the receipt the CDR responds to. */
  readonly issuerRuc: string;
  readonly docType: '01' | '03' | '07' | '08';
  readonly series: string;
  readonly number: number;
  /** '0' accepted, '0100'-'1999' not processed, '2000'-'3999' rejected, '4000' and above accepted with observations. */
  readonly responseCode: string;
  readonly description: string;
  /** Observations such as "4252 - El dato ingresado como atributo @listName es incorrecto." */
  readonly notes?: readonly string[];
  /** YYYY-MM-DD */
  readonly responseDate: string;
}

const sunatRuc = '20131312955';
const oasis = 'urn:oasis:names:specification:ubl:schema:xsd:';

const typeWords: Readonly<Record<CdrSpec['docType'], string>> = {
  '01': 'Factura',
  '03': 'Boleta',
  '07': 'Nota de Credito',
  '08': 'Nota de Debito',
};

/** Builds the file name SUNAT gives the response: `R-{RUC}-{type}-{series}-{number}.xml`. */
export function cdrFileName(spec: Pick<CdrSpec, 'issuerRuc' | 'docType' | 'series' | 'number'>, extension: 'xml' | 'zip' = 'xml'): string {
  return `R-${spec.issuerRuc}-${spec.docType}-${spec.series}-${spec.number}.${extension}`;
}

/** Returns SUNAT's usual description, e.g. "La Boleta numero B001-123, ha sido aceptada". */
export function acceptedDescription(spec: Pick<CdrSpec, 'docType' | 'series' | 'number'>): string {
  return `La ${typeWords[spec.docType]} numero ${spec.series}-${spec.number}, ha sido aceptada`;
}

/** Builds the CDR XML text (UTF-8 declared). */
export function buildCdrXml(spec: CdrSpec): string {
  const reference = `${spec.series}-${spec.number}`;
  const notes = (spec.notes ?? []).map((note) => `  <cbc:Note>${escapeXml(note)}</cbc:Note>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ar:ApplicationResponse xmlns:ar="${oasis}ApplicationResponse-2" xmlns:cac="${oasis}CommonAggregateComponents-2" xmlns:cbc="${oasis}CommonBasicComponents-2">`,
    '  <cbc:UBLVersionID>2.0</cbc:UBLVersionID>',
    '  <cbc:CustomizationID>1.0</cbc:CustomizationID>',
    `  <cbc:ID>${spec.responseDate.replaceAll('-', '')}${String(spec.number).padStart(8, '0')}</cbc:ID>`,
    `  <cbc:IssueDate>${spec.responseDate}</cbc:IssueDate>`,
    `  <cbc:ResponseDate>${spec.responseDate}</cbc:ResponseDate>`,
    ...notes,
    `  <cac:SenderParty><cac:PartyIdentification><cbc:ID>${sunatRuc}</cbc:ID></cac:PartyIdentification></cac:SenderParty>`,
    `  <cac:ReceiverParty><cac:PartyIdentification><cbc:ID>6-${escapeXml(spec.issuerRuc)}</cbc:ID></cac:PartyIdentification></cac:ReceiverParty>`,
    '  <cac:DocumentResponse>',
    `    <cac:Response><cbc:ReferenceID>${escapeXml(reference)}</cbc:ReferenceID><cbc:ResponseCode>${escapeXml(spec.responseCode)}</cbc:ResponseCode>`,
    `      <cbc:Description>${escapeXml(spec.description)}</cbc:Description></cac:Response>`,
    `    <cac:DocumentReference><cbc:ID>${escapeXml(reference)}</cbc:ID></cac:DocumentReference>`,
    '  </cac:DocumentResponse>',
    '</ar:ApplicationResponse>',
    '',
  ].join('\n');
}
