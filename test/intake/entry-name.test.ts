import { describe, expect, it } from 'vitest';
import { classifyEntryName, storedExtension } from '../../src/intake/entry-name.ts';

describe('classifyEntryName', () => {
  it.each([
    ['a.pdf', { kind: 'file', path: 'a.pdf' }],
    ['./lote/./a.pdf', { kind: 'file', path: 'lote/a.pdf' }],
    ['lote\\a.pdf', { kind: 'file', path: 'lote/a.pdf' }],
    ['lote//a.pdf', { kind: 'file', path: 'lote/a.pdf' }],
    ['a..b.pdf', { kind: 'file', path: 'a..b.pdf' }],
    ['lote/', { kind: 'directory' }],
    ['./', { kind: 'directory' }],
    ['', { kind: 'empty' }],
    ['__MACOSX/lote/._a.pdf', { kind: 'ignored' }],
    ['lote/.DS_Store', { kind: 'ignored' }],
    ['.git/config', { kind: 'ignored' }],
    ['lote/desktop.ini', { kind: 'ignored' }],
    ['../a.pdf', { kind: 'traversal' }],
    ['lote/..', { kind: 'traversal' }],
    ['lote\\..\\..\\a.pdf', { kind: 'traversal' }],
    ['/a.pdf', { kind: 'traversal' }],
    ['\\a.pdf', { kind: 'traversal' }],
    ['c:a.pdf', { kind: 'traversal' }],
    ['D:\\a.pdf', { kind: 'traversal' }],
    ['a\0.pdf', { kind: 'traversal' }],
  ])('classifies %j', (name, expected) => {
    expect(classifyEntryName(name)).toEqual(expected);
  });
});

describe('storedExtension', () => {
  it.each([
    ['a.PDF', '.pdf'],
    ['lote/a.Xml', '.xml'],
    ['R-x.zip', '.zip'],
    ['manifiesto.CSV', '.csv'],
    ['a.pdf.exe', '.bin'],
    ['lote.pdf/sin-extension', '.bin'],
    ['a.pdf ', '.bin'],
  ])('maps %j to %j', (name, expected) => {
    expect(storedExtension(name)).toBe(expected);
  });
});
