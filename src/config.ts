import path from 'node:path';
import { z } from 'zod';
import { defaults } from '../config/defaults.ts';
import { redactUrlPassword } from './redact-url.ts';

const positiveInt = z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0');

/**
 * Smallest heap for a reader thread, in MiB. pdf.js needed about 32 MiB to load and read a
 * one-page receipt (pdf-parse 2.4.5). Below what it needs, every file stops its thread, XML included.
 */
const minPdfMemoryMb = 64;

/**
 * Highest accepted value of the options that a typo can make huge, by option. Each is far
 * above any useful setting: a thousand reader threads, each with a 2 GiB heap limit, or one
 * job of a million receipts, would only exhaust the machine or Redis.
 */
const maxima = {
  'watcher.stableMs': 3_600_000,
  'watcher.zipStableMs': 3_600_000,
  'watcher.pollMs': 60_000,
  'worker.concurrency': 64,
  'worker.chunkSize': 1_000,
  'worker.pdfThreads': 64,
  'worker.pdfTimeoutMs': 600_000,
  'worker.pdfMemoryMb': 16_384,
} as const;

const boundedInt = (key: keyof typeof maxima) => positiveInt.max(maxima[key], `must be at most ${maxima[key]}`);

const configSchema = z.object({
  home: z.string().min(1),
  dropRoot: z.string().min(1),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
  redisUrlExplicit: z.boolean(),
  queuePrefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "_" and "-"'),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').nullable(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  watcher: z.object({ stableMs: boundedInt('watcher.stableMs'), zipStableMs: boundedInt('watcher.zipStableMs'), pollMs: boundedInt('watcher.pollMs') }),
  limits: z.object({
    archiveBytes: positiveInt,
    archiveEntries: positiveInt,
    uncompressedBytes: positiveInt,
    compressionRatio: positiveInt,
    receiptFileBytes: positiveInt,
    xmlBytes: positiveInt,
    manifestBytes: positiveInt,
  }),
  worker: z.object({
    concurrency: boundedInt('worker.concurrency'),
    chunkSize: boundedInt('worker.chunkSize'),
    pdfThreads: boundedInt('worker.pdfThreads'),
    pdfTimeoutMs: boundedInt('worker.pdfTimeoutMs'),
    pdfMemoryMb: z
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(minPdfMemoryMb, `must be at least ${minPdfMemoryMb}`)
      .max(maxima['worker.pdfMemoryMb'], `must be at most ${maxima['worker.pdfMemoryMb']}`),
    pdfRecycleAfter: positiveInt,
    attempts: positiveInt,
  }),
  policy: z.object({ acceptImageOnlyPdf: z.boolean({ invalid_type_error: 'must be true or false' }) }),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Options a command line may set; each wins over the environment. */
export interface ConfigOverrides {
  home?: string;
  dropRoot?: string;
  redisUrl?: string;
  databaseUrl?: string;
  logLevel?: string;
  concurrency?: number;
  pdfThreads?: number;
}

/** One invalid option: its config key with the variable and flag that set it, and the value given. */
export interface ConfigProblem {
  readonly option: string;
  readonly value: unknown;
  /** Accepted values of the option, in Spanish, for the CLI. */
  readonly expected: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(message);
  }
}

/**
 * Reads a numeric variable. A value that is not a number is returned as given, so that the
 * schema reports it with every other invalid option, in the same format.
 */
function envNumber(env: NodeJS.ProcessEnv, name: string): number | string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : raw;
}

/** Reads a true/false variable. Any other value is returned as given, for the schema to report. */
function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (/^(1|true|yes|si|sí)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  return raw;
}

/**
 * Resolves the configuration once: flags over environment over defaults. Throws one
 * ConfigError that lists every invalid option with its variable, its flag if it has one,
 * and the value given.
 */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (README, "Configuration").
  const home = path.resolve(overrides.home ?? (env.COMPROBANTES_HOME || defaults.home));
  const redisUrl = overrides.redisUrl ?? env.REDIS_URL;
  const candidate = {
    home,
    dropRoot: path.resolve(overrides.dropRoot ?? (env.COMPROBANTES_DROP_ROOT || path.join(home, 'buzones'))),
    redisUrl: redisUrl ?? defaults.redisUrl,
    redisUrlExplicit: redisUrl !== undefined,
    queuePrefix: env.COMPROBANTES_QUEUE_PREFIX ?? defaults.queuePrefix,
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || null),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? defaults.logLevel,
    watcher: {
      stableMs: envNumber(env, 'COMPROBANTES_STABLE_MS') ?? defaults.watcher.stableMs,
      zipStableMs: envNumber(env, 'COMPROBANTES_ZIP_STABLE_MS') ?? defaults.watcher.zipStableMs,
      pollMs: envNumber(env, 'COMPROBANTES_POLL_MS') ?? defaults.watcher.pollMs,
    },
    limits: { ...defaults.limits },
    worker: {
      ...defaults.worker,
      concurrency: overrides.concurrency ?? envNumber(env, 'COMPROBANTES_CONCURRENCY') ?? defaults.worker.concurrency,
      chunkSize: envNumber(env, 'COMPROBANTES_CHUNK_SIZE') ?? defaults.worker.chunkSize,
      pdfThreads: overrides.pdfThreads ?? envNumber(env, 'COMPROBANTES_PDF_THREADS') ?? defaults.worker.pdfThreads,
      pdfTimeoutMs: envNumber(env, 'COMPROBANTES_PDF_TIMEOUT_MS') ?? defaults.worker.pdfTimeoutMs,
      pdfMemoryMb: envNumber(env, 'COMPROBANTES_PDF_MEMORY_MB') ?? defaults.worker.pdfMemoryMb,
    },
    policy: {
      acceptImageOnlyPdf: envBoolean(env, 'COMPROBANTES_ACCEPT_IMAGE_PDF') ?? defaults.policy.acceptImageOnlyPdf,
    },
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const value = issue.path.reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part as string], candidate);
      return {
        option: describeOption(key),
        // A URL that fails validation may still contain a password.
        value: typeof value === 'string' && (key === 'redisUrl' || key === 'databaseUrl') ? redactUrlPassword(value) : value,
        message: issue.message,
        expected: expectedValues[key] ?? expectedInteger(key),
      };
    });
    const text = problems.map((p) => `${p.option}=${JSON.stringify(p.value)}: ${p.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${text}`, problems);
  }
  return deepFreeze(parsed.data);
}

/** Environment variable and flag of each option, so an error names what the user actually typed. */
const optionSources: Readonly<Record<string, string>> = {
  home: 'COMPROBANTES_HOME / --home',
  dropRoot: 'COMPROBANTES_DROP_ROOT / --drop-root',
  redisUrl: 'REDIS_URL / --redis-url',
  databaseUrl: 'DATABASE_URL / --database-url',
  queuePrefix: 'COMPROBANTES_QUEUE_PREFIX',
  logLevel: 'LOG_LEVEL / --log-level',
  'watcher.stableMs': 'COMPROBANTES_STABLE_MS',
  'watcher.zipStableMs': 'COMPROBANTES_ZIP_STABLE_MS',
  'watcher.pollMs': 'COMPROBANTES_POLL_MS',
  'worker.concurrency': 'COMPROBANTES_CONCURRENCY',
  'worker.chunkSize': 'COMPROBANTES_CHUNK_SIZE',
  'worker.pdfThreads': 'COMPROBANTES_PDF_THREADS',
  'worker.pdfTimeoutMs': 'COMPROBANTES_PDF_TIMEOUT_MS',
  'worker.pdfMemoryMb': 'COMPROBANTES_PDF_MEMORY_MB',
  'policy.acceptImageOnlyPdf': 'COMPROBANTES_ACCEPT_IMAGE_PDF',
};

/** Spanish description of the accepted values, by option; every option not listed is a positive integer. */
const expectedValues: Readonly<Record<string, string>> = {
  home: 'una ruta de carpeta',
  dropRoot: 'una ruta de carpeta',
  redisUrl: 'una URL que empiece con redis:// o rediss://',
  databaseUrl: 'una URL que empiece con postgres:// o postgresql://',
  queuePrefix: 'solo letras, dígitos, "_" y "-"',
  logLevel: 'uno de fatal, error, warn, info, debug, trace, silent',
  'policy.acceptImageOnlyPdf': 'true o false (también 1/0, yes/no, si/no)',
  'worker.pdfMemoryMb': `un número entero de ${minPdfMemoryMb} a ${maxima['worker.pdfMemoryMb']} (MiB)`,
};

/** Describes the accepted values of an integer option: 1 up to its maximum, if it has one. */
function expectedInteger(key: string): string {
  const max = (maxima as Readonly<Record<string, number>>)[key];
  return max === undefined ? 'un número entero mayor que 0' : `un número entero de 1 a ${max}`;
}

function describeOption(key: string): string {
  const source = optionSources[key];
  return source ? `${key} (${source})` : key;
}

/** Returns a copy of the config with test or benchmark values for some sections. */
export function withConfig(base: Config, patch: Partial<{ [K in keyof Config]: Partial<Config[K]> | Config[K] }>): Config {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = (base as Record<string, unknown>)[key];
    merged[key] = typeof current === 'object' && current !== null && typeof value === 'object' && value !== null ? { ...current, ...value } : value;
  }
  return deepFreeze(configSchema.parse(merged));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
