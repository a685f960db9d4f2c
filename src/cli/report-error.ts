import { ConfigError } from '../config.ts';
import { DatabaseUnavailableError } from '../db/database-unavailable.ts';
import { RedisUnavailableError } from '../queue/private-redis.ts';
import { ownerKey, QueuePrefixInUseError } from '../queue/queue-owner.ts';
import { redactUrlPassword } from '../redact-url.ts';

/** Exit codes of the `comprobantes` commands, also listed in both READMEs. */
export const exitCodes = {
  error: 1,
  invalidConfig: 2,
  redisUnavailable: 3,
  batchRejected: 4,
  databaseUnavailable: 5,
  queuePrefixInUse: 6,
} as const;

const redisHelp: Record<RedisUnavailableError['problem'], string> = {
  unreachable: 'Inicie ese Redis, o quite REDIS_URL y --redis-url para que el programa levante un redis-server propio en la carpeta de datos.',
  not_installed: 'Instale Redis (por ejemplo: sudo apt-get install redis-server) o indique uno con REDIS_URL (o --redis-url).',
  start_failed: 'No se pudo iniciar el redis-server propio; revise redis.log en la carpeta redis/ de los datos.',
};

/** Spanish meaning of the network error codes of a PostgreSQL server that cannot be reached. A missing code means a timeout. */
const unreachableReasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nadie acepta conexiones en ese servidor y puerto',
  ENOTFOUND: 'no se encontró el nombre del servidor',
  EAI_AGAIN: 'no se pudo resolver el nombre del servidor',
  ETIMEDOUT: 'el servidor no respondió a tiempo',
  EHOSTUNREACH: 'no hay ruta de red hasta el servidor',
  ENETUNREACH: 'no hay ruta de red hasta el servidor',
  ECONNRESET: 'el servidor cerró la conexión',
};

/** Spanish meaning of the file system error codes that stop a folder or file from being created or written. */
const folderReasons: Readonly<Record<string, string>> = {
  EACCES: 'permiso denegado',
  EPERM: 'operación no permitida',
  EROFS: 'el sistema de archivos es de solo lectura',
  ENOTDIR: 'una parte de la ruta es un archivo, no una carpeta',
  EEXIST: 'ya existe un archivo con el nombre de una de las carpetas',
  ENOSPC: 'no queda espacio en el disco',
};

/** Spanish meaning of the file system and SQLite error codes that stop the SQLite file from being created or written. */
const sqliteReasons: Readonly<Record<string, string>> = {
  ...folderReasons,
  SQLITE_CANTOPEN: 'SQLite no pudo abrir ni crear el archivo',
  SQLITE_READONLY: 'el archivo o su carpeta son de solo lectura',
  SQLITE_PERM: 'permiso denegado',
  SQLITE_IOERR: 'error de entrada y salida del disco',
};

/** Returns the path and code of a file system error that folderReasons explains, or null for any other error. */
function folderError(err: unknown): { path: string; code: string } | null {
  const { code, path } = (err ?? {}) as { code?: unknown; path?: unknown };
  return typeof code === 'string' && typeof path === 'string' && code in folderReasons ? { code, path } : null;
}

/** Writes the Spanish message for an error that ended a command to stderr and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write('Configuración inválida:\n');
    for (const problem of err.problems) process.stderr.write(`  ${problem.option} = ${JSON.stringify(problem.value)} no es válido: se espera ${problem.expected}\n`);
    process.stderr.write('Corrija la variable de entorno o la opción; la tabla de configuración del README da cada una con su valor por defecto.\n');
    return exitCodes.invalidConfig;
  }
  if (err instanceof RedisUnavailableError) {
    process.stderr.write(`No se pudo conectar a Redis en ${redactUrlPassword(err.url)}.\n${redisHelp[err.problem]}\n`);
    return exitCodes.redisUnavailable;
  }
  if (err instanceof DatabaseUnavailableError) {
    process.stderr.write(`${describeDatabaseError(err)}\n`);
    return exitCodes.databaseUnavailable;
  }
  if (err instanceof QueuePrefixInUseError) {
    process.stderr.write(
      [
        `El prefijo de colas "${err.prefix}" de Redis ${err.redisUrl} ya lo usa otra instalación, con la base de datos ${err.owner}.`,
        `Esta usa ${err.database}. Con un mismo prefijo, cada una tomaría los trabajos de la otra.`,
        'Dé a esta instalación otro prefijo con COMPROBANTES_QUEUE_PREFIX. Si la otra ya no existe y sus lotes están terminados,',
        `libere el prefijo con: redis-cli -u ${err.redisUrl} DEL ${ownerKey(err.prefix)}`,
      ].join('\n') + '\n',
    );
    return exitCodes.queuePrefixInUse;
  }
  const folder = folderError(err);
  if (folder) {
    process.stderr.write(
      `No se pudo crear o escribir ${folder.path}: ${folderReasons[folder.code]} (${folder.code}).\n` +
        'Corrija los permisos de esa ruta, o indique otra carpeta con COMPROBANTES_HOME (datos) o COMPROBANTES_DROP_ROOT (buzones de los vendedores).\n',
    );
    return exitCodes.error;
  }
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  return exitCodes.error;
}

/** Two lines in Spanish: what failed, on which URL or file, and what to do. */
function describeDatabaseError(err: DatabaseUnavailableError): string {
  const code = err.reason ? ` (${err.reason})` : '';
  const fixUrl = 'corrija DATABASE_URL (o --database-url)';
  switch (err.problem) {
    case 'unreachable':
      return [
        `No se pudo conectar a PostgreSQL en ${err.location}: ${unreachableReasons[err.reason ?? 'ETIMEDOUT'] ?? causeMessage(err)}${code}.`,
        `Inicie PostgreSQL o ${fixUrl}. Sin DATABASE_URL el programa usa SQLite en la carpeta de datos.`,
      ].join('\n');
    case 'database_missing':
      return [
        `PostgreSQL responde en ${err.location}, pero la base de datos ${quotedDatabaseName(err.location)}no existe.`,
        `Créela${createdbExample(err.location)} o ${fixUrl}. El programa crea sus tablas al iniciar.`,
      ].join('\n');
    case 'login_rejected':
      return [
        `PostgreSQL en ${err.location} rechazó el acceso${code}. Respuesta de PostgreSQL: ${causeMessage(err)}`,
        `Revise el usuario y la contraseña de DATABASE_URL (o --database-url) y las reglas de pg_hba.conf del servidor.`,
      ].join('\n');
    case 'connection_failed':
      return [
        `No se pudo abrir la base de datos PostgreSQL en ${err.location}${code}: ${causeMessage(err)}`,
        `Revise que el servidor esté en marcha y acepte conexiones, o ${fixUrl}.`,
      ].join('\n');
    case 'sqlite_not_writable':
      return [
        `No se pudo crear o escribir la base SQLite ${err.location}: ${sqliteReasons[err.reason ?? ''] ?? causeMessage(err)}${code}.`,
        'Indique con COMPROBANTES_HOME (o --home) una carpeta de datos en la que este usuario pueda escribir, o corrija los permisos de esa carpeta.',
      ].join('\n');
  }
}

function causeMessage(err: DatabaseUnavailableError): string {
  return err.cause instanceof Error ? err.cause.message : String(err.cause);
}

/** Returns the database name of a PostgreSQL URL in quotes and followed by a space, or '' when the URL names none. */
function quotedDatabaseName(url: string): string {
  const name = databaseName(url);
  return name ? `"${name}" ` : '';
}

/** Returns a createdb example for the URL's server, user and database, or '' when the URL names no database. */
function createdbExample(url: string): string {
  const name = databaseName(url);
  if (!name) return '';
  const parsed = new URL(url);
  const options = [
    parsed.hostname ? `-h ${parsed.hostname}` : '',
    parsed.port ? `-p ${parsed.port}` : '',
    parsed.username ? `-U ${decodeURIComponent(parsed.username)}` : '',
  ].filter(Boolean);
  return ` (por ejemplo: createdb ${[...options, name].join(' ')})`;
}

function databaseName(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || null;
  } catch {
    return null;
  }
}
