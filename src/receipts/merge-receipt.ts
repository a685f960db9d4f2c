import type { CdrReceipt, PdfReceipt, ReceiptDocument, XmlReceipt } from './receipt-document.ts';

const emptyBuyer = { schemeId: null, id: null, name: null } as const;

/**
 * Combines what was read from one receipt's files. The XML is the source of truth: when
 * there is one, every field comes from it, even a null one, because the PDF's text must
 * not make up for a defective XML (PDF_XML_MISMATCH compares the parts, which stay
 * attached). Without an XML the PDF's fields are used.
 */
export function mergeReceipt(parts: { xml: XmlReceipt | null; pdf: PdfReceipt | null; cdr: CdrReceipt | null }): ReceiptDocument {
  const { xml, pdf, cdr } = parts;
  if (xml !== null) {
    return {
      docType: xml.docType,
      series: xml.series,
      number: xml.number,
      issuerRuc: xml.issuerRuc,
      issueDate: xml.issueDate,
      currency: xml.currency,
      total: xml.total,
      igv: xml.igv,
      taxableBase: xml.taxableBase,
      buyer: xml.buyer,
      orderReference: xml.orderReference,
      modifiedDocument: xml.modifiedDocument,
      modifiedDocType: xml.modifiedDocType,
      xml,
      pdf,
      cdr,
    };
  }

  return {
    docType: pdf?.docType ?? null,
    series: pdf?.series ?? null,
    number: pdf?.number ?? null,
    issuerRuc: pdf?.issuerRuc ?? null,
    issueDate: pdf?.issueDate ?? null,
    currency: pdf?.currency ?? null,
    total: pdf?.total ?? null,
    // The printed QR states the IGV, but the QR only corroborates and is never read alone.
    igv: null,
    taxableBase: null,
    buyer: pdf?.buyer ?? emptyBuyer,
    orderReference: null,
    modifiedDocument: null,
    modifiedDocType: null,
    xml: null,
    pdf,
    cdr,
  };
}
