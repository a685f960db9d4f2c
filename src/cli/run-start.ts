import { getHeapStatistics } from 'node:v8';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startPipeline } from '../pipeline.ts';
import { reportError } from './report-error.ts';

/**
 * Highest expected heap limit of the main thread, in MiB. bin/comprobantes.js runs node with
 * --max-old-space-size=512, so a higher limit means node started without it, and a batch may
 * then take about 180 MB more.
 */
const expectedHeapLimitMb = 1024;

/** Time given to active jobs to finish after SIGTERM before the process exits anyway, in ms. */
const shutdownDeadlineMs = 30_000;

/**
 * Resolves on the first SIGTERM or SIGINT; a second one exits at once. Installed before
 * start-up so that a signal during start-up still ends in an orderly close.
 */
function stopSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        logger.warn({ signal }, 'second signal; exiting without waiting for jobs');
        process.exit(130);
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export async function runStart(app: { config: Config; logger: Logger }, options: { watch: boolean }): Promise<void> {
  const { config, logger } = app;
  const stop = stopSignal(logger);
  const pipeline = await startPipeline({ config, logger, watch: options.watch, work: true });
  await pipeline.ready;
  const settings = {
    queuePrefix: config.queuePrefix,
    database: config.databaseUrl ? 'postgresql' : 'sqlite',
    concurrency: config.worker.concurrency,
    chunkSize: config.worker.chunkSize,
    readerThreads: config.worker.pdfThreads,
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1024 ** 2),
  };
  logger.info({ home: config.home, dropRoot: config.dropRoot, redis: pipeline.redis.url, watch: options.watch, ...settings }, 'started');
  if (settings.heapLimitMb > expectedHeapLimitMb) {
    logger.warn({ heapLimitMb: settings.heapLimitMb }, 'main heap limit not set: start with `node --max-old-space-size=512 bin/comprobantes.js` so memory stays bounded');
  }
  process.stderr.write(
    options.watch
      ? `comprobantes: vigilando ${config.dropRoot}/<vendedor>/entrada/ (Ctrl+C para detener)\n`
      : 'comprobantes: procesando la cola (Ctrl+C para detener)\n',
  );

  const ended = await Promise.race([stop.then((signal) => ({ signal, lost: null })), pipeline.prefixLost.then((lost) => ({ signal: null, lost }))]);
  logger.info({ signal: ended.signal, prefixLost: ended.lost !== null }, 'stopping');
  const deadline = setTimeout(() => {
    logger.error({ deadlineMs: shutdownDeadlineMs }, 'shutdown deadline passed; exiting');
    process.exit(1);
  }, shutdownDeadlineMs);
  deadline.unref();
  await pipeline.close();
  logger.info('stopped');
  // Another installation now takes this prefix's jobs: this one stops, with the same exit code and message as at start-up.
  if (ended.lost) process.exitCode = reportError(ended.lost);
}
