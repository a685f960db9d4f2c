import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startPipeline } from '../pipeline.ts';
import { summaryOf } from '../reports/batch-report.ts';
import { dropKindOf } from '../sources/drop-name-filter.ts';
import { formatSummary, previousBatchOf } from './print-summary.ts';
import { exitCodes } from './report-error.ts';
import { waitForBatch } from './wait-for-batch.ts';

export interface IngestOptions {
  readonly file: string;
  readonly sellerId: string;
  readonly wait: boolean;
  readonly json: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Takes a ZIP or CSV straight from a path (copied, the original stays). With --wait this
 * process also runs the workers and returns when the batch is reported.
 */
export async function runIngest(app: { config: Config; logger: Logger }, options: IngestOptions): Promise<void> {
  const filePath = path.resolve(options.file);
  const kind = dropKindOf(path.basename(filePath));
  if (!kind) throw new UsageError(`el archivo debe ser .zip o .csv: ${filePath}`);
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`no existe el archivo ${filePath}`);

  const pipeline = await startPipeline({ config: app.config, logger: app.logger, watch: false, work: options.wait });
  try {
    const claim = await pipeline.claim({ sellerId: options.sellerId, kind, filePath, source: 'ingest' });
    if (claim.status === 'unknown_seller') throw new UsageError(`el vendedor "${options.sellerId}" no está registrado; impórtelo con "comprobantes sellers import"`);
    if (claim.status !== 'claimed') throw new Error('the file could not be claimed');
    if (!options.wait) {
      process.stdout.write(`Lote ${claim.batchId} en cola.\n`);
      return;
    }
    let lastShown = '';
    const { report } = await waitForBatch(pipeline.db, claim.batchId, (progress) => {
      if (options.json || !process.stderr.isTTY) return;
      const shown = progress.total > 0 ? `Procesando lote ${claim.batchId}: ${progress.done}/${progress.total}` : `Abriendo lote ${claim.batchId}...`;
      if (shown !== lastShown) process.stderr.write(`\r${shown}`);
      lastShown = shown;
    });
    if (lastShown) process.stderr.write('\n');
    const summary = summaryOf(report);
    // Exit code 4 marks for scripts a batch rejected as a whole (it could not be opened).
    if (summary.status === 'rejected') process.exitCode = exitCodes.batchRejected;
    if (options.json) {
      const { fileName: _fileName, ...fields } = summary;
      process.stdout.write(`${JSON.stringify({ ...fields, reports: report.reports })}\n`);
    } else {
      process.stdout.write(`${formatSummary(summary, report.reports, previousBatchOf(report))}\n`);
    }
  } finally {
    await pipeline.close();
  }
}
