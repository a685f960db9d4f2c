import { describe, expect, it } from 'vitest';
import { buildReceiptXml } from '../../src/demo/receipt-xml.ts';
import { sampleReceiptSpec } from '../../src/demo/receipt-spec.ts';
import { readCdrXml } from '../../src/receipts/read-cdr.ts';
import type { CdrReceipt } from '../../src/receipts/receipt-document.ts';

const oasis = 'urn:oasis:names:specification:ubl:schema:xsd:';

interface CdrParts {
  receiver?: string;
  reference?: string;
  documentType?: string;
  code?: string;
  description?: string;
  notes?: string[];
}

/** Builds a SUNAT response as SUNAT writes it: prefixed root, SUNAT as sender, the issuer as receiver. */
function cdrXml(parts: CdrParts): string {
  const notes = (parts.notes ?? []).map((note) => `<cbc:Note>${note}</cbc:Note>`).join('');
  const receiver = parts.receiver === undefined ? '' : `<cac:ReceiverParty><cac:PartyIdentification><cbc:ID>${parts.receiver}</cbc:ID></cac:PartyIdentification></cac:ReceiverParty>`;
  const documentType = parts.documentType === undefined ? '' : `<cbc:DocumentTypeCode>${parts.documentType}</cbc:DocumentTypeCode>`;
  const reference = parts.reference === undefined ? '' : `<cac:DocumentReference><cbc:ID>${parts.reference}</cbc:ID>${documentType}</cac:DocumentReference>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ar:ApplicationResponse xmlns:ar="${oasis}ApplicationResponse-2" xmlns:cac="${oasis}CommonAggregateComponents-2" xmlns:cbc="${oasis}CommonBasicComponents-2">
<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:ID>1668388798332</cbc:ID>${notes}
<cac:SenderParty><cac:PartyIdentification><cbc:ID>20131312955</cbc:ID></cac:PartyIdentification></cac:SenderParty>${receiver}
<cac:DocumentResponse><cac:Response><cbc:ReferenceID>${parts.reference ?? ''}</cbc:ReferenceID><cbc:ResponseCode>${parts.code ?? '0'}</cbc:ResponseCode>
<cbc:Description>${parts.description ?? ''}</cbc:Description></cac:Response>${reference}</cac:DocumentResponse>
</ar:ApplicationResponse>`;
}

function readValue(xml: string, fileName: string): CdrReceipt {
  const result = readCdrXml(Buffer.from(xml), fileName);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}`);
  return result.value;
}

describe('readCdrXml', () => {
  it('reads code, description, notes and the answered document', () => {
    const value = readValue(
      cdrXml({
        receiver: '20601234565',
        reference: 'F001-123',
        documentType: '01',
        code: '4252',
        description: 'La Factura numero F001-123, ha sido aceptada',
        notes: ['4252 - El dato ingresado como atributo @listName es incorrecto.', '4332 - Código de producto no declarado'],
      }),
      'respuesta.xml',
    );
    expect(value).toEqual({
      source: 'cdr',
      documentId: '20601234565-01-F001-123',
      responseCode: '4252',
      description: 'La Factura numero F001-123, ha sido aceptada',
      notes: ['4252 - El dato ingresado como atributo @listName es incorrecto.', '4332 - Código de producto no declarado'],
    });
  });

  it('takes the type from the description when no DocumentTypeCode is given', () => {
    const value = readValue(cdrXml({ receiver: '20604051984', reference: 'B001-9927', description: 'La Boleta numero B001-9927, ha sido aceptada' }), 'x.xml');
    expect(value.documentId).toBe('20604051984-03-B001-9927');
  });

  it('reads a note type from the description before a receipt word', () => {
    const value = readValue(cdrXml({ receiver: '20604051984', reference: 'FC01-4', description: 'La Nota de Credito numero FC01-4 de la factura F001-1, ha sido aceptada' }), 'x.xml');
    expect(value.documentId).toBe('20604051984-07-FC01-4');
  });

  it('fills missing parts from an R- file name', () => {
    const value = readValue(cdrXml({ reference: 'F001-2', code: '0109', description: 'El sistema no pudo procesar su solicitud' }), 'R-20600995805-01-F001-2.xml');
    expect(value.documentId).toBe('20600995805-01-F001-2');
    expect(value.responseCode).toBe('0109');
  });

  it('prefers the content over the file name', () => {
    const value = readValue(cdrXml({ receiver: '20601234565', reference: 'F001-77', documentType: '01' }), 'R-20100070970-03-B001-5.xml');
    expect(value.documentId).toBe('20601234565-01-F001-77');
  });

  it('reads a receiver RUC written with its scheme', () => {
    const value = readValue(cdrXml({ receiver: '6-20601234565', reference: 'F001-1', documentType: '01' }), 'x.xml');
    expect(value.documentId).toBe('20601234565-01-F001-1');
  });

  it('leaves the document id null when neither content nor name states it', () => {
    const value = readValue(cdrXml({ reference: 'F001-1', description: 'Aceptado' }), 'respuesta-sunat.xml');
    expect(value.documentId).toBeNull();
    expect(value.notes).toEqual([]);
  });

  it('rejects a receipt given as CDR', () => {
    const result = readCdrXml(Buffer.from(buildReceiptXml(sampleReceiptSpec())), 'R-x.xml');
    expect(result).toEqual({ ok: false, code: 'XML_NOT_CPE', details: { file: 'R-x.xml', root: 'Invoice' } });
  });

  it('rejects malformed and DTD-bearing XML', () => {
    const truncated = readCdrXml(Buffer.from(cdrXml({}).slice(0, 200)), 'R-cut.xml');
    expect(truncated).toMatchObject({ ok: false, code: 'XML_MALFORMED' });

    const withDoctype = readCdrXml(Buffer.from(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>${cdrXml({})}`), 'R-dtd.xml');
    expect(withDoctype).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
  });
});
