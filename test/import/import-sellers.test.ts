import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/import/import-file-error.ts';
import { importSellers } from '../../src/import/import-sellers.ts';
import { backends, openTestDb, type TestDb } from '../support/databases.ts';
import { importFile } from './files.ts';

describe.each(backends)('importSellers on %s', (backend) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  const sellers = async () => (await testDb!.db('sellers').orderBy('id').select('id', 'ruc', 'name')) as Array<{ id: string; ruc: string; name: string }>;

  it('inserts new sellers', async () => {
    testDb = await openTestDb(backend);
    const result = await importSellers(testDb.db, importFile('s.csv', 'seller_id,ruc,razon_social\ns1,20100070970,Tienda Uno SAC\ns2, 20131312955 ,"Tienda  Dos"\n'));
    expect(result).toEqual({ inserted: 2, updated: 0, rejected: [] });
    expect(await sellers()).toEqual([
      { id: 's1', ruc: '20100070970', name: 'Tienda Uno SAC' },
      { id: 's2', ruc: '20131312955', name: 'Tienda Dos' },
    ]);
  });

  it('updates known sellers', async () => {
    testDb = await openTestDb(backend);
    await importSellers(testDb.db, importFile('s.csv', 'seller_id,ruc,razon_social\ns1,20100070970,Viejo\n'));
    const result = await importSellers(testDb.db, importFile('s.csv', 'seller_id,ruc,razon_social\ns1,10254824220,Nuevo\ns3,20000000001,Tres\n'));
    expect(result).toEqual({ inserted: 1, updated: 1, rejected: [] });
    expect((await sellers())[0]).toEqual({ id: 's1', ruc: '10254824220', name: 'Nuevo' });
  });

  it('bad rows by line', async () => {
    testDb = await openTestDb(backend);
    const csv = [
      'seller_id,ruc,razon_social',
      'ok1,20100070970,Bien',
      'bad-digit,20123456789,Dígito malo',
      'short,2010007097,Corto',
      ',20131312955,Sin id',
      'no-name,20131312955,',
      '../x,20131312955,Ruta',
      'ok1,20131312955,Repetido',
      'cols,20131312955',
      'ok2,20000000001,Bien',
    ].join('\n');
    const result = await importSellers(testDb.db, importFile('s.csv', csv));
    expect(result.inserted).toBe(2);
    expect(result.rejected).toEqual([
      { line: 3, message: 'ruc "20123456789" no es un RUC válido: el dígito verificador no corresponde' },
      { line: 4, message: 'ruc "2010007097" no es un RUC válido: debe tener 11 dígitos' },
      { line: 5, message: 'falta seller_id' },
      { line: 6, message: 'falta razon_social' },
      { line: 7, message: 'seller_id "../x" solo puede tener letras, dígitos, espacios, ".", "_" y "-"' },
      { line: 8, message: 'seller_id "ok1" repetido: ya figura en la línea 2' },
      { line: 9, message: 'la fila tiene 2 columnas y la cabecera 3' },
    ]);
    expect((await sellers()).map((s) => s.id)).toEqual(['ok1', 'ok2']);
  });

  it('Windows-1252 CSV with ñ', async () => {
    testDb = await openTestDb(backend);
    const bytes = iconv.encode('seller_id;ruc;razon_social\r\ns1;20100070970;Compañía Ñandú S.A.C.\r\n', 'windows-1252');
    const result = await importSellers(testDb.db, importFile('s.csv', bytes));
    expect(result.inserted).toBe(1);
    expect((await sellers())[0]?.name).toBe('Compañía Ñandú S.A.C.');
  });

  it('JSON input', async () => {
    testDb = await openTestDb(backend);
    const json = JSON.stringify([{ seller_id: 's1', ruc: '20100070970', razon_social: 'Uno' }, { seller_id: 's2', ruc: 20123456789, razon_social: 'Dos' }]);
    const result = await importSellers(testDb.db, importFile('s.json', json));
    expect(result).toEqual({ inserted: 1, updated: 0, rejected: [{ line: 2, message: 'ruc "20123456789" no es un RUC válido: el dígito verificador no corresponde' }] });
  });

  it('missing column writes nothing', async () => {
    testDb = await openTestDb(backend);
    await expect(importSellers(testDb.db, importFile('s.csv', 'seller_id,razon_social\ns1,Uno\n'))).rejects.toBeInstanceOf(ImportFileError);
    expect(await sellers()).toEqual([]);
  });
});
