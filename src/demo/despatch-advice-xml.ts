import { escapeXml } from './receipt-xml.ts';

/**
 * A guía de remisión remitente (SUNAT type 09) in UBL 2.1: a valid SUNAT document that is
 * not a payment receipt, which sellers sometimes upload in its place.
 */

export interface DespatchAdviceSpec {
  readonly issuerRuc: string;
  readonly issuerName: string;
  /** T + 3 alphanumerics, e.g. T001. */
  readonly series: string;
  readonly number: number;
  /** YYYY-MM-DD */
  readonly issueDate: string;
  readonly recipient: { readonly schemeId: string; readonly id: string; readonly name: string };
}

/** Builds the guía's XML text (UTF-8 declared). */
export function buildDespatchAdviceXml(spec: DespatchAdviceSpec): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<DespatchAdvice xmlns="urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2"',
    '    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"',
    '    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    '  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>',
    '  <cbc:CustomizationID>2.0</cbc:CustomizationID>',
    `  <cbc:ID>${escapeXml(`${spec.series}-${spec.number}`)}</cbc:ID>`,
    `  <cbc:IssueDate>${escapeXml(spec.issueDate)}</cbc:IssueDate>`,
    '  <cbc:IssueTime>09:30:00</cbc:IssueTime>',
    '  <cbc:DespatchAdviceTypeCode>09</cbc:DespatchAdviceTypeCode>',
    '  <cac:DespatchSupplierParty><cac:Party>',
    `    <cac:PartyIdentification><cbc:ID schemeID="6">${escapeXml(spec.issuerRuc)}</cbc:ID></cac:PartyIdentification>`,
    `    <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(spec.issuerName)}</cbc:RegistrationName></cac:PartyLegalEntity>`,
    '  </cac:Party></cac:DespatchSupplierParty>',
    '  <cac:DeliveryCustomerParty><cac:Party>',
    `    <cac:PartyIdentification><cbc:ID schemeID="${escapeXml(spec.recipient.schemeId)}">${escapeXml(spec.recipient.id)}</cbc:ID></cac:PartyIdentification>`,
    `    <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(spec.recipient.name)}</cbc:RegistrationName></cac:PartyLegalEntity>`,
    '  </cac:Party></cac:DeliveryCustomerParty>',
    '  <cac:Shipment>',
    '    <cbc:ID>SUNAT_Envio</cbc:ID>',
    '    <cbc:HandlingCode>01</cbc:HandlingCode>',
    '    <cbc:GrossWeightMeasure unitCode="KGM">2.500</cbc:GrossWeightMeasure>',
    '  </cac:Shipment>',
    '</DespatchAdvice>',
    '',
  ].join('\n');
}
