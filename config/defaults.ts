import { availableParallelism } from 'node:os';

/**
 * Defaults for every option. Environment variables override them, command-line flags
 * override the environment; `src/config.ts` validates the result once.
 */
export const defaults = {
  /** Data folder: SQLite file, stored receipts, ops reports, private Redis. Env COMPROBANTES_HOME. */
  home: './data',
  /** Root of the sellers' drop folders, `<dropRoot>/<sellerId>/entrada/`. Env COMPROBANTES_DROP_ROOT; default `<home>/buzones`. */
  dropRoot: null as string | null,
  /** Env REDIS_URL. */
  redisUrl: 'redis://127.0.0.1:6379',
  /** Prefix of every BullMQ key, so several installs can share one Redis. Env COMPROBANTES_QUEUE_PREFIX. */
  queuePrefix: 'comprobantes',
  /** PostgreSQL URL (postgres://...) or null for the embedded SQLite file `<home>/comprobantes.sqlite`. Env DATABASE_URL. */
  databaseUrl: null as string | null,
  /** Log level for pino. Env LOG_LEVEL. */
  logLevel: 'info',

  watcher: {
    /** A file is complete once its size and mtime stay the same for this long, in milliseconds. Env COMPROBANTES_STABLE_MS. */
    stableMs: 2000,
    /**
     * Shorter quiet period for a `.zip` whose last bytes are a complete end of central
     * directory (an upload cut short lacks it), in milliseconds. The shorter of this and
     * stableMs applies. Env COMPROBANTES_ZIP_STABLE_MS.
     */
    zipStableMs: 500,
    /** How often a pending file's size and mtime are read again at most, in milliseconds. Env COMPROBANTES_POLL_MS. */
    pollMs: 500,
  },

  limits: {
    /** Largest archive or manifest accepted, in bytes (8 GiB). */
    archiveBytes: 8 * 1024 ** 3,
    /** Maximum number of entries in one archive. */
    archiveEntries: 100_000,
    /** Largest sum of uncompressed entry sizes, in bytes (16 GiB). */
    uncompressedBytes: 16 * 1024 ** 3,
    /** Highest compression ratio (uncompressed / compressed) of one entry before it counts as a zip bomb. */
    compressionRatio: 200,
    /** Largest single receipt file (PDF, XML or CDR), in bytes (20 MiB). */
    receiptFileBytes: 20 * 1024 ** 2,
    /**
     * Largest XML receipt or CDR, in bytes (2 MiB). A real one is 5-60 KB even with hundreds
     * of lines. Parsing runs on the worker's main thread, where an 18 MB XML took over 30 s.
     */
    xmlBytes: 2 * 1024 ** 2,
    /** Largest manifest, in bytes (50 MiB). */
    manifestBytes: 50 * 1024 ** 2,
  },

  worker: {
    /**
     * Receipt jobs (chunks) in flight per worker process. Two or more keep the reader threads
     * busy while another chunk is in its database step; the threads bound the parsing itself.
     */
    concurrency: 4,
    /**
     * Receipts per receipt job. Each job loads its facts and writes its attachments and
     * outcomes in a few statements, so larger chunks cost less per receipt. A chunk that
     * fails is retried whole, skipping the receipts that already have an outcome.
     */
    chunkSize: 50,
    /** Threads that read receipt files (PDF and XML); one per core is the ceiling measured for pdf.js. */
    pdfThreads: Math.max(1, availableParallelism()),
    /** A PDF that takes longer than this to parse is PDF_UNREADABLE, in milliseconds. */
    pdfTimeoutMs: 20_000,
    /**
     * Heap limit of each reader thread, in MiB; a PDF that exceeds it is PDF_UNREADABLE. It
     * is a fence for hostile files, not a budget: V8 sizes its collections by it, and below
     * 2048 it collects so often that pdf.js ran 25 % slower at 512 (docs/benchmarks.md).
     */
    pdfMemoryMb: 2048,
    /**
     * The reader threads are replaced after this many PDFs, to bound what pdf.js keeps
     * between documents. A new thread costs about half a second of CPU (tsx, pdf.js and its
     * warm-up), so this is not much lower.
     */
    pdfRecycleAfter: 10_000,
    /** Attempts for a job that fails on infrastructure (Redis, database) before PROCESSING_FAILED. */
    attempts: 3,
  },

  policy: {
    /** Accept an image-only PDF (no text layer) with a warning instead of rejecting it. */
    acceptImageOnlyPdf: false,
  },
} as const;

export type Defaults = typeof defaults;
