import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoragePathError, storeReceiptFiles } from '../../src/attach/store-files.ts';
import { storageSegment } from '../../src/attach/storage-path.ts';

const identity = { issuerRuc: '20100070970', docType: '03', series: 'b001', number: 7 };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'store-files-'));
  const root = path.join(dir, 'storage');
  const source = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  return { dir, root, source };
}

describe('storeReceiptFiles', () => {
  it('copies both files under seller and order', async () => {
    const { root, source } = workspace();
    const stored = await storeReceiptFiles({
      storageRoot: root,
      sellerId: 's1',
      orderNumber: 'O-1',
      identity,
      files: { pdf: source('in.pdf', '%PDF-1.4 boleta'), xml: source('in.xml', '<Invoice/>') },
    });
    expect(stored.pdf).toEqual({ relativePath: 's1/O-1/20100070970-03-B001-7.pdf', sha256: sha256('%PDF-1.4 boleta'), size: 15 });
    expect(stored.xml?.relativePath).toBe('s1/O-1/20100070970-03-B001-7.xml');
    expect(stored.contentHash).toBe(`${sha256('%PDF-1.4 boleta')}:${sha256('<Invoice/>')}`);
    expect(readFileSync(path.join(root, 's1/O-1/20100070970-03-B001-7.xml'), 'utf8')).toBe('<Invoice/>');
    expect(readdirSync(path.join(root, 's1/O-1')).sort()).toEqual(['20100070970-03-B001-7.pdf', '20100070970-03-B001-7.xml']);
  });

  it('xml only gives an empty pdf side', async () => {
    const { root, source } = workspace();
    const stored = await storeReceiptFiles({ storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity, files: { xml: source('in.xml', '<x/>') } });
    expect(stored.pdf).toBeNull();
    expect(stored.contentHash).toBe(`:${sha256('<x/>')}`);
  });

  it('same bytes again is a no-op', async () => {
    const { root, source } = workspace();
    const request = { storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity, files: { pdf: source('in.pdf', 'same') } };
    const first = await storeReceiptFiles(request);
    const second = await storeReceiptFiles({ ...request, identity: { ...identity, series: 'B001' } });
    expect(second).toEqual(first);
    expect(readdirSync(path.join(root, 's1/O-1'))).toEqual(['20100070970-03-B001-7.pdf']);
  });

  it('other bytes never overwrite', async () => {
    const { root, source } = workspace();
    const base = { storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity };
    await storeReceiptFiles({ ...base, files: { pdf: source('a.pdf', 'first') } });
    const second = await storeReceiptFiles({ ...base, files: { pdf: source('b.pdf', 'second') } });
    expect(second.pdf?.relativePath).toBe(`s1/O-1/20100070970-03-B001-7.${sha256('second').slice(0, 16)}.pdf`);
    expect(readFileSync(path.join(root, 's1/O-1/20100070970-03-B001-7.pdf'), 'utf8')).toBe('first');
    expect(readFileSync(path.join(root, second.pdf?.relativePath ?? ''), 'utf8')).toBe('second');
  });

  it('concurrent stores of one receipt agree', async () => {
    const { root, source } = workspace();
    const file = source('in.pdf', 'racing bytes');
    const request = { storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity, files: { pdf: file } };
    const results = await Promise.all([storeReceiptFiles(request), storeReceiptFiles(request), storeReceiptFiles(request)]);
    expect(new Set(results.map((r) => r.pdf?.relativePath))).toEqual(new Set(['s1/O-1/20100070970-03-B001-7.pdf']));
    expect(readdirSync(path.join(root, 's1/O-1'))).toEqual(['20100070970-03-B001-7.pdf']);
  });

  it('seller id ../x cannot escape the root', async () => {
    const { dir, root, source } = workspace();
    const file = source('in.pdf', 'x');
    for (const sellerId of ['../x', '..', '.', 'a/b', 'a\\b', '', '/etc']) {
      await expect(storeReceiptFiles({ storageRoot: root, sellerId, orderNumber: 'O-1', identity, files: { pdf: file } }), sellerId).rejects.toBeInstanceOf(StoragePathError);
    }
    await expect(storeReceiptFiles({ storageRoot: root, sellerId: 's1', orderNumber: '../../O-1', identity, files: { pdf: file } })).rejects.toBeInstanceOf(StoragePathError);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
    expect(existsSync(root)).toBe(false);
  });

  it('rejects an identity that is no file name', async () => {
    const { root, source } = workspace();
    const file = source('in.pdf', 'x');
    await expect(storeReceiptFiles({ storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity: { ...identity, series: '../B' }, files: { pdf: file } })).rejects.toBeInstanceOf(StoragePathError);
    await expect(storeReceiptFiles({ storageRoot: root, sellerId: 's1', orderNumber: 'O-1', identity, files: {} })).rejects.toBeInstanceOf(StoragePathError);
  });
});

describe('storageSegment', () => {
  it('drops accents and spaces', () => {
    expect(storageSegment(' Pedido Ñandú 01 ')).toBe('Pedido_Nandu_01');
    expect(storageSegment('ORD-2026.11_x')).toBe('ORD-2026.11_x');
  });

  it('rejects dots-only and separators', () => {
    for (const value of ['.', '..', '...', '../x', 'a/b', 'a\\b', '', '   ', 'a:b', 'x\u0000']) {
      expect(storageSegment(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('storeReceiptFiles with known hashes', () => {
  it('links the source instead of copying it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'store-known-'));
    const source = path.join(dir, 'entrada.pdf');
    const bytes = Buffer.from('%PDF-1.4 comprobante');
    writeFileSync(source, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storageRoot = path.join(dir, 'comprobantes');
    const stored = await storeReceiptFiles({
      storageRoot,
      sellerId: 'tienda-1',
      orderNumber: 'P-1',
      identity: { issuerRuc: '20601234565', docType: '03', series: 'B001', number: 7 },
      files: { pdf: { path: source, sha256, size: bytes.length } },
    });
    const target = path.join(storageRoot, stored.pdf!.relativePath);
    expect(stored.pdf!.sha256).toBe(sha256);
    expect(readFileSync(target)).toEqual(bytes);
    expect(statSync(target).ino).toBe(statSync(source).ino);
  });
});
