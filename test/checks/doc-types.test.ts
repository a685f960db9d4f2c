import { describe, expect, it } from 'vitest';
import {
  describeDocType,
  docTypeForRequest,
  docTypeFromText,
  docTypeWithArticle,
  isReceiptDocType,
} from '../../src/checks/doc-types.ts';

describe('doc types', () => {
  it('names known types', () => {
    expect(describeDocType('09')).toBe('09 (guía de remisión)');
    expect(describeDocType('01')).toBe('01 (factura)');
    expect(describeDocType('99')).toBe('99');
    expect(describeDocType(null)).toBe('no identificado');
  });

  it('knows the receipt types', () => {
    expect(['01', '03', '07', '08'].every(isReceiptDocType)).toBe(true);
    expect(isReceiptDocType('09')).toBe(false);
    expect(isReceiptDocType(null)).toBe(false);
  });

  it('maps requests to types', () => {
    expect(docTypeForRequest('factura')).toBe('01');
    expect(docTypeForRequest('boleta')).toBe('03');
  });

  it('writes Spanish noun phrases', () => {
    expect(docTypeWithArticle('01')).toBe('una factura');
    expect(docTypeWithArticle('03')).toBe('una boleta');
    expect(docTypeWithArticle('09')).toBe('un documento tipo 09 (guía de remisión)');
  });

  it.each([
    ['01', '01'],
    ['1', '01'],
    ['3', '03'],
    ['FACTURA', '01'],
    ['Boleta', '03'],
    ['BOLETA DE VENTA', '03'],
    ['NOTA_DE_CREDITO', '07'],
    ['Nota de Crédito', '07'],
    ['nota de débito', '08'],
    ['guia', 'GUIA'],
  ])('reads %j as %j', (text, code) => {
    expect(docTypeFromText(text)).toBe(code);
  });

  it('reads blank as null', () => {
    expect(docTypeFromText(' ')).toBeNull();
    expect(docTypeFromText(null)).toBeNull();
  });
});
