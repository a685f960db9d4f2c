import { hostname } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { redactUrlPassword } from '../redact-url.ts';

/** An installation: its database's id (installationId in connect.ts), and where that database is, for messages. */
export interface Installation {
  readonly id: string;
  readonly database: string;
}

/**
 * Raised at start-up when another installation, with another database, already uses this
 * queue prefix on this Redis. Both would take each other's jobs, and each job names a batch
 * and files that only its own installation has.
 */
export class QueuePrefixInUseError extends Error {
  override readonly name = 'QueuePrefixInUseError';
  readonly code = 'QUEUE_PREFIX_IN_USE';

  constructor(
    readonly prefix: string,
    readonly redisUrl: string,
    /** Location of the database whose installation has the prefix. */
    readonly owner: string,
    /** Location of this installation's database. */
    readonly database: string,
  ) {
    super(`queue prefix ${prefix} on Redis ${redisUrl} belongs to the installation with database ${owner}, not to this one (${database})`);
  }
}

/** Redis key that records which installation uses a queue prefix; BullMQ's own keys are `<prefix>:<queue>:...`. */
export function ownerKey(prefix: string): string {
  return `${prefix}:installation`;
}

/**
 * Says where a database is: PostgreSQL by its URL without the password, SQLite by host and
 * file, since two hosts may each have a file at the same path.
 */
export function databaseLocation(database: { readonly databaseUrl: string | null; readonly sqliteFile: string }): string {
  if (database.databaseUrl) return `PostgreSQL ${redactUrlPassword(database.databaseUrl)}`;
  return `SQLite ${hostname()}:${path.resolve(database.sqliteFile)}`;
}

/**
 * Records this installation as the user of the queue prefix, or raises QueuePrefixInUseError
 * when another one already is. The record stays after the processes stop, so that the jobs
 * an installation left in Redis are never taken by another one. The database's id decides,
 * so a data folder that moves, or a container with a new host name, keeps its prefix.
 */
export async function claimQueuePrefix(connection: Redis, prefix: string, installation: Installation, redisUrl: string): Promise<Installation> {
  const key = ownerKey(prefix);
  if ((await connection.set(key, JSON.stringify(installation), 'NX')) === 'OK') return installation;
  const recorded = await readRecord(connection, key);
  // A record deleted between the two calls leaves the prefix free: take it again.
  if (recorded === null) return claimQueuePrefix(connection, prefix, installation, redisUrl);
  const owner = parseOwner(recorded);
  if (owner.id !== installation.id) throw new QueuePrefixInUseError(prefix, redactUrlPassword(redisUrl), owner.database, installation.database);
  return owner;
}

/** Reads the record; a key of another type (a hash, say) reads as a Spanish description of it, for the message. */
async function readRecord(connection: Redis, key: string): Promise<string | null> {
  try {
    return await connection.get(key);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return `(un valor de Redis de tipo ${await connection.type(key)}, que no es un registro de este programa)`;
    throw error;
  }
}

/** Maximum length of a record in a message, in characters. */
const maxRecordChars = 300;

/**
 * Reads a record; one that another program wrote in another form counts as another
 * installation's. Control characters become "?" and the text is cut, since it goes to the
 * operator's terminal.
 */
function parseOwner(recorded: string): Installation {
  let owner: Installation = { id: '', database: recorded };
  try {
    const parsed = JSON.parse(recorded) as Partial<Installation> | null;
    if (typeof parsed?.id === 'string' && typeof parsed.database === 'string') owner = { id: parsed.id, database: parsed.database };
  } catch {
    // Not JSON: shown as it is.
  }
  const printable = owner.database.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, maxRecordChars);
  return { id: owner.id, database: printable === '' ? '(vacío)' : printable };
}
