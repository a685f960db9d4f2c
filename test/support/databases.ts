import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/db/connect.ts';

/** PostgreSQL server for tests; scripts/ensure-services.sh makes sure one listens here. */
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const backends = ['sqlite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

export interface TestDb {
  readonly db: Db;
  readonly backend: Backend;
  /** The schema (PostgreSQL) or file (SQLite) this test owns. */
  readonly where: string;
  /** Options to open the same database again (another connection, another component). */
  readonly options: { databaseUrl: string | null; sqliteFile: string; schema?: string };
  close(): Promise<void>;
}

/** Opens a fresh, migrated database of the given backend: its own SQLite file or PostgreSQL schema. */
export async function openTestDb(backend: Backend): Promise<TestDb> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'comprobantes-db-'));
    const options = { databaseUrl: null, sqliteFile: path.join(dir, 'test.sqlite') };
    const db = await openDb(options);
    return { db, backend, where: options.sqliteFile, options, close: () => db.destroy() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const options = { databaseUrl: testPostgresUrl, sqliteFile: '', schema };
  const db = await openDb(options);
  return {
    db,
    backend,
    where: schema,
    options,
    close: async () => {
      await db.raw('drop schema if exists ?? cascade', [schema]);
      await db.destroy();
    },
  };
}
