import path from 'node:path';
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import * as initialSchema from './migrations/001-initial-schema.ts';

export type Db = Knex;

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Migrations are imported, not discovered on disk, so they run the same from TypeScript
// sources (tsx, vitest) and from any bundle.
const migrations: ReadonlyArray<readonly [string, Migration]> = [['001-initial-schema', initialSchema]];

const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

export interface DbOptions {
  /** postgres:// URL, or null for SQLite. */
  readonly databaseUrl: string | null;
  /** SQLite file used when databaseUrl is null. */
  readonly sqliteFile: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  readonly schema?: string;
}

/** Opens the database and brings its schema up to date. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options.schema) : openSqlite(options.sqliteFile);
  if (options.databaseUrl && options.schema) {
    await db.raw('create schema if not exists ??', [options.schema]);
  }
  await db.migrate.latest({ migrationSource, schemaName: options.schema });
  return db;
}

function openPostgres(url: string, schema: string | undefined): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    searchPath: schema ? [schema] : undefined,
    pool: { min: 0, max: 10 },
  });
}

function openSqlite(file: string): Knex {
  mkdirSync(path.dirname(file), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: sqlite3 serialises writers anyway, and a single connection keeps
    // transactions from waiting on each other's locks inside one process.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { run(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
        // WAL lets readers (the CLI's progress, a second process) run beside the writer;
        // busy_timeout makes a second writer process wait instead of failing at once.
        conn.run('PRAGMA journal_mode = WAL', (walError) => {
          if (walError) return done(walError, conn);
          conn.run('PRAGMA busy_timeout = 10000', (busyError) => {
            if (busyError) return done(busyError, conn);
            // NORMAL is SQLite's recommended level with WAL: the database cannot be corrupted,
            // and a power cut loses at most the last commits, whose batches then run again.
            conn.run('PRAGMA synchronous = NORMAL', (syncError) => {
              if (syncError) return done(syncError, conn);
              conn.run('PRAGMA foreign_keys = ON', (fkError) => done(fkError, conn));
            });
          });
        });
      },
    },
  });
}

/** Returns the path of the SQLite file inside the data folder. */
export function sqliteFileIn(home: string): string {
  return path.join(home, 'comprobantes.sqlite');
}
