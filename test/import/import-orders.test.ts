import { afterEach, describe, expect, it } from 'vitest';
import { importOrders } from '../../src/import/import-orders.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';
import { seedSeller, validRucs } from '../db/seed.ts';
import { importFile } from './files.ts';

const header = 'numero_orden,seller_id,estado,comprobante_solicitado,tipo_doc_cliente,doc_cliente,nombre_cliente,total,moneda,fecha_orden';

describe.each(backends)('importOrders on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  async function setUp() {
    testDb = await openTestDb(backend);
    await seedSeller(testDb.db, 's1', validRucs[0]);
    await seedSeller(testDb.db, 's2', validRucs[1]);
    return testDb.db;
  }

  const orderRow = async (orderNumber: string) => testDb!.db('orders').where({ order_number: orderNumber }).first();

  it('inserts orders', async () => {
    const db = await setUp();
    const csv = [
      header,
      'O-1,s1,confirmada,boleta,DNI,01234567,Ana Pérez,118,PEN,2026-11-30',
      'O-2,s1,Pendiente,FACTURA,6,20131312955,Empresa SAC,1180.5,usd,2026-11-30T23:10:00-05:00',
      'O-3,s2,pendiente,boleta,-,,,10.00,PEN,2026-12-01',
      'O-4,s2,pendiente,boleta,,,,10.00,PEN,2026-12-01',
    ].join('\n');
    const result = await importOrders(db, importFile('o.csv', csv));
    expect(result).toEqual({ inserted: 4, updated: 0, rejected: [] });
    expect(await orderRow('O-1')).toMatchObject({ seller_id: 's1', state: 'confirmada', requested: 'boleta', buyer_doc_type: '1', buyer_doc_id: '01234567', buyer_name: 'Ana Pérez', total: '118.00', currency: 'PEN', order_date: '2026-11-30' });
    expect(await orderRow('O-2')).toMatchObject({ state: 'pendiente', requested: 'factura', buyer_doc_type: '6', total: '1180.50', currency: 'USD', order_date: '2026-11-30' });
    expect(await orderRow('O-3')).toMatchObject({ buyer_doc_type: '-', buyer_doc_id: null, buyer_name: null });
    expect(await orderRow('O-4')).toMatchObject({ buyer_doc_type: null, buyer_doc_id: null });
  });

  it('updates known orders', async () => {
    const db = await setUp();
    await importOrders(db, importFile('o.csv', `${header}\nO-1,s1,confirmada,boleta,DNI,01234567,Ana,118.00,PEN,2026-11-30\nO-2,s1,confirmada,boleta,DNI,01234567,Ana,5,PEN,2026-11-30\n`));
    const result = await importOrders(db, importFile('o.csv', `${header}\nO-1,s1,enviada,boleta,DNI,01234567,Ana,120.00,PEN,2026-11-30\nO-9,s1,pendiente,boleta,DNI,01234567,Ana,5,PEN,2026-11-30\n`));
    expect(result).toEqual({ inserted: 1, updated: 1, rejected: [] });
    expect(await orderRow('O-1')).toMatchObject({ state: 'enviada', total: '120.00' });
  });

  it('keeps lista_para_envio against an older state', async () => {
    const db = await setUp();
    await importOrders(db, importFile('o.csv', `${header}\nO-1,s1,lista_para_envio,boleta,,,,1,PEN,2026-11-30\nO-2,s1,lista_para_envio,boleta,,,,1,PEN,2026-11-30\n`));
    await importOrders(db, importFile('o.csv', `${header}\nO-1,s1,confirmada,boleta,,,,2,PEN,2026-11-30\nO-2,s1,cancelada,boleta,,,,1,PEN,2026-11-30\n`));
    expect(await orderRow('O-1')).toMatchObject({ state: 'lista_para_envio', total: '2.00' });
    expect((await orderRow('O-2')).state).toBe('cancelada');
  });

  it('bad rows by line', async () => {
    const db = await setUp();
    await importOrders(db, importFile('o.csv', `${header}\nX-1,s2,pendiente,boleta,,,,1,PEN,2026-11-30\n`));
    const csv = [
      header,
      'O-1,s1,nueva,boleta,,,,1,PEN,2026-11-30',
      'O-2,s1,pendiente,ticket,,,,1,PEN,2026-11-30',
      'O-3,s1,pendiente,boleta,,,,"118,00",PEN,2026-11-30',
      'O-4,s1,pendiente,boleta,,,,1.005,PEN,2026-11-30',
      'O-5,s1,pendiente,boleta,,,,1,EUR,2026-11-30',
      'O-6,s1,pendiente,boleta,,,,1,PEN,2026-02-30',
      'O-7,s1,pendiente,boleta,LIBRETA,123,,1,PEN,2026-11-30',
      'O-8,s1,pendiente,boleta,DNI,1234567,,1,PEN,2026-11-30',
      'O-9,s1,pendiente,factura,DNI,12345678,Ana,1,PEN,2026-11-30',
      'O-10,s1,pendiente,factura,RUC,20123456789,,1,PEN,2026-11-30',
      'O-11,s9,pendiente,boleta,,,,1,PEN,2026-11-30',
      'X-1,s1,pendiente,boleta,,,,1,PEN,2026-11-30',
      '"O-12\nbis",s1,pendiente,boleta,,,,1,PEN,2026-11-30',
      'O-13,s1,pendiente,boleta,,,,1,PEN,2026-11-30',
      'O-13,s1,pendiente,boleta,,,,1,PEN,2026-11-30',
      'O-14,s1,pendiente,boleta,DNI,,,-3,PEN,',
    ].join('\n');
    const result = await importOrders(db, importFile('o.csv', csv));
    expect(result.inserted).toBe(2);
    expect(result.rejected).toEqual([
      { line: 2, message: 'estado "nueva" no es un valor válido; use pendiente, confirmada, lista_para_envio, enviada, entregada, cancelada' },
      { line: 3, message: 'comprobante_solicitado "ticket" no es un valor válido; use boleta, factura' },
      { line: 4, message: 'total "118,00" usa coma decimal; escriba el importe con punto, por ejemplo 118.00' },
      { line: 5, message: 'total "1.005" no es un importe válido; escriba por ejemplo 118.00' },
      { line: 6, message: 'moneda "EUR" no es un valor válido; use PEN, USD' },
      { line: 7, message: 'fecha_orden "2026-02-30" no es una fecha válida; use AAAA-MM-DD' },
      { line: 8, message: 'tipo_doc_cliente "LIBRETA" no es un valor válido; use DNI, CE, RUC, PASAPORTE o el código 1, 4, 6, 7, 0, -' },
      { line: 9, message: 'doc_cliente "1234567" no es un DNI de 8 dígitos' },
      { line: 10, message: 'una factura requiere tipo_doc_cliente RUC; el pedido indica DNI' },
      { line: 11, message: 'doc_cliente "20123456789" no es un RUC válido: el dígito verificador no corresponde; falta nombre_cliente (razón social del comprador de la factura)' },
      { line: 12, message: 'seller_id "s9" no está registrado; importe primero los vendedores' },
      { line: 13, message: 'numero_orden "X-1" ya pertenece al vendedor "s2"' },
      { line: 17, message: 'numero_orden "O-13" repetido: ya figura en la línea 16' },
      { line: 18, message: 'total "-3" no es un importe válido; escriba por ejemplo 118.00; falta fecha_orden; falta doc_cliente (tipo_doc_cliente DNI)' },
    ]);
    expect(await orderRow('O-12 bis')).toBeDefined();
    expect(await orderRow('O-13')).toBeDefined();
  });

  it('JSON input', async () => {
    const db = await setUp();
    const json = JSON.stringify([
      { numero_orden: 'O-1', seller_id: 's1', estado: 'confirmada', comprobante_solicitado: 'boleta', tipo_doc_cliente: '1', doc_cliente: '12345678', nombre_cliente: 'Ana', total: 118, moneda: 'PEN', fecha_orden: '2026-11-30T10:00:00Z' },
      { numero_orden: 'O-2', seller_id: 's1', estado: 'confirmada', comprobante_solicitado: 'boleta', total: 1, moneda: 'PEN' },
    ]);
    const result = await importOrders(db, importFile('o.json', json));
    expect(result).toEqual({ inserted: 1, updated: 0, rejected: [{ line: 2, message: 'falta fecha_orden' }] });
    expect(await orderRow('O-1')).toMatchObject({ total: '118.00', order_date: '2026-11-30', buyer_doc_type: '1' });
  });

  it('large file in chunks', async () => {
    const db = await setUp();
    const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `P-${from + index},s1,pendiente,boleta,,,,${from + index},PEN,2026-11-30`);
    await importOrders(db, importFile('o.csv', [header, ...rows(1, 700)].join('\n')));
    const result = await importOrders(db, importFile('o.csv', [header, ...rows(501, 1700)].join('\n')));
    expect(result).toEqual({ inserted: 1000, updated: 200, rejected: [] });
    expect(Number((await db('orders').count({ n: '*' }).first())?.n)).toBe(1700);
    expect((await orderRow('P-1700')).total).toBe('1700.00');
  });
});
