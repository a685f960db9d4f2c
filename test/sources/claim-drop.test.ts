import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createBatchQueue, type BatchQueue } from '../../src/queue/batch-queue.ts';
import { createRedis } from '../../src/queue/redis.ts';
import { claimDrop } from '../../src/sources/claim-drop.ts';
import { sellerFolders } from '../../src/sources/folders.ts';
import { openTestDb, type TestDb } from '../support/databases.ts';

describe('claimDrop', () => {
  const prefix = `claim${randomBytes(4).toString('hex')}`;
  const connection = createRedis('redis://127.0.0.1:6379');
  const config = loadConfig({ home: mkdtempSync(path.join(os.tmpdir(), 'claim-')) }, { COMPROBANTES_QUEUE_PREFIX: prefix });
  const folders = sellerFolders(config.dropRoot, 'tienda-1');
  let testDb: TestDb;
  let queue: BatchQueue;
  let deps: Parameters<typeof claimDrop>[0];

  beforeAll(async () => {
    testDb = await openTestDb('sqlite');
    await testDb.db('sellers').insert({ id: 'tienda-1', ruc: '20601234565', name: 'Tienda' });
    queue = createBatchQueue({ connection, prefix, attempts: 1, chunkSize: 50 });
    deps = { db: testDb.db, config, logger: createLogger('silent'), queue };
    await mkdir(folders.inbox, { recursive: true });
  });

  afterAll(async () => {
    await queue.close();
    await connection.quit();
    await testDb.close();
  });

  it('lets exactly one of two racing claims take a file', async () => {
    const file = path.join(folders.inbox, 'lote-a.zip');
    await writeFile(file, 'PK\x03\x04 contenido a');
    const request = { sellerId: 'tienda-1', kind: 'zip' as const, filePath: file, source: 'drop' as const };
    const results = await Promise.all([claimDrop(deps, request), claimDrop(deps, request)]);
    expect(results.map((r) => r.status).sort()).toEqual(['claimed', 'taken_by_another']);
    expect(existsSync(file)).toBe(false);
    expect(await testDb.db('batches').where({ file_name: 'lote-a.zip' })).toHaveLength(1);
  });

  it('queues the intake job of a claimed batch', async () => {
    const file = path.join(folders.inbox, 'lote-b.zip');
    await writeFile(file, 'PK\x03\x04 contenido b');
    const result = await claimDrop(deps, { sellerId: 'tienda-1', kind: 'zip', filePath: file, source: 'drop' });
    expect(result.status).toBe('claimed');
    const intake = new Queue('intake', { connection, prefix });
    const batchId = result.status === 'claimed' ? result.batchId : '';
    expect(await intake.getJob(`intake-${batchId}`)).toBeDefined();
    await intake.close();
  });

  it('marks the same bytes under another name as a duplicate', async () => {
    const file = path.join(folders.inbox, 'lote-a-copia.zip');
    await writeFile(file, 'PK\x03\x04 contenido a');
    const result = await claimDrop(deps, { sellerId: 'tienda-1', kind: 'zip', filePath: file, source: 'drop' });
    expect(result.status).toBe('claimed');
    expect(result.status === 'claimed' ? result.duplicateOf : null).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
  });

  it('leaves a file of an unknown seller in place', async () => {
    const other = sellerFolders(config.dropRoot, 'desconocido');
    await mkdir(other.inbox, { recursive: true });
    const file = path.join(other.inbox, 'lote.zip');
    await writeFile(file, 'PK');
    const result = await claimDrop(deps, { sellerId: 'desconocido', kind: 'zip', filePath: file, source: 'drop' });
    expect(result.status).toBe('unknown_seller');
    expect(readdirSync(other.inbox)).toEqual(['lote.zip']);
  });

  it('logs the fix for an unknown seller', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const other = sellerFolders(config.dropRoot, 'por-importar');
    await mkdir(other.inbox, { recursive: true });
    const file = path.join(other.inbox, 'lote.zip');
    await writeFile(file, 'PK\x03\x04 contenido por importar');
    const request = { sellerId: 'por-importar', kind: 'zip' as const, filePath: file, source: 'drop' as const };

    const before = await claimDrop({ ...deps, logger }, request);
    const warning = JSON.parse(lines[0]!) as { msg: string; sellerId: string };
    await testDb.db('sellers').insert({ id: 'por-importar', ruc: '20100070970', name: 'Por Importar' });
    const after = await claimDrop({ ...deps, logger }, request);

    expect(before.status).toBe('unknown_seller');
    expect(warning.sellerId).toBe('por-importar');
    expect(warning.msg).toContain('npx comprobantes sellers import');
    expect(warning.msg).toContain('tried again every 60 s');
    expect(warning.msg).toContain('neither a restart nor a re-upload is needed');
    expect(after.status).toBe('claimed');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a symbolic link in entrada', async () => {
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'outside-')), 'ajeno.zip');
    await writeFile(outside, 'PK\x03\x04 de otro vendedor');
    const link = path.join(folders.inbox, 'enlace.zip');
    await symlink(outside, link);
    const result = await claimDrop(deps, { sellerId: 'tienda-1', kind: 'zip', filePath: link, source: 'drop' });
    expect(result.status).toBe('not_a_file');
    expect(existsSync(outside)).toBe(true);
    await rm(link);
  });

  it('waits while a file a loose CSV names is still changing', async () => {
    await writeFile(path.join(folders.inbox, 'B001-7.pdf'), '%PDF-1.4 recien subido');
    const csv = path.join(folders.inbox, 'manifiesto-fresco.csv');
    await writeFile(csv, 'numero_orden,tipo_comprobante,archivo_pdf\nP-7,03,B001-7.pdf\n');
    const result = await claimDrop(deps, { sellerId: 'tienda-1', kind: 'csv', filePath: csv, source: 'drop' });
    expect(result.status).toBe('not_ready');
    expect(existsSync(csv)).toBe(true);
    await rm(csv);
    await rm(path.join(folders.inbox, 'B001-7.pdf'));
  });

  it('takes the files a loose CSV names, and only those', async () => {
    await writeFile(path.join(folders.inbox, 'B001-1.pdf'), '%PDF-1.4');
    await writeFile(path.join(folders.inbox, 'otro.pdf'), '%PDF-1.4');
    await writeFile(path.join(folders.inbox, 'lote-aparte.zip'), 'PK');
    const old = new Date(Date.now() - 60_000);
    for (const name of ['B001-1.pdf', 'otro.pdf', 'lote-aparte.zip']) await utimes(path.join(folders.inbox, name), old, old);
    const csv = path.join(folders.inbox, 'manifiesto.csv');
    await writeFile(csv, 'numero_orden,tipo_comprobante,archivo_pdf\nP-1,03,B001-1.pdf\nP-2,03,../secreto.pdf\nP-3,03,lote-aparte.zip\n');
    const result = await claimDrop(deps, { sellerId: 'tienda-1', kind: 'csv', filePath: csv, source: 'drop' });
    expect(result.status).toBe('claimed');
    const batchId = result.status === 'claimed' ? result.batchId : '';
    expect(readdirSync(path.join(folders.claimed, batchId, 'files'))).toEqual(['B001-1.pdf']);
    expect(readdirSync(folders.inbox).sort()).toEqual(['lote-aparte.zip', 'otro.pdf']);
  });
});
