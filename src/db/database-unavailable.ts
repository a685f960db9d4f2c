import { redactUrlPassword } from '../redact-url.ts';

/**
 * Why the database could not be opened:
 * - `unreachable`: nothing accepts connections at the URL's host and port, or the connection timed out.
 * - `database_missing`: PostgreSQL accepts the connection, but the database named in the URL does not exist.
 * - `login_rejected`: PostgreSQL rejected the URL's user or password.
 * - `connection_failed`: any other failure of the first PostgreSQL connection.
 * - `sqlite_not_writable`: the SQLite file or its folder cannot be created or written.
 */
export type DatabaseProblem = 'unreachable' | 'database_missing' | 'login_rejected' | 'connection_failed' | 'sqlite_not_writable';

/**
 * Error for a database that cannot be used when a command starts. The command wrote nothing
 * to the database, so it can run again once the server or the folder is fixed.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(
    message: string,
    readonly problem: DatabaseProblem,
    /** The PostgreSQL URL without its password, or the SQLite file. */
    readonly location: string,
    /** Error code of the driver or the file system (ECONNREFUSED, 3D000, EACCES, SQLITE_CANTOPEN...), when it gave one. */
    readonly reason: string | null,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

// SQLSTATE codes of PostgreSQL (Appendix A of its manual).
const missingDatabaseState = '3D000';
const loginRejectedStates = new Set(['28000', '28P01']);
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Wraps the error of the first PostgreSQL query in a DatabaseUnavailableError whose problem names the cause. */
export function postgresUnavailable(url: string, error: unknown): DatabaseUnavailableError {
  const location = redactUrlPassword(url);
  const reason = errorCode(error);
  const problem = postgresProblem(error, reason);
  return new DatabaseUnavailableError(`PostgreSQL at ${location} cannot be used (${problem}): ${messageOf(error)}`, problem, location, reason, { cause: error });
}

function postgresProblem(error: unknown, reason: string | null): DatabaseProblem {
  if (reason === missingDatabaseState) return 'database_missing';
  if (reason !== null && loginRejectedStates.has(reason)) return 'login_rejected';
  if (reason !== null && unreachableCodes.has(reason)) return 'unreachable';
  // pg 8.23 raises a plain "timeout expired" after connectionTimeoutMillis, and knex 3.3 a
  // KnexTimeoutError when no connection came within its acquireConnectionTimeout.
  if (error instanceof Error && (error.name === 'KnexTimeoutError' || error.message === 'timeout expired')) return 'unreachable';
  return 'connection_failed';
}

/** Wraps a failure to create or open the SQLite file or its folder. */
export function sqliteUnavailable(file: string, error: unknown): DatabaseUnavailableError {
  return new DatabaseUnavailableError(`SQLite file ${file} cannot be created or written: ${messageOf(error)}`, 'sqlite_not_writable', file, errorCode(error), {
    cause: error,
  });
}

/**
 * Error codes of sqlite3 (5.1) when the file or its folder cannot be created or written.
 * SQLITE_CANTOPEN also covers a folder where the WAL files cannot be created.
 */
const sqliteFileCodes = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_IOERR']);

/** True when a SQLite error means that the file or its folder cannot be created or written. */
export function isSqliteFileError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== null && sqliteFileCodes.has(code);
}

/**
 * Returns the error's `code`. Node 20 may try several addresses of one host name, and then
 * raises an AggregateError whose own code is the one its attempts share.
 */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return null;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}
