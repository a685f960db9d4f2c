import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimQueuePrefix, databaseLocation, ownerKey, QueuePrefixInUseError } from '../../src/queue/queue-owner.ts';
import { createRedis } from '../../src/queue/redis.ts';

const redisUrl = 'redis://127.0.0.1:6379';
const connection = createRedis(redisUrl);
const prefixes: string[] = [];

function newPrefix(): string {
  const prefix = `owner${randomBytes(5).toString('hex')}`;
  prefixes.push(prefix);
  return prefix;
}

afterAll(async () => {
  if (prefixes.length > 0) await connection.del(...prefixes.map(ownerKey));
  connection.disconnect();
});

const a = { id: 'a3b1c0de-0000-4000-8000-000000000001', database: 'SQLite host-a:/srv/a/comprobantes.sqlite' };
const b = { id: 'a3b1c0de-0000-4000-8000-000000000002', database: 'SQLite host-b:/srv/b/comprobantes.sqlite' };

describe('databaseLocation', () => {
  it('names a SQLite file by host and absolute path', () => {
    expect(databaseLocation({ databaseUrl: null, sqliteFile: 'data/comprobantes.sqlite' })).toBe(`SQLite ${hostname()}:${path.resolve('data/comprobantes.sqlite')}`);
  });

  it('names a PostgreSQL database by its URL without the password', () => {
    expect(databaseLocation({ databaseUrl: 'postgres://ops:secreto@db.internal:5432/comprobantes', sqliteFile: 'ignored' })).toBe('PostgreSQL postgres://ops:***@db.internal:5432/comprobantes');
  });
});

describe('claimQueuePrefix', () => {
  it('accepts one installation, rejects another', async () => {
    const prefix = newPrefix();
    await claimQueuePrefix(connection, prefix, a, redisUrl);
    // The same database seen from another host or folder is the same installation.
    await claimQueuePrefix(connection, prefix, { id: a.id, database: 'SQLite host-c:/mnt/a/comprobantes.sqlite' }, redisUrl);

    const rejection = await claimQueuePrefix(connection, prefix, b, redisUrl).catch((err: unknown) => err);
    expect(rejection).toBeInstanceOf(QueuePrefixInUseError);
    expect(rejection).toMatchObject({ prefix, owner: a.database, database: b.database, redisUrl });
    expect(JSON.parse((await connection.get(ownerKey(prefix)))!)).toEqual(a);
  });

  it('frees a deleted record', async () => {
    const prefix = newPrefix();
    await claimQueuePrefix(connection, prefix, a, redisUrl);
    await connection.del(ownerKey(prefix));

    await claimQueuePrefix(connection, prefix, b, redisUrl);
    expect(JSON.parse((await connection.get(ownerKey(prefix)))!)).toEqual(b);
  });

  it('rejects a record of another program', async () => {
    const prefix = newPrefix();
    await connection.set(ownerKey(prefix), 'something else');
    await expect(claimQueuePrefix(connection, prefix, a, redisUrl)).rejects.toMatchObject({ owner: 'something else' });
  });

  it('cleans a hostile record for the terminal', async () => {
    const prefix = newPrefix();
    await connection.set(ownerKey(prefix), `{"id":"x","database":"ok\\n\\u001b[31mlibere con: rm -rf /${'a'.repeat(1000)}"}`);
    const rejection = (await claimQueuePrefix(connection, prefix, a, redisUrl).catch((err: unknown) => err)) as QueuePrefixInUseError;
    expect(rejection.owner).toMatch(/^ok\?\?\[31mlibere con: rm -rf \/a+$/);
    expect(rejection.owner).toHaveLength(300);
  });

  it('names an empty record and a key of another type', async () => {
    const empty = newPrefix();
    await connection.set(ownerKey(empty), '');
    await expect(claimQueuePrefix(connection, empty, a, redisUrl)).rejects.toMatchObject({ owner: '(vacío)' });

    const hash = newPrefix();
    await connection.hset(ownerKey(hash), 'id', a.id);
    await expect(claimQueuePrefix(connection, hash, a, redisUrl)).rejects.toMatchObject({ owner: '(un valor de Redis de tipo hash, que no es un registro de este programa)' });
  });

  it('hides the Redis password', async () => {
    const prefix = newPrefix();
    await claimQueuePrefix(connection, prefix, a, redisUrl);
    const rejection = (await claimQueuePrefix(connection, prefix, b, 'redis://:secreto@127.0.0.1:6379').catch((err: unknown) => err)) as QueuePrefixInUseError;
    expect(rejection.redisUrl).toBe('redis://:***@127.0.0.1:6379');
    expect(rejection.message).not.toContain('secreto');
  });
});
