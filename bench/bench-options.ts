import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly receipts: number;
  readonly archiveBytes: number;
  readonly skipLargeArchive: boolean;
  readonly skipXml: boolean;
  readonly skipScaling: boolean;
  readonly skipPostgres: boolean;
  /** Keys of the only end-to-end stages to run (pdf, xml, large, sqlite2, pg1, pg2); empty for all. */
  readonly only: readonly string[];
  readonly outDir: string;
  readonly redisUrl: string;
  readonly postgresAdminUrl: string;
  /** Keep each run's data folder (logs, database, reports) under <outDir>/runs/. */
  readonly keepScratch: boolean;
  /** Starts the pipeline processes with --cpu-prof, profiles written to <outDir>/profiles/. */
  readonly cpuProfile: boolean;
  /** Extra node flags for the pipeline processes, after the bin's own, for experiments with V8 flags. */
  readonly nodeFlags: readonly string[];
  /** bin/comprobantes.js of the checkout whose pipeline the end-to-end stages run; null for this one. */
  readonly pipelineBin: string | null;
}

export const usage = `npm run bench -- [options]
  --receipts N         receipts in the batch (default 10000)
  --archive-gb N       size of the large archive in GB (default 2)
  --skip-2gb           leave out the large-archive run
  --skip-xml           leave out the XML-only run
  --skip-scaling       leave out the start + worker and PostgreSQL runs
  --skip-postgres      leave out the PostgreSQL runs
  --only KEYS          comma-separated stages to run after the baselines and the floors
                       of their batches: pdf, xml, large, sqlite2, pg1, pg2
  --out DIR            cache and scratch folder (default bench/out)
  --redis-url URL      Redis for the queues (default redis://127.0.0.1:6379)
  --postgres-url URL   PostgreSQL server for scratch databases (default postgres://postgres@127.0.0.1:5432/postgres)
  --keep-scratch       keep each run's data folder and logs
  --cpu-prof           write V8 CPU profiles of the pipeline processes
  --node-flags FLAGS   more node flags for the pipeline processes, space-separated, after
                       those on the first line of bin/comprobantes.js
  --pipeline-bin PATH  run the end-to-end stages on another checkout's bin/comprobantes.js
                       (before/after comparisons on the same batch; baselines stay this checkout's)`;

/** Reads the bench's flags; throws with the usage on an unknown flag or a bad number. */
export function parseBenchOptions(argv: readonly string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      receipts: { type: 'string', default: '10000' },
      'archive-gb': { type: 'string', default: '2' },
      'skip-2gb': { type: 'boolean', default: false },
      'skip-xml': { type: 'boolean', default: false },
      'skip-scaling': { type: 'boolean', default: false },
      'skip-postgres': { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      out: { type: 'string', default: defaultOutDir },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'keep-scratch': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'node-flags': { type: 'string', default: '' },
      'pipeline-bin': { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const receipts = Number(values.receipts);
  const archiveGb = Number(values['archive-gb']);
  if (!Number.isInteger(receipts) || receipts < 1) throw new Error(`--receipts must be a positive integer, got ${values.receipts}\n${usage}`);
  if (!(archiveGb > 0)) throw new Error(`--archive-gb must be a positive number, got ${values['archive-gb']}\n${usage}`);
  return {
    receipts,
    archiveBytes: Math.round(archiveGb * 1024 ** 3),
    skipLargeArchive: values['skip-2gb'],
    skipXml: values['skip-xml'],
    skipScaling: values['skip-scaling'],
    skipPostgres: values['skip-postgres'],
    only: values.only.split(',').filter((key) => key !== ''),
    outDir: values.out,
    redisUrl: values['redis-url'],
    postgresAdminUrl: values['postgres-url'],
    keepScratch: values['keep-scratch'],
    cpuProfile: values['cpu-prof'],
    nodeFlags: values['node-flags'].split(' ').filter((flag) => flag !== ''),
    pipelineBin: values['pipeline-bin'] === '' ? null : path.resolve(values['pipeline-bin']),
  };
}
