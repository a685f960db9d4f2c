import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/import/import-file-error.ts';
import { readImportFile } from '../../src/import/read-import-file.ts';
import { importFile } from './files.ts';

const columns = ['seller_id', 'ruc', 'razon_social'];

describe('readImportFile', () => {
  it('CSV lines follow the file', async () => {
    const text = 'seller_id,ruc,razon_social\r\ns1,20100070970,"Uno"\r\n\r\ns2,20131312955,"Dos\r\ncon salto"\r\ns3,20000000001,Tres\r\n';
    const file = await readImportFile(importFile('v.csv', text), columns);
    expect(file.records.map((r) => [r.line, r.values.seller_id])).toEqual([[2, 's1'], [4, 's2'], [6, 's3']]);
    expect(file.records[1]?.values.razon_social).toBe('Dos\ncon salto');
  });

  it('semicolons and Windows-1252', async () => {
    const bytes = iconv.encode('Seller_ID;RUC;Razón Social\ns1;20100070970;Compañía Ñandú S.A.C.\n', 'windows-1252');
    const file = await readImportFile(importFile('v.csv', bytes), columns);
    expect(file.encoding).toBe('windows-1252');
    expect(file.records[0]?.values).toEqual({ seller_id: 's1', ruc: '20100070970', razon_social: 'Compañía Ñandú S.A.C.' });
  });

  it('UTF-8 with a byte-order mark', async () => {
    const file = await readImportFile(importFile('v.csv', '\uFEFFseller_id,ruc,razon_social\ns1,20100070970,Peña\n'), columns);
    expect(file.encoding).toBe('utf-8');
    expect(Object.keys(file.records[0]?.values ?? {})).toEqual(columns);
    expect(file.records[0]?.values.razon_social).toBe('Peña');
  });

  it('wrong column count is a row problem', async () => {
    const file = await readImportFile(importFile('v.csv', 'seller_id,ruc,razon_social\ns1,20100070970\ns2,20131312955,Dos,extra\ns3,20000000001,Tres,,\n'), columns);
    expect(file.records.map((r) => [r.line, r.problem ?? null])).toEqual([
      [2, 'la fila tiene 2 columnas y la cabecera 3'],
      [3, 'la fila tiene 4 columnas y la cabecera 3'],
      [4, null],
    ]);
  });

  it('missing column rejects the file', async () => {
    const reading = readImportFile(importFile('v.csv', 'seller_id;razon_social\ns1;Uno\n'), columns);
    await expect(reading).rejects.toBeInstanceOf(ImportFileError);
    await expect(reading).rejects.toMatchObject({ line: 1, message: 'v.csv: faltan las columnas ruc en la cabecera (línea 1)' });
  });

  it('unclosed quote rejects the file', async () => {
    const reading = readImportFile(importFile('v.csv', 'seller_id,ruc,razon_social\ns1,20100070970,Uno\ns2,20131312955,"Dos\ns3,20000000001,Tres\n'), columns);
    await expect(reading).rejects.toMatchObject({ line: 3 });
  });

  it('JSON by extension or content', async () => {
    const json = '[{"seller_id": "s1", "ruc": 20100070970, "razon_social": null}, "x", {"seller_id": {"a": 1}}]';
    for (const name of ['v.json', 'v.txt']) {
      const file = await readImportFile(importFile(name, json), columns);
      expect(file.format).toBe('json');
      expect(file.records[0]).toEqual({ line: 1, values: { seller_id: 's1', ruc: '20100070970', razon_social: '' } });
      expect(file.records[1]).toMatchObject({ line: 2, problem: 'el elemento 2 no es un objeto' });
      expect(file.records[2]).toMatchObject({ line: 3, problem: 'seller_id no es un texto ni un número' });
    }
  });

  it('malformed JSON names its line', async () => {
    const reading = readImportFile(importFile('v.json', '[\n{"seller_id": "s1"}\n{"seller_id": "s2"}\n]'), columns);
    await expect(reading).rejects.toMatchObject({ line: 3, message: 'v.json: el JSON no es válido cerca de la línea 3' });
    await expect(readImportFile(importFile('v.json', '{"seller_id": "s1"}'), columns)).rejects.toThrow('arreglo de objetos');
  });
});
