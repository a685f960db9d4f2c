import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropKindOf, parseInboxPath } from '../../src/sources/drop-name-filter.ts';

describe('dropKindOf', () => {
  it.each([
    ['lote-2026-12-03.zip', 'zip'],
    ['LOTE.ZIP', 'zip'],
    ['manifiesto.csv', 'csv'],
    ['Manifiesto.CSV', 'csv'],
  ])('takes %s as %s', (name, kind) => {
    expect(dropKindOf(name)).toBe(kind);
  });

  it.each(['lote.zip.part', 'lote.zip.tmp', 'lote.zip.filepart', 'lote.zip.crdownload', '.lote.zip', '~$manifiesto.csv', 'F001-1.pdf', 'F001-1.xml', 'notas.txt'])(
    'leaves %s alone',
    (name) => {
      expect(dropKindOf(name)).toBeNull();
    },
  );
});

describe('parseInboxPath', () => {
  const root = path.join('/srv', 'buzones');

  it('reads seller and file from an entrada path', () => {
    expect(parseInboxPath(root, path.join(root, 'tienda-1', 'entrada', 'lote.zip'))).toEqual({ sellerId: 'tienda-1', fileName: 'lote.zip' });
  });

  it.each([
    path.join('tienda-1', 'reportes', 'x.csv'),
    path.join('tienda-1', 'entrada', 'sub', 'lote.zip'),
    path.join('tienda-1', 'lote.zip'),
    path.join('.oculto', 'entrada', 'lote.zip'),
  ])('rejects %s', (relative) => {
    expect(parseInboxPath(root, path.join(root, relative))).toBeNull();
  });
});
