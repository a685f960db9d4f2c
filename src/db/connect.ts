import path from 'node:path';
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import type { Logger } from '../logger.ts';
import { isSqliteFileError, postgresUnavailable, sqliteUnavailable } from './database-unavailable.ts';
import * as initialSchema from './migrations/001-initial-schema.ts';
import * as installation from './migrations/002-installation.ts';

export type Db = Knex;

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Migrations are imported, not discovered on disk, so they run the same from TypeScript
// sources (tsx, vitest) and from any bundle.
const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['001-initial-schema', initialSchema],
  ['002-installation', installation],
];

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
  /** Receives knex's warnings, which knex otherwise prints to stdout with console.log. */
  readonly logger?: Logger;
}

/**
 * Opens the database and brings its schema up to date. Throws DatabaseUnavailableError
 * when PostgreSQL cannot be reached or logged into, or when the SQLite file or its folder
 * cannot be created or written.
 */
export async function openDb(options: DbOptions): Promise<Db> {
  const log = options.logger ? knexLog(options.logger) : undefined;
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options.schema, log) : openSqlite(options.sqliteFile, log);
  try {
    await checkConnection(db, options);
    if (options.databaseUrl && options.schema) {
      await db.raw('create schema if not exists ??', [options.schema]);
    }
    await migrateToLatest(db, options.databaseUrl !== null, options.schema);
  } catch (err) {
    // The open error is the one to report, and a failure to close the pool after it adds nothing.
    await db.destroy().catch(() => undefined);
    // SQLite reports a file or folder it cannot write when a connection is set up (the WAL
    // pragma) or at the first write (the migration lock), so both steps are covered.
    if (!options.databaseUrl && isSqliteFileError(err)) throw sqliteUnavailable(options.sqliteFile, err);
    throw err;
  }
  return db;
}

/**
 * Runs the migrations. knex serialises migrations with a lock row, but creates its own
 * tables, and that row, before it takes the lock. When several processes started together on
 * a new PostgreSQL database (docker compose up), some failed on those tables, and two rows
 * could be inserted, after which knex reports the lock as taken for good. A transaction-level
 * advisory lock, held on one connection while the migrations run on others, lets one
 * process at a time in.
 */
async function migrateToLatest(db: Knex, postgres: boolean, schema: string | undefined): Promise<void> {
  const migrate = () => db.migrate.latest({ migrationSource, schemaName: schema });
  if (!postgres) {
    // NOTE: SQLite has no such lock here, and its pool of one connection leaves none free to
    // hold one. Two processes that both start on a new data folder could still race knex's
    // lock row (not seen; the README runs a single process on SQLite).
    await migrate();
    return;
  }
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`comprobantes-migrations:${schema ?? ''}`]);
    await migrate();
  });
}

/** Makes the first connection, so that a server that is down or a missing database is reported as such. */
async function checkConnection(db: Knex, options: DbOptions): Promise<void> {
  try {
    await db.raw('select 1');
  } catch (err) {
    if (options.databaseUrl) throw postgresUnavailable(options.databaseUrl, err);
    throw err;
  }
}

/**
 * Sends knex's messages to the logger. knex 3.3 logs "Acquire connection error" with a
 * stack as a warning and then rejects the query with the same error, which its caller
 * reports. So that warning goes to debug.
 */
function knexLog(logger: Logger): Knex.Config['log'] {
  return {
    warn: (message: unknown) => {
      if (typeof message === 'string' && message.startsWith('Acquire connection error')) logger.debug({ knexMessage: message }, 'knex could not acquire a connection');
      else logger.warn({ knexMessage: message }, 'knex warning');
    },
    error: (message: unknown) => logger.error({ knexMessage: message }, 'knex error'),
    deprecate: (method: string, alternative: string) => logger.warn({ method, alternative }, 'knex deprecation'),
    debug: (message: unknown) => logger.debug({ knexMessage: message }, 'knex debug'),
  };
}

/**
 * Time allowed for a new PostgreSQL connection, in ms. pg 8.23 waits without a limit by
 * default. A server that never responded (packets dropped on the way) then made a command
 * wait for knex's 60 s acquire timeout and stay alive after its error until the socket closed.
 */
const connectTimeoutMs = 10_000;

function openPostgres(url: string, schema: string | undefined, log: Knex.Config['log']): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: connectTimeoutMs },
    searchPath: schema ? [schema] : undefined,
    pool: { min: 0, max: 10 },
    log,
  });
}

function openSqlite(file: string, log: Knex.Config['log']): Knex {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw sqliteUnavailable(file, err);
  }
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    log,
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

/** Returns the id that migration 002 gave this database. */
export async function installationId(db: Db): Promise<string> {
  const row = (await db('installation').first('id')) as { id: string } | undefined;
  if (!row) throw new Error('the installation table has no row; migration 002-installation did not complete');
  return row.id;
}

/** Returns the path of the SQLite file inside the data folder. */
export function sqliteFileIn(home: string): string {
  return path.join(home, 'comprobantes.sqlite');
}
