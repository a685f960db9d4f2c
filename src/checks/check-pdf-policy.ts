import type { CheckContext } from './check-context.ts';
import { finding, passed, type CheckResult } from './finding.ts';
import type { PdfReceipt, ReceiptDocument } from '../receipts/receipt-document.ts';

/**
 * True for a PDF with pages but no readable receipt data: the receipt reader returns such
 * a PdfReceipt, every field null, when the PDF has no text layer (a scan or a photo).
 */
export function isImageOnly(pdf: PdfReceipt): boolean {
  const textFields = [
    pdf.docType,
    pdf.title,
    pdf.series,
    pdf.number,
    pdf.issuerRuc,
    pdf.issueDate,
    pdf.total,
    pdf.currency,
    pdf.buyer.schemeId,
    pdf.buyer.id,
    pdf.buyer.name,
    pdf.hash,
  ];
  return pdf.pageCount > 0 && pdf.qr === null && textFields.every((field) => field === null);
}

/** True when the receipt rests on an image-only PDF alone, with no XML to read instead. */
export function hasOnlyImagePdf(doc: ReceiptDocument): boolean {
  return doc.xml === null && doc.pdf !== null && isImageOnly(doc.pdf);
}

/**
 * Rejects with PDF_NO_TEXT when the only document is an image-only PDF; when the policy accepts
 * such PDFs, warns with PDF_NO_TEXT_ACCEPTED instead. An XML beside the PDF carries the data, so the PDF's lack of text does not matter.
 */
export function checkPdfPolicy(
  doc: ReceiptDocument,
  fileNames: CheckContext['fileNames'],
  policy: CheckContext['policy'],
): CheckResult {
  if (!hasOnlyImagePdf(doc)) return passed;
  const file = fileNames.pdf ?? 'PDF';
  if (policy.acceptImageOnlyPdf) return [finding('PDF_NO_TEXT_ACCEPTED', { file })];
  return [finding('PDF_NO_TEXT', { file })];
}
