import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the one root logger. Components get child loggers with their ids (batchId,
 * sellerId, jobId). Logs go to stderr so that `ingest --json` keeps stdout for its result.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      name: 'comprobantes',
      level,
      redact: { paths: ['redisUrl', 'databaseUrl', '*.password', 'password'], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}
