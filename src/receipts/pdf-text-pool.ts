import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';

/**
 * PDF text extraction in worker threads. In Node, pdf.js parses on the thread that calls
 * it, so it runs here in Piscina threads instead of on the receipt worker's event loop.
 * Each thread has a heap limit and each file a hard time limit. The whole pool is replaced
 * after a number of files, so the memory pdf.js keeps between documents stays bounded.
 */

export type PdfTextResult =
  | { readonly ok: true; readonly text: string; readonly pageCount: number }
  | { readonly ok: false; readonly code: 'PDF_UNREADABLE' | 'PDF_ENCRYPTED'; readonly reason: string };

export interface PdfTextPoolOptions {
  /** Threads parsing PDFs at once. */
  readonly threads: number;
  /**
   * A file whose text takes longer than this is PDF_UNREADABLE; its thread is terminated. In
   * milliseconds, counted from the moment a thread starts the file, so a replacement
   * thread's start-up (loading pdf.js) is not charged to the file.
   */
  readonly timeoutMs: number;
  /**
   * How long a file may wait for a thread to start it, in milliseconds; default 60000. Past
   * it, extract() rejects: a thread that cannot start points to a fault of the worker
   * (a hung module load, a broken install), not of the file.
   */
  readonly startLimitMs?: number;
  /**
   * Heap limit (V8 old generation) of each thread, in MiB; a file that exceeds it is PDF_UNREADABLE.
   * NOTE: a limit too small for pdf.js itself makes every file PDF_UNREADABLE, because each
   * thread runs out of memory while it loads (16 MiB did, 32 MiB was enough for a one-page
   * receipt, pdf-parse 2.4.5).
   */
  readonly memoryMb: number;
  /** The pool is replaced by a fresh one after this many files. */
  readonly recycleAfter: number;
  /** Called with errors that fail no file: a thread dying while idle, or a replaced pool failing to close. */
  readonly onThreadError?: (error: Error) => void;
}

export interface PdfTextPool {
  /**
   * Extracts the text of the PDF at this path. A bad PDF is a result, not a rejection. The
   * promise rejects when the file cannot be read, the pool is closed, or Piscina fails unexpectedly.
   */
  extract(filePath: string): Promise<PdfTextResult>;
  /** Waits for files in progress, then stops every thread. Safe to call more than once. */
  close(): Promise<void>;
}

type WorkerResult = PdfTextResult | { readonly ok: false; readonly code: 'FILE_READ_FAILED'; readonly reason: string };

const workerFile = new URL('./pdf-text-worker.mjs', import.meta.url).href;

export function createPdfTextPool(options: PdfTextPoolOptions): PdfTextPool {
  for (const key of ['threads', 'timeoutMs', 'startLimitMs', 'memoryMb', 'recycleAfter'] as const) {
    if (key === 'startLimitMs' && options[key] === undefined) continue;
    if (!Number.isInteger(options[key]) || (options[key] as number) < 1) {
      throw new RangeError(`createPdfTextPool: ${key} must be a positive integer, got ${String(options[key])}`);
    }
  }

  const slots = createSlots(options.threads);
  const retiring = new Set<Promise<void>>();
  let piscina = startPiscina(options);
  let filesOnPool = 0;
  let closing: Promise<void> | null = null;

  function recycle(): void {
    const old = piscina;
    piscina = startPiscina(options);
    filesOnPool = 0;
    // close() lets the files still running on the old threads finish; their timeouts bound the wait.
    const retired = old
      .close()
      .catch((error: Error) => options.onThreadError?.(error))
      .finally(() => retiring.delete(retired));
    retiring.add(retired);
  }

  async function extract(filePath: string): Promise<PdfTextResult> {
    if (closing !== null) throw new Error(`PDF text pool is closed; cannot extract ${filePath}`);
    await slots.acquire();
    try {
      if (filesOnPool >= options.recycleAfter) recycle();
      filesOnPool += 1;
      return await runWithTimeLimit(piscina, filePath, options);
    } finally {
      slots.release();
    }
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      await slots.drain();
      await Promise.allSettled([piscina.close(), ...retiring]);
    })();
    return closing;
  }

  return { extract, close };
}

function startPiscina(options: PdfTextPoolOptions): Piscina {
  const piscina = new Piscina({
    filename: workerFile,
    // Threads start with the first PDF and stop after a minute without one: each loads
    // pdf.js, which costs hundreds of MB, so a batch of XML only never pays for it.
    minThreads: 0,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 1,
    // Between files the thread's own event loop must run, so pdf.js cleanup is not held up by Atomics.wait.
    atomics: 'async',
    // The parent's flags (tsx loader, inspector) are of no use to a plain .mjs worker and slow its start.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
  });
  // Piscina emits 'error' when a thread fails while running no task; unhandled, it would end the process.
  piscina.on('error', (error: Error) => options.onThreadError?.(error));
  return piscina;
}

const defaultStartLimitMs = 60_000;

type AbortCause = 'time-limit' | 'start-limit';

/**
 * Runs one file with a hard time limit. The limit starts when the thread reports that it
 * took the file: after a timeout the replacement thread first has to load pdf.js, and that
 * wait must not make the next file time out too. Aborting a running task makes Piscina
 * terminate its thread and start a new one, which is what stops a pdf.js loop that never yields.
 */
async function runWithTimeLimit(piscina: Piscina, filePath: string, options: PdfTextPoolOptions): Promise<PdfTextResult> {
  const controller = new AbortController();
  const abort = (cause: AbortCause) => () => controller.abort(cause);
  const startLimitMs = options.startLimitMs ?? defaultStartLimitMs;
  const channel = new MessageChannel();
  let timer = setTimeout(abort('start-limit'), startLimitMs);
  channel.port1.once('message', () => {
    clearTimeout(timer);
    timer = setTimeout(abort('time-limit'), options.timeoutMs);
  });

  try {
    const task = { filePath, startedPort: channel.port2 };
    const result = (await piscina.run(task, { signal: controller.signal, transferList: [channel.port2] })) as WorkerResult;
    if (result.ok || result.code !== 'FILE_READ_FAILED') return result;
    throw new Error(`Cannot read PDF file ${filePath}: ${result.reason}`);
  } catch (error) {
    if (controller.signal.reason === 'start-limit') {
      throw new Error(`No PDF thread started ${filePath} within ${startLimitMs} ms`, { cause: error });
    }
    if (controller.signal.aborted) return { ok: false, code: 'PDF_UNREADABLE', reason: `se agotó el tiempo de lectura de ${options.timeoutMs} ms` };
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return { ok: false, code: 'PDF_UNREADABLE', reason: `superó el límite de memoria de ${options.memoryMb} MiB` };
    }
    if (isThreadExit(error)) return { ok: false, code: 'PDF_UNREADABLE', reason: 'el proceso de lectura terminó de forma inesperada' };
    throw error;
  } finally {
    clearTimeout(timer);
    channel.port1.close();
  }
}

/** Piscina rejects the task of a thread that exits with "worker exited with code: N". */
function isThreadExit(error: unknown): boolean {
  return error instanceof Error && /^worker exited with code/i.test(error.message);
}

interface Slots {
  acquire(): Promise<void>;
  release(): void;
  /** Resolves once every slot is free. */
  drain(): Promise<void>;
}

/**
 * At most `size` files are handed to Piscina at once, so a file's time limit starts when a
 * thread takes it, not while it waits behind others in Piscina's queue.
 */
function createSlots(size: number): Slots {
  let busySlots = 0;
  const waiting: Array<() => void> = [];
  let drained: Array<() => void> = [];

  return {
    acquire() {
      if (busySlots < size) {
        busySlots += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next !== undefined) {
        next();
        return;
      }
      busySlots -= 1;
      if (busySlots === 0) {
        for (const resolve of drained) resolve();
        drained = [];
      }
    },
    drain() {
      if (busySlots === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drained.push(resolve));
    },
  };
}
