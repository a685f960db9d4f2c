import { describe, expect, it } from 'vitest';
import { checkPdfPolicy, hasOnlyImagePdf, isImageOnly } from '../../src/checks/check-pdf-policy.ts';
import type { PdfReceipt } from '../../src/receipts/receipt-document.ts';
import { expectMessagesFilled, factura } from './receipt-fixtures.ts';

const imagePdf: PdfReceipt = {
  source: 'pdf',
  docType: null,
  title: null,
  series: null,
  number: null,
  issuerRuc: null,
  issueDate: null,
  total: null,
  currency: null,
  buyer: { schemeId: null, id: null, name: null },
  hash: null,
  qr: null,
  pageCount: 1,
};

const names = { pdf: 'escaneo.pdf', xml: null };
const rejectPolicy = { acceptImageOnlyPdf: false };

describe('isImageOnly', () => {
  it('recognises a PDF with pages and no fields', () => {
    expect(isImageOnly(imagePdf)).toBe(true);
  });

  it('rejects a PDF with any field', () => {
    expect(isImageOnly({ ...imagePdf, total: '10.00' })).toBe(false);
    expect(isImageOnly({ ...imagePdf, buyer: { schemeId: null, id: '45678912', name: null } })).toBe(false);
  });

  it('rejects a PDF without pages', () => {
    expect(isImageOnly({ ...imagePdf, pageCount: 0 })).toBe(false);
  });
});

describe('checkPdfPolicy', () => {
  const imageOnly = factura({ xml: null, pdf: imagePdf });

  it('rejects an image-only PDF without XML', () => {
    const findings = checkPdfPolicy(imageOnly, names, rejectPolicy);
    expect(hasOnlyImagePdf(imageOnly)).toBe(true);
    expect(findings).toEqual([{ code: 'PDF_NO_TEXT', details: { file: 'escaneo.pdf' } }]);
    expectMessagesFilled(findings);
  });

  it('warns when the policy accepts it', () => {
    expect(checkPdfPolicy(imageOnly, names, { acceptImageOnlyPdf: true })).toEqual([{ code: 'PDF_NO_TEXT_ACCEPTED', details: { file: 'escaneo.pdf' } }]);
  });

  it('passes an image-only PDF beside an XML', () => {
    expect(checkPdfPolicy(factura({ pdf: imagePdf }), names, rejectPolicy)).toEqual([]);
  });

  it('passes a PDF with text', () => {
    expect(checkPdfPolicy(factura({ xml: null }), names, rejectPolicy)).toEqual([]);
  });
});
