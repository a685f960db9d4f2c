import { createHash } from 'node:crypto';
import { amountInWords } from './amount-in-words.ts';
import { computeReceiptAmounts, formatCents, igvPercent, parseCents, type LineAmounts, type ReceiptAmounts } from './receipt-amounts.ts';
import type { ReceiptSpec } from './receipt-spec.ts';

/**
 * UBL 2.1 documents as SUNAT issuers produce them: Invoice (01, 03), CreditNote (07) and
 * DebitNote (08), with a signature block whose digest is derived from the spec. The
 * signature itself is not valid, because nothing in this project verifies signatures.
 */

const roots = {
  '01': { element: 'Invoice', namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', line: 'InvoiceLine', quantity: 'InvoicedQuantity' },
  '03': { element: 'Invoice', namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', line: 'InvoiceLine', quantity: 'InvoicedQuantity' },
  '07': { element: 'CreditNote', namespace: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', line: 'CreditNoteLine', quantity: 'CreditedQuantity' },
  '08': { element: 'DebitNote', namespace: 'urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2', line: 'DebitNoteLine', quantity: 'DebitedQuantity' },
} as const;

const namespaceDeclarations = [
  'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"',
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"',
  'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"',
  'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"',
].join(' ');

/** Builds the XML text (UTF-8 declared) of the receipt the spec describes. */
export function buildReceiptXml(spec: ReceiptSpec): string {
  const root = roots[spec.docType];
  const amounts = computeReceiptAmounts(spec);
  const totalText = spec.xml?.total ?? formatCents(amounts.totalCents);

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root.element} xmlns="${root.namespace}" ${namespaceDeclarations}>`,
    signatureExtension(spec),
    '  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>',
    '  <cbc:CustomizationID>2.0</cbc:CustomizationID>',
    `  <cbc:ID>${escapeXml(`${spec.series}-${spec.number}`)}</cbc:ID>`,
    `  <cbc:IssueDate>${escapeXml(spec.issueDate)}</cbc:IssueDate>`,
    '  <cbc:IssueTime>12:00:00</cbc:IssueTime>',
    root.element === 'Invoice' ? `  <cbc:InvoiceTypeCode listID="0101" listAgencyName="PE:SUNAT">${spec.docType}</cbc:InvoiceTypeCode>` : '',
    `  <cbc:Note languageLocaleID="1000">${escapeXml(amountInWords(parseCents(totalText), spec.currency))}</cbc:Note>`,
    `  <cbc:DocumentCurrencyCode>${spec.currency}</cbc:DocumentCurrencyCode>`,
    discrepancyResponse(spec),
    spec.orderNumber === undefined ? '' : `  <cac:OrderReference><cbc:ID>${escapeXml(spec.orderNumber)}</cbc:ID></cac:OrderReference>`,
    billingReference(spec),
    signatureParty(spec),
    supplierParty(spec),
    customerParty(spec),
    root.element === 'Invoice' ? '  <cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Contado</cbc:PaymentMeansID></cac:PaymentTerms>' : '',
    taxTotal(spec.currency, amounts.igvCents, amounts.baseCents, '  '),
    monetaryTotal(spec, amounts, totalText),
    ...amounts.lines.map((line, index) => documentLine(spec, line, index + 1)),
    `</${root.element}>`,
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** Returns the digest printed as the PDF's hash: SHA-1 (base64) of the receipt identity and total, so it is stable per spec. */
export function receiptDigestValue(spec: ReceiptSpec): string {
  if (spec.xml?.digestValue !== undefined) return spec.xml.digestValue;
  const total = formatCents(computeReceiptAmounts(spec).totalCents);
  return createHash('sha1').update(`${spec.issuerRuc}|${spec.docType}|${spec.series}|${spec.number}|${total}|${spec.issueDate}`).digest('base64');
}

function signatureExtension(spec: ReceiptSpec): string {
  const digest = spec.xml?.unsigned ? '' : receiptDigestValue(spec);
  const signatureValue = spec.xml?.unsigned ? '' : createHash('sha512').update(`signature:${digest}`).digest('base64');
  return [
    '  <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent>',
    '    <ds:Signature Id="SignatureSP"><ds:SignedInfo>',
    '      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>',
    '      <ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>',
    '      <ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>',
    `        <ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`,
    `    </ds:SignedInfo><ds:SignatureValue>${signatureValue}</ds:SignatureValue></ds:Signature>`,
    '  </ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>',
  ].join('\n');
}

function discrepancyResponse(spec: ReceiptSpec): string {
  if (spec.modifies === undefined || spec.docType === '01' || spec.docType === '03') return '';
  const reference = `${spec.modifies.series}-${spec.modifies.number}`;
  // Catalogue 09 code 07 (devolución por ítem) for credit notes, catalogue 10 code 02 (aumento en el valor) for debit notes.
  const responseCode = spec.docType === '07' ? '07' : '02';
  return [
    '  <cac:DiscrepancyResponse>',
    `    <cbc:ReferenceID>${escapeXml(reference)}</cbc:ReferenceID>`,
    `    <cbc:ResponseCode>${responseCode}</cbc:ResponseCode>`,
    `    <cbc:Description>${escapeXml(spec.noteReason ?? 'CORRECCIÓN')}</cbc:Description>`,
    '  </cac:DiscrepancyResponse>',
  ].join('\n');
}

function billingReference(spec: ReceiptSpec): string {
  if (spec.modifies === undefined || spec.docType === '01' || spec.docType === '03') return '';
  return [
    '  <cac:BillingReference><cac:InvoiceDocumentReference>',
    `    <cbc:ID>${escapeXml(`${spec.modifies.series}-${spec.modifies.number}`)}</cbc:ID>`,
    `    <cbc:DocumentTypeCode>${spec.modifies.docType}</cbc:DocumentTypeCode>`,
    '  </cac:InvoiceDocumentReference></cac:BillingReference>',
  ].join('\n');
}

function signatureParty(spec: ReceiptSpec): string {
  const ruc = escapeXml(spec.xml?.issuerRuc ?? spec.issuerRuc);
  return [
    '  <cac:Signature><cbc:ID>SignatureSP</cbc:ID>',
    `    <cac:SignatoryParty><cac:PartyIdentification><cbc:ID>${ruc}</cbc:ID></cac:PartyIdentification>`,
    `      <cac:PartyName><cbc:Name>${escapeXml(spec.issuerName)}</cbc:Name></cac:PartyName></cac:SignatoryParty>`,
    '    <cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>#SignatureSP</cbc:URI></cac:ExternalReference></cac:DigitalSignatureAttachment>',
    '  </cac:Signature>',
  ].join('\n');
}

function supplierParty(spec: ReceiptSpec): string {
  return [
    '  <cac:AccountingSupplierParty><cac:Party>',
    `    <cac:PartyIdentification><cbc:ID schemeID="6">${escapeXml(spec.xml?.issuerRuc ?? spec.issuerRuc)}</cbc:ID></cac:PartyIdentification>`,
    `    <cac:PartyName><cbc:Name>${escapeXml(spec.issuerName)}</cbc:Name></cac:PartyName>`,
    `    <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(spec.issuerName)}</cbc:RegistrationName>`,
    '      <cac:RegistrationAddress><cbc:AddressTypeCode>0000</cbc:AddressTypeCode>',
    `        <cac:AddressLine><cbc:Line>${escapeXml(spec.issuerAddress ?? '')}</cbc:Line></cac:AddressLine></cac:RegistrationAddress>`,
    '    </cac:PartyLegalEntity>',
    '  </cac:Party></cac:AccountingSupplierParty>',
  ].join('\n');
}

function customerParty(spec: ReceiptSpec): string {
  return [
    '  <cac:AccountingCustomerParty><cac:Party>',
    `    <cac:PartyIdentification><cbc:ID schemeID="${escapeXml(spec.buyer.schemeId)}">${escapeXml(spec.buyer.id)}</cbc:ID></cac:PartyIdentification>`,
    `    <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(spec.buyer.name)}</cbc:RegistrationName></cac:PartyLegalEntity>`,
    '  </cac:Party></cac:AccountingCustomerParty>',
  ].join('\n');
}

function taxTotal(currency: string, igvCents: number, baseCents: number, indent: string): string {
  return [
    `${indent}<cac:TaxTotal>`,
    `${indent}  <cbc:TaxAmount currencyID="${currency}">${formatCents(igvCents)}</cbc:TaxAmount>`,
    `${indent}  <cac:TaxSubtotal>`,
    `${indent}    <cbc:TaxableAmount currencyID="${currency}">${formatCents(baseCents)}</cbc:TaxableAmount>`,
    `${indent}    <cbc:TaxAmount currencyID="${currency}">${formatCents(igvCents)}</cbc:TaxAmount>`,
    `${indent}    <cac:TaxCategory><cbc:Percent>${igvPercent}</cbc:Percent><cbc:TaxExemptionReasonCode>10</cbc:TaxExemptionReasonCode>`,
    `${indent}      <cac:TaxScheme><cbc:ID>1000</cbc:ID><cbc:Name>IGV</cbc:Name><cbc:TaxTypeCode>VAT</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory>`,
    `${indent}  </cac:TaxSubtotal>`,
    `${indent}</cac:TaxTotal>`,
  ].join('\n');
}

function monetaryTotal(spec: ReceiptSpec, amounts: ReceiptAmounts, totalText: string): string {
  const element = spec.docType === '08' ? 'RequestedMonetaryTotal' : 'LegalMonetaryTotal';
  const currency = spec.currency;
  return [
    `  <cac:${element}>`,
    `    <cbc:LineExtensionAmount currencyID="${currency}">${formatCents(amounts.baseCents)}</cbc:LineExtensionAmount>`,
    `    <cbc:TaxInclusiveAmount currencyID="${currency}">${formatCents(amounts.totalCents)}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount currencyID="${currency}">${escapeXml(totalText)}</cbc:PayableAmount>`,
    `  </cac:${element}>`,
  ].join('\n');
}

function documentLine(spec: ReceiptSpec, line: LineAmounts, position: number): string {
  const root = roots[spec.docType];
  const currency = spec.currency;
  return [
    `  <cac:${root.line}>`,
    `    <cbc:ID>${position}</cbc:ID>`,
    `    <cbc:${root.quantity} unitCode="NIU">${line.quantity}</cbc:${root.quantity}>`,
    `    <cbc:LineExtensionAmount currencyID="${currency}">${formatCents(line.baseCents)}</cbc:LineExtensionAmount>`,
    '    <cac:PricingReference><cac:AlternativeConditionPrice>',
    `      <cbc:PriceAmount currencyID="${currency}">${formatCents(line.unitPriceCents)}</cbc:PriceAmount><cbc:PriceTypeCode>01</cbc:PriceTypeCode>`,
    '    </cac:AlternativeConditionPrice></cac:PricingReference>',
    taxTotal(currency, line.igvCents, line.baseCents, '    '),
    `    <cac:Item><cbc:Description>${escapeXml(line.description)}</cbc:Description></cac:Item>`,
    `    <cac:Price><cbc:PriceAmount currencyID="${currency}">${formatCents(line.unitValueCents)}</cbc:PriceAmount></cac:Price>`,
    `  </cac:${root.line}>`,
  ].join('\n');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => xmlEscapes[character] as string);
}

const xmlEscapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
