import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { sampleReceiptSpec, type ReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { readUblXml } from '../../src/receipts/read-ubl.ts';
import type { ReadResult, XmlReceipt } from '../../src/receipts/receipt-document.ts';

function readValue(xml: string | Buffer, fileName = 'test.xml'): XmlReceipt {
  const result = readUblXml(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, fileName);
  if (!result.ok) throw new Error(`expected ok, got ${result.code} ${JSON.stringify(result.details)}`);
  return result.value;
}

function expectRejected(result: ReadResult<XmlReceipt>): Extract<ReadResult<XmlReceipt>, { ok: false }> {
  expect(result.ok).toBe(false);
  return result as Extract<ReadResult<XmlReceipt>, { ok: false }>;
}

const oasis = 'urn:oasis:names:specification:ubl:schema:xsd:';
const cac = `${oasis}CommonAggregateComponents-2`;
const cbc = `${oasis}CommonBasicComponents-2`;

describe('readUblXml on generated receipts', () => {
  const cases: Array<[string, ReceiptSpec]> = [
    ['boleta', sampleReceiptSpec()],
    ['factura', sampleReceiptSpec({ docType: '01', number: 7 })],
    ['credit note on a boleta', sampleReceiptSpec({ docType: '07', modifies: { docType: '03', series: 'B001', number: 99 } })],
    ['debit note in USD', sampleReceiptSpec({ docType: '08', currency: 'USD' })],
  ];

  it.each(cases)('reads back a %s', (_name, spec) => {
    const value = readValue(buildReceiptXml(spec));
    expect(value.docType).toBe(spec.docType);
    expect(value.series).toBe(spec.series);
    expect(value.number).toBe(String(spec.number));
    expect(value.issuerRuc).toBe(spec.issuerRuc);
    expect(value.issuerName).toBe(spec.issuerName);
    expect(value.issueDate).toBe(spec.issueDate);
    expect(value.currency).toBe(spec.currency);
    expect(value.buyer).toEqual({ schemeId: spec.buyer.schemeId, id: spec.buyer.id, name: spec.buyer.name });
    expect(value.total).toBe('119.90');
    expect(value.igv).toBe('18.29');
    expect(value.taxableBase).toBe('101.61');
    expect(value.orderReference).toBe(spec.orderNumber);
    expect(value.ublVersion).toBe('2.1');
    expect(value.digestValue).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('reads the modified receipt of a note', () => {
    const value = readValue(buildReceiptXml(sampleReceiptSpec({ docType: '07', modifies: { docType: '03', series: 'B001', number: 99 } })));
    expect(value.root).toBe('CreditNote');
    expect(value.modifiedDocument).toBe('B001-99');
    expect(value.modifiedDocType).toBe('03');
  });

  it('reads the same values whatever prefixes bind the namespaces', () => {
    const original = buildReceiptXml(sampleReceiptSpec({ docType: '01' }));
    const renamed = original
      .replace(`xmlns:cbc="${cbc}"`, `xmlns:b="${cbc}"`)
      .replace(`xmlns:cac="${cac}"`, `xmlns:ns3="${cac}"`)
      .replace(/(<\/?)cbc:/g, '$1b:')
      .replace(/(<\/?)cac:/g, '$1ns3:');
    expect(renamed).toContain('<ns3:AccountingSupplierParty>');
    expect(readValue(renamed)).toEqual(readValue(original));
  });

  it('ignores elements from another namespace that reuse a UBL local name', () => {
    const xml = buildReceiptXml(sampleReceiptSpec()).replace(
      '<cbc:UBLVersionID>',
      '<x:OrderReference xmlns:x="urn:example:other"><x:ID>NOT-THIS</x:ID></x:OrderReference><cbc:UBLVersionID>',
    );
    expect(readValue(xml).orderReference).toBe('2000123456');
  });

  it('decodes the predefined entities and character references in names', () => {
    const spec = sampleReceiptSpec({ issuerName: 'PERÚ & ASOCIADOS <S.A.C.> "EL \'SOL\'"' });
    const xml = buildReceiptXml(spec);
    expect(xml).toContain('PERÚ &amp; ASOCIADOS &lt;S.A.C.&gt; &quot;EL &apos;SOL&apos;&quot;');
    expect(readValue(xml).issuerName).toBe(spec.issuerName);

    const withReferences = xml.replace('ROSA QUISPE MAMANI', 'ROSA QUI&#83;PE MU&#xD1;OZ');
    expect(readValue(withReferences).buyer.name).toBe('ROSA QUISPE MUÑOZ');
  });

  it('trims values padded with newlines and indentation', () => {
    const xml = buildReceiptXml(sampleReceiptSpec({ docType: '01' }))
      .replace('<cbc:ID>F001-123</cbc:ID>', '<cbc:ID>\n      F001-123\n    </cbc:ID>')
      .replace('<cbc:DocumentCurrencyCode>PEN</cbc:DocumentCurrencyCode>', '<cbc:DocumentCurrencyCode>PEN\n    </cbc:DocumentCurrencyCode>')
      .replace('<cbc:ID>1000</cbc:ID><cbc:Name>IGV', '<cbc:ID>\n   1000\n  </cbc:ID><cbc:Name>IGV');
    const value = readValue(xml);
    expect(value.series).toBe('F001');
    expect(value.number).toBe('123');
    expect(value.currency).toBe('PEN');
    expect(value.igv).toBe('18.29');
  });
});

describe('readUblXml encodings', () => {
  const spec = sampleReceiptSpec({ buyer: { schemeId: '1', id: '45871236', name: 'JOSÉ ÁLVAREZ RÍOS' } });

  function withDeclaration(encoding: string): string {
    return buildReceiptXml(spec).replace('encoding="UTF-8"', `encoding="${encoding}"`);
  }

  it.each(['ISO-8859-1', 'windows-1252', 'windows-1250'])('honours a declared %s', (encoding) => {
    const bytes = iconv.encode(withDeclaration(encoding), encoding);
    expect(bytes.includes(Buffer.from('JOSÉ', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('JOS?', 'latin1'))).toBe(false);
    expect(readValue(bytes).buyer.name).toBe('JOSÉ ÁLVAREZ RÍOS');
  });

  it('reads UTF-8 with a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(buildReceiptXml(spec), 'utf8')]);
    expect(readValue(bytes).buyer.name).toBe('JOSÉ ÁLVAREZ RÍOS');
  });

  it('reads UTF-16 with a byte order mark', () => {
    const bytes = iconv.encode(withDeclaration('UTF-16'), 'utf-16le', { addBOM: true });
    expect(readValue(bytes).buyer.name).toBe('JOSÉ ÁLVAREZ RÍOS');
  });

  it('reads windows-1252 bytes mislabelled as UTF-8', () => {
    const bytes = iconv.encode(buildReceiptXml(spec), 'windows-1252');
    expect(readValue(bytes).buyer.name).toBe('JOSÉ ÁLVAREZ RÍOS');
  });

  it('rejects an unknown declared encoding', () => {
    const result = expectRejected(readUblXml(Buffer.from(withDeclaration('x-klingon')), 'f.xml'));
    expect(result.code).toBe('XML_MALFORMED');
    expect(result.details.reason).toContain('x-klingon');
  });
});

describe('readUblXml safety', () => {
  const invoiceStart = `<Invoice xmlns="${oasis}Invoice-2" xmlns:cbc="${cbc}">`;

  it('rejects an external entity (XXE) without reading it', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${invoiceStart}<cbc:ID>&xxe;</cbc:ID></Invoice>`;
    const result = expectRejected(readUblXml(Buffer.from(xml), 'xxe.xml'));
    expect(result.code).toBe('XML_MALFORMED');
    expect(result.details.reason).toContain('DTD');
    expect(result.details.file).toBe('xxe.xml');
  });

  it('rejects an entity expansion bomb', () => {
    const entities = Array.from({ length: 9 }, (_, level) => `<!ENTITY e${level + 1} "${`&e${level};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY e0 "lol">${entities}]>${invoiceStart}<cbc:ID>&e9;</cbc:ID></Invoice>`;
    const result = expectRejected(readUblXml(Buffer.from(xml), 'bomb.xml'));
    expect(result.code).toBe('XML_MALFORMED');
    expect(result.details.reason).toContain('DTD');
  });

  it('rejects a DOCTYPE anywhere in the document', () => {
    const xml = `${invoiceStart}<cbc:ID>F001-1</cbc:ID><!doctype x></Invoice>`;
    expect(expectRejected(readUblXml(Buffer.from(xml), 'f.xml')).code).toBe('XML_MALFORMED');
  });

  it('rejects excessive nesting', () => {
    const xml = `${invoiceStart}${'<cbc:Note>'.repeat(5000)}${'</cbc:Note>'.repeat(5000)}</Invoice>`;
    expect(expectRejected(readUblXml(Buffer.from(xml), 'deep.xml')).code).toBe('XML_MALFORMED');
  });

  it('leaves an undeclared entity reference unexpanded', () => {
    const xml = buildReceiptXml(sampleReceiptSpec()).replace('ROSA QUISPE MAMANI', '&xxe;');
    expect(readValue(xml).buyer.name).toBe('&xxe;');
  });
});

describe('readUblXml rejections', () => {
  it('reports a truncated file as malformed with its position', () => {
    const xml = buildReceiptXml(sampleReceiptSpec());
    const result = expectRejected(readUblXml(Buffer.from(xml.slice(0, xml.length / 2)), 'cut.xml'));
    expect(result.code).toBe('XML_MALFORMED');
    expect(result.details.reason).toMatch(/línea \d+/);
  });

  it('reports an undeclared prefix as malformed', () => {
    const xml = `<Invoice xmlns="${oasis}Invoice-2"><cbc:ID>F001-1</cbc:ID></Invoice>`;
    const result = expectRejected(readUblXml(Buffer.from(xml), 'f.xml'));
    expect(result.code).toBe('XML_MALFORMED');
    expect(result.details.reason).toContain('cbc');
  });

  it.each([
    ['<Factura><Serie>F001</Serie></Factura>', 'Factura'],
    ['<Invoice><ID>F001-1</ID></Invoice>', 'Invoice'],
    [`<ApplicationResponse xmlns="${oasis}ApplicationResponse-2"/>`, 'ApplicationResponse'],
  ])('rejects a non-receipt root as XML_NOT_CPE: %s', (xml, root) => {
    const result = expectRejected(readUblXml(Buffer.from(xml), 'x.xml'));
    expect(result.code).toBe('XML_NOT_CPE');
    expect(result.details).toEqual({ file: 'x.xml', root });
  });
});

describe('readUblXml other SUNAT documents', () => {
  const sunat = 'urn:sunat:names:specification:ubl:peru:schema:xsd:';
  it.each([
    [`<SummaryDocuments xmlns="${sunat}SummaryDocuments-1" xmlns:cbc="${cbc}"><cbc:ID>RC-20240315-1</cbc:ID></SummaryDocuments>`, 'RC'],
    [`<VoidedDocuments xmlns="${sunat}VoidedDocuments-1" xmlns:cbc="${cbc}"><cbc:ID>RA-20240315-1</cbc:ID></VoidedDocuments>`, 'RA'],
    [`<Retention xmlns="${sunat}Retention-1" xmlns:cbc="${cbc}"><cbc:ID>R001-1</cbc:ID></Retention>`, '20'],
    [`<Perception xmlns="${sunat}Perception-1" xmlns:cbc="${cbc}"><cbc:ID>P001-1</cbc:ID></Perception>`, '40'],
    [`<DespatchAdvice xmlns="${oasis}DespatchAdvice-2" xmlns:cbc="${cbc}"><cbc:ID>T001-9</cbc:ID><cbc:DespatchAdviceTypeCode>09</cbc:DespatchAdviceTypeCode></DespatchAdvice>`, '09'],
  ])('reads %s with its type', (xml, docType) => {
    expect(readValue(xml).docType).toBe(docType);
  });
});

describe('readUblXml legacy layouts', () => {
  const legacy = `<?xml version="1.0" encoding="ISO-8859-1"?>
<?xml-stylesheet type="text/xsl" href="factura.xsl"?>
<Invoice xmlns="${oasis}Invoice-2" xmlns:cac="${cac}" xmlns:cbc="${cbc}"
  xmlns:ext="${oasis}CommonExtensionComponents-2" xmlns:sac="urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1">
<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><sac:AdditionalInformation>
<sac:AdditionalMonetaryTotal><cbc:ID>1001</cbc:ID><cbc:PayableAmount currencyID="PEN">100.00</cbc:PayableAmount></sac:AdditionalMonetaryTotal>
</sac:AdditionalInformation></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:ID>E001-5</cbc:ID><cbc:IssueDate>2017-08-03</cbc:IssueDate>
<cbc:InvoiceTypeCode>1</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>PEN</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cbc:CustomerAssignedAccountID>20131312955</cbc:CustomerAssignedAccountID><cbc:AdditionalAccountID>6</cbc:AdditionalAccountID>
<cac:Party><cac:PartyName><cbc:Name><![CDATA[   ]]></cbc:Name></cac:PartyName><cac:PartyLegalEntity><cbc:RegistrationName><![CDATA[ EMISOR S.A. ]]></cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cbc:CustomerAssignedAccountID>45871236</cbc:CustomerAssignedAccountID><cbc:AdditionalAccountID>1</cbc:AdditionalAccountID>
<cac:Party><cac:PartyLegalEntity><cbc:RegistrationName><![CDATA[PEÑA & HIJOS &amp; CÍA]]></cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="PEN">0.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxAmount currencyID="PEN">0.00</cbc:TaxAmount><cac:TaxCategory><cac:TaxScheme><cbc:ID>2000</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:TaxTotal><cbc:TaxAmount currencyID="PEN">10.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxAmount currencyID="PEN">10.00</cbc:TaxAmount><cac:TaxCategory><cac:TaxScheme><cbc:ID>1000</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:TaxTotal><cbc:TaxAmount currencyID="PEN">8.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxAmount currencyID="PEN">8.00</cbc:TaxAmount><cac:TaxCategory><cac:TaxScheme><cbc:ID>1000</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="PEN">118.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>`;

  it('reads RUCs from CustomerAssignedAccountID with the scheme from AdditionalAccountID', () => {
    const value = readValue(iconv.encode(legacy, 'latin1'));
    expect(value.ublVersion).toBe('2.0');
    expect(value.docType).toBe('01');
    expect(value.issuerRuc).toBe('20131312955');
    expect(value.issuerName).toBe('EMISOR S.A.');
    expect(value.buyer).toEqual({ schemeId: '1', id: '45871236', name: 'PEÑA & HIJOS &amp; CÍA' });
  });

  it('sums IGV over legacy TaxTotals', () => {
    const value = readValue(iconv.encode(legacy, 'latin1'));
    expect(value.igv).toBe('18.00');
    expect(value.taxableBase).toBe('100.00');
    expect(value.total).toBe('118.00');
    expect(value.digestValue).toBeNull();
  });

  it('reads RUCs from PartyTaxScheme/CompanyID (2017 draft layout)', () => {
    const draft = legacy
      .replace(
        /<cac:AccountingSupplierParty>.*?<\/cac:AccountingSupplierParty>/s,
        '<cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme><cbc:RegistrationName>EMISOR</cbc:RegistrationName><cbc:CompanyID schemeID="6">20200464529</cbc:CompanyID><cac:TaxScheme/></cac:PartyTaxScheme></cac:Party></cac:AccountingSupplierParty>',
      )
      .replace(
        /<cac:AccountingCustomerParty>.*?<\/cac:AccountingCustomerParty>/s,
        '<cac:AccountingCustomerParty><cac:Party><cac:PartyTaxScheme><cbc:RegistrationName>BODEGA</cbc:RegistrationName><cbc:CompanyID schemeID="6">20546687668</cbc:CompanyID><cac:TaxScheme/></cac:PartyTaxScheme></cac:Party></cac:AccountingCustomerParty>',
      );
    const value = readValue(iconv.encode(draft, 'latin1'));
    expect(value.issuerRuc).toBe('20200464529');
    expect(value.issuerName).toBe('EMISOR');
    expect(value.buyer).toEqual({ schemeId: '6', id: '20546687668', name: 'BODEGA' });
  });

  it('normalises a spaced billing reference and keeps its type', () => {
    const note = `<CreditNote xmlns="${oasis}CreditNote-2" xmlns:cac="${cac}" xmlns:cbc="${cbc}"><cbc:ID>E001-27</cbc:ID>
<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>E001 - 170</cbc:ID><cbc:DocumentTypeCode>01</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference></CreditNote>`;
    const value = readValue(note);
    expect(value.docType).toBe('07');
    expect(value.modifiedDocument).toBe('E001-170');
    expect(value.modifiedDocType).toBe('01');
  });
});
