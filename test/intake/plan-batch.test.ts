import { describe, expect, it } from 'vitest';
import type { BatchFile, BatchPlan } from '../../src/intake/batch-plan.ts';
import { planBatch } from '../../src/intake/plan-batch.ts';
import { orderNumberFromName } from '../../src/intake/plan-pairs.ts';
import { readManifest } from '../../src/intake/read-manifest.ts';
import { formatReason } from '../../src/reports/reason-codes.ts';

/** Batch files with stored paths in archive order, as readArchive returns them. */
function batchFiles(...names: string[]): BatchFile[] {
  return names.map((originalName, index) => ({ originalName, storedPath: `files/${String(index + 1).padStart(6, '0')}.bin`, size: 100 }));
}

function manifest(...lines: string[]) {
  return readManifest(Buffer.from(['numero_orden,tipo_comprobante,serie,correlativo,archivo_pdf,archivo_xml,monto_total', ...lines].join('\n')));
}

function expectOk(plan: BatchPlan): Extract<BatchPlan, { ok: true }> {
  if (!plan.ok) throw new Error(`expected an ok plan, got ${JSON.stringify(plan.findings)}`);
  return plan;
}

describe('planBatch with a manifest', () => {
  it('makes one item per good row', () => {
    const files = batchFiles('lote/3000123.PDF', 'LOTE/20100070970-01-F001-1.xml');
    const plan = expectOk(planBatch({ manifest: manifest('3000123,01,F001,1,3000123.pdf,20100070970-01-f001-1.XML,118.00'), files }));

    expect(plan.rowRejections).toEqual([]);
    expect(plan.items).toEqual([
      {
        key: 'L0002',
        line: 2,
        claims: { orderNumber: '3000123', docType: '01', series: 'F001', number: '1', total: '118.00', issueDate: null },
        pdf: files[0],
        xml: files[1],
        cdr: null,
        findings: [],
      },
    ]);
  });

  it('prefers the exact path for a shared base name', () => {
    const files = batchFiles('enero/a.pdf', 'febrero/a.pdf');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,,,febrero/a.pdf,,'), files }));
    expect(plan.items[0]!.pdf).toBe(files[1]);
    expect(plan.rowRejections).toEqual([{ key: 'F0001', line: null, orderNumber: null, files: ['enero/a.pdf'], findings: [{ code: 'FILE_UNREFERENCED', details: { file: 'enero/a.pdf' } }] }]);
  });

  it('takes the first file when the path does not decide', () => {
    const files = batchFiles('enero/a.pdf', 'febrero/a.pdf');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,,,a.pdf,,'), files }));
    expect(plan.items[0]!.pdf).toBe(files[0]);
    expect(plan.rowRejections.map((row) => row.files)).toEqual([['febrero/a.pdf']]);
  });

  it('reports a missing file on its item', () => {
    const plan = expectOk(planBatch({ manifest: manifest('1,01,,,falta.pdf,a.xml,'), files: batchFiles('a.xml') }));
    expect(plan.items[0]!.pdf).toBeNull();
    expect(plan.items[0]!.xml?.originalName).toBe('a.xml');
    expect(plan.items[0]!.findings).toEqual([{ code: 'FILE_NOT_FOUND', details: { file: 'falta.pdf' } }]);
  });

  it('carries the findings of a rejected file', () => {
    const rejected = { originalName: 'secreto.pdf', findings: [{ code: 'BATCH_UNREADABLE' as const, details: { reason: '"secreto.pdf" está protegido con contraseña' } }] };
    const plan = expectOk(planBatch({ manifest: manifest('1,01,,,secreto.pdf,,'), files: [], rejectedFiles: [rejected] }));
    expect(plan.items[0]!.findings).toEqual(rejected.findings);
    expect(plan.rowRejections).toEqual([]);
  });

  it('reports an unreferenced rejected file', () => {
    const rejected = { originalName: 'grande.pdf', findings: [{ code: 'FILE_EMPTY_OR_TOO_LARGE' as const, details: { file: 'grande.pdf', size: 3, max: 2 } }] };
    const plan = expectOk(planBatch({ manifest: manifest(), files: [], rejectedFiles: [rejected] }));
    expect(plan.rowRejections).toEqual([{ key: 'F0001', line: null, orderNumber: null, files: ['grande.pdf'], findings: rejected.findings }]);
  });

  it('rejects repeated orders, files and receipts', () => {
    const files = batchFiles('a.pdf', 'b.pdf', 'c.pdf', 'd.pdf');
    const plan = expectOk(
      planBatch({
        manifest: manifest('1,01,F001,1,a.pdf,,', '1,01,F001,2,b.pdf,,', '2,01,F001,3,A.PDF,,', '3,01,F001,00000001,c.pdf,,', '4,03,F001,1,d.pdf,,'),
        files,
      }),
    );

    expect(plan.items.map((item) => item.key)).toEqual(['L0002', 'L0006']);
    const duplicates = plan.rowRejections.map((row) => [row.key, row.findings.map((f) => formatReason(f.code, f.details))]);
    expect(duplicates).toEqual([
      ['L0003', ['Fila 3: el pedido 1 ya aparece en la fila 2 del mismo lote.']],
      ['L0004', ['Fila 4: el archivo "A.PDF" ya aparece en la fila 2 del mismo lote.']],
      ['L0005', ['Fila 5: la factura F001-00000001 ya aparece en la fila 2 del mismo lote.']],
    ]);
    expect(plan.rowRejections[0]!.findings[0]!.details).toEqual({ line: 3, what: 'el pedido 1', firstLine: 2 });
  });

  it('warns about unreferenced files but not CDRs', () => {
    const files = batchFiles('a.pdf', 'otro.pdf', 'R-20100070970-01-F001-9.xml', 'cdr.zip/dummy', 'leeme.txt');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,,,a.pdf,,'), files }));
    expect(plan.rowRejections.map((row) => [row.key, row.files[0], row.findings[0]!.code])).toEqual([
      ['F0001', 'otro.pdf', 'FILE_UNREFERENCED'],
      ['F0002', 'leeme.txt', 'FILE_UNREFERENCED'],
    ]);
  });

  it('attaches the CDR of a receipt', () => {
    const files = batchFiles('20100070970-01-F001-1.pdf', '20100070970-01-F001-1.xml', 'cdr/R-20100070970-01-F001-1.zip/R-20100070970-01-F001-1.xml');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,F001,1,20100070970-01-F001-1.pdf,20100070970-01-F001-1.xml,'), files }));
    expect(plan.items[0]!.cdr).toBe(files[2]);
    expect(plan.rowRejections).toEqual([]);
  });

  it('attaches the CDR whatever the padding of either name', () => {
    const files = batchFiles('20100070970-01-F001-00000001.xml', 'R-20100070970-01-F001-1.xml', '20100070970-03-B001-7.xml', 'R-20100070970-03-B001-0007.zip/R-20100070970-03-B001-0007.xml');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,F001,1,,20100070970-01-F001-00000001.xml,', '2,03,B001,7,,20100070970-03-B001-7.xml,'), files }));
    expect(plan.items.map((item) => item.cdr)).toEqual([files[1], files[3]]);
    expect(plan.rowRejections).toEqual([]);
  });

  it('attaches the CDR by the claimed receipt when files have other names', () => {
    const files = batchFiles('boleta-7.pdf', 'boleta-7.xml', 'R-20100070970-03-B001-7.xml');
    const plan = expectOk(planBatch({ manifest: manifest('1,03,b001,00007,boleta-7.pdf,boleta-7.xml,'), files }));
    expect(plan.items[0]!.cdr).toBe(files[2]);
  });

  it('leaves out a CDR the claims cannot tell apart', () => {
    const files = batchFiles('boleta-7.xml', 'R-20100070970-03-B001-7.xml', 'R-20131312955-03-B001-7.xml', 'sin-serie.xml');
    const plan = expectOk(planBatch({ manifest: manifest('1,03,B001,7,,boleta-7.xml,', '2,03,,,,sin-serie.xml,'), files }));
    expect(plan.items.map((item) => item.cdr)).toEqual([null, null]);
  });

  it('finds the XML of a named SUNAT zip', () => {
    const files = batchFiles('20100070970-01-F001-1.zip/20100070970-01-F001-1.xml');
    const plan = expectOk(planBatch({ manifest: manifest('1,01,F001,1,,20100070970-01-F001-1.zip,'), files }));
    expect(plan.items[0]!.xml).toBe(files[0]);
    expect(plan.items[0]!.findings).toEqual([]);
  });

  it('turns rejected rows into row rejections', () => {
    const plan = expectOk(planBatch({ manifest: manifest('1,09,,,a.pdf,,', '2,01,,,b.pdf,,'), files: batchFiles('a.pdf', 'b.pdf') }));
    expect(plan.items.map((item) => item.key)).toEqual(['L0003']);
    expect(plan.rowRejections).toEqual([
      { key: 'L0002', line: 2, orderNumber: '1', files: ['a.pdf'], findings: [{ code: 'ROW_INVALID', details: { line: 2, field: 'tipo_comprobante', problem: 'no es un tipo válido: "09"' } }] },
    ]);
  });

  it('rejects the batch for a bad manifest', () => {
    const plan = planBatch({ manifest: readManifest(Buffer.from('foo,bar\n')), files: batchFiles('a.pdf') });
    expect(plan).toEqual({
      ok: false,
      findings: [{ code: 'MANIFEST_HEADER_INVALID', details: { missing: 'numero_orden, tipo_comprobante, archivo_pdf o archivo_xml' } }],
    });
  });

  it('plans no items for a manifest without rows', () => {
    const plan = expectOk(planBatch({ manifest: manifest(), files: [] }));
    expect(plan.items).toEqual([]);
    expect(plan.rowRejections).toEqual([]);
  });
});

describe('planBatch without a manifest', () => {
  it('pairs files by base name', () => {
    const files = batchFiles('pdf/3000123.pdf', 'xml/3000123.XML', '3000124_boleta.pdf', '20100070970-03-B001-7.xml', 'R-20100070970-03-B001-7.xml', 'dummy');
    const plan = expectOk(planBatch({ manifest: null, files }));

    expect(plan.items.map((item) => [item.key, item.pdf?.originalName ?? null, item.xml?.originalName ?? null, item.claims.orderNumber, item.cdr?.originalName ?? null])).toEqual([
      ['P0001', 'pdf/3000123.pdf', 'xml/3000123.XML', '3000123', null],
      ['P0002', '3000124_boleta.pdf', null, '3000124', null],
      ['P0003', null, '20100070970-03-B001-7.xml', null, 'R-20100070970-03-B001-7.xml'],
    ]);
    expect(plan.items.every((item) => item.line === null && item.findings.length === 0)).toBe(true);
    expect(plan.rowRejections).toEqual([]);
  });

  it('pairs repeated base names in order', () => {
    const files = batchFiles('a/1.pdf', 'a/1.xml', 'b/1.pdf', 'b/1.xml');
    const plan = expectOk(planBatch({ manifest: null, files }));
    expect(plan.items.map((item) => [item.pdf?.originalName, item.xml?.originalName])).toEqual([
      ['a/1.pdf', 'a/1.xml'],
      ['b/1.pdf', 'b/1.xml'],
    ]);
  });

  it('gives other files an item of their own', () => {
    const files = batchFiles('1.pdf', 'foto.jpg', '1.txt', 'LEAME');
    const plan = expectOk(planBatch({ manifest: null, files }));
    expect(plan.items.map((item) => [item.key, item.pdf?.originalName ?? null, item.xml?.originalName ?? null])).toEqual([
      ['P0001', '1.pdf', null],
      ['P0002', 'foto.jpg', null],
      ['P0003', '1.txt', null],
      ['P0004', 'LEAME', null],
    ]);
    expect(plan.rowRejections).toEqual([]);
  });

  it('reports rejected files', () => {
    const rejected = { originalName: 'secreto.pdf', findings: [{ code: 'BATCH_UNREADABLE' as const, details: { reason: 'x' } }] };
    const plan = expectOk(planBatch({ manifest: null, files: [], rejectedFiles: [rejected] }));
    expect(plan.items).toEqual([]);
    expect(plan.rowRejections).toEqual([{ key: 'F0001', line: null, orderNumber: null, files: ['secreto.pdf'], findings: rejected.findings }]);
  });

  it('rejects a batch without receipt files', () => {
    expect(planBatch({ manifest: null, files: batchFiles('foto.jpg', 'R-20100070970-03-B001-7.xml') })).toEqual({
      ok: false,
      findings: [{ code: 'MANIFEST_MISSING', details: {} }],
    });
  });
});

describe('orderNumberFromName', () => {
  it.each([
    ['3000123.pdf', '3000123'],
    ['3000123_boleta_marzo.pdf', '3000123'],
    ['ORD-77.xml', 'ORD-77'],
    ['carpeta/3000123.pdf', '3000123'],
    ['20100070970-03-B001-7.pdf', null],
    ['factura.pdf', null],
    ['mi pedido 5.pdf', null],
  ])('reads %j as %j', (name, expected) => {
    expect(orderNumberFromName(name)).toBe(expected);
  });
});
