import { describe, expect, it } from 'vitest';
import { finding } from '../../src/checks/finding.ts';
import { buildBatchReport, renderRejectionsCsv, summaryOf, type ReportOutcome } from '../../src/reports/batch-report.ts';
import { batchRow } from '../support/batch-row.ts';

const batch = batchRow();

const outcomes: ReportOutcome[] = [
  { key: 'L0002', line: 2, orderNumber: 'P-1', files: ['F001-1.pdf'], verdict: 'accepted', findings: [] },
  {
    key: 'L0003',
    line: 3,
    orderNumber: 'P-2',
    files: ['B001-9.xml'],
    verdict: 'rejected',
    findings: [finding('DOC_TYPE_NOT_REQUESTED', { orderNumber: 'P-2', expected: 'una factura', found: 'una boleta' }), finding('TOTAL_MISMATCH', { found: '10.00', expected: '12.00' })],
  },
  { key: 'L0004', line: 4, orderNumber: '=cmd', files: ['x.pdf'], verdict: 'rejected', findings: [finding('ORDER_NOT_FOUND', { orderNumber: '=cmd' })] },
  { key: 'L0005', line: 5, orderNumber: 'P-3', files: ['F001-3.xml'], verdict: 'already_attached', findings: [finding('RECEIPT_ALREADY_ATTACHED', { receipt: 'F001-3' })] },
  { key: 'L0006', line: 6, orderNumber: 'P-4', files: ['F001-4.xml'], verdict: 'accepted', findings: [finding('IGV_INCONSISTENT', { igv: '1.00', base: '100.00' })] },
  { key: 'N0001', line: null, orderNumber: null, files: ['extra.pdf'], verdict: 'notice', findings: [finding('FILE_UNREFERENCED', { file: 'extra.pdf' })] },
];

describe('buildBatchReport', () => {
  const report = buildBatchReport(batch, outcomes);

  it('counts receipts by verdict, leaving notices out', () => {
    expect(summaryOf(report)).toMatchObject({ total: 5, accepted: 2, rejected: 2, alreadyAttached: 1, status: 'completed' });
  });

  it('counts each rejected receipt once by its first reason', () => {
    expect(report.reasons).toEqual({ DOC_TYPE_NOT_REQUESTED: 1, ORDER_NOT_FOUND: 1 });
  });

  it('counts warnings over receipts and files', () => {
    expect(report.warnings).toEqual({ IGV_INCONSISTENT: 1, FILE_UNREFERENCED: 1 });
  });

  it('gives each item its codes and a Spanish message', () => {
    const item = report.items.find((i) => i.line === 3)!;
    expect(item.codes).toEqual(['DOC_TYPE_NOT_REQUESTED', 'TOTAL_MISMATCH']);
    expect(item.message).toContain('El pedido P-2 requiere una factura, pero se envió una boleta.');
  });

  it('lists a repeated code once', () => {
    const mismatch = (field: string) => finding('PDF_XML_MISMATCH', { field, pdfValue: '10.00', xmlValue: '12.00' });
    const twice: ReportOutcome = { key: 'L0002', line: 2, orderNumber: 'P-1', files: ['a.pdf', 'a.xml'], verdict: 'rejected', findings: [mismatch('total'), mismatch('QR')] };

    expect(buildBatchReport(batch, [twice]).items[0]!.codes).toEqual(['PDF_XML_MISMATCH']);
  });

  it('reports a batch-level rejection as rejected with its code counted', () => {
    const rejected = buildBatchReport({ ...batch, batchFindings: [finding('BATCH_UNREADABLE', { reason: 'ZIP truncado' })] }, []);
    expect(rejected.status).toBe('rejected');
    expect(rejected.reasons).toEqual({ BATCH_UNREADABLE: 1 });
    expect(rejected.batchFindings[0]!.message).toBe('No se pudo abrir el lote (ZIP truncado).');
  });
});

describe('renderRejectionsCsv', () => {
  const report = buildBatchReport(batch, outcomes);
  const csv = renderRejectionsCsv(report, outcomes);
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

  it('starts with a UTF-8 BOM and the Spanish header', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('linea,numero_orden,archivos,veredicto,codigo,mensaje,que_hacer,detalle,otros_codigos');
  });

  it('leaves out plain accepted receipts', () => {
    expect(lines).toHaveLength(1 + 5);
    expect(lines.some((line) => line.startsWith('2,'))).toBe(false);
  });

  it('writes an already attached receipt', () => {
    const row = lines.find((line) => line.startsWith('5,'));
    expect(row).toContain(',ya_adjunto,RECEIPT_ALREADY_ATTACHED,');
  });

  it('neutralises a formula in a cell', () => {
    expect(lines.find((line) => line.startsWith('4,'))).toContain(",'=cmd,");
  });

  it('labels detail keys in Spanish', () => {
    const image: ReportOutcome = { key: 'L0002', line: 2, orderNumber: 'P-1', files: ['foto.pdf'], verdict: 'rejected', findings: [finding('FILE_TYPE_UNSUPPORTED', { file: 'foto.pdf', detected: 'imagen PNG' })] };
    const row = renderRejectionsCsv(buildBatchReport(batch, [image]), [image]).split('\r\n')[1]!;

    expect(row).toContain('archivo=foto.pdf; detectado=imagen PNG');
  });

  it('lists the other codes of a receipt', () => {
    expect(lines.find((line) => line.startsWith('3,'))).toMatch(/,TOTAL_MISMATCH$/);
  });
});
