import { Piscina } from 'piscina';
import type { ArchiveEntryLocation, ClaimedArchive, EntryDamage } from '../intake/archive-entry.ts';
import type { CdrReceipt, PdfReceipt, ReadResult, XmlReceipt } from './receipt-document.ts';

/**
 * Reading receipt files in worker threads: each file is read, hashed and parsed (PDF text
 * and fields with pdf.js, UBL XML, CDR) off the receipt worker's event loop, which is left
 * with the checks and the database. In Node, pdf.js parses on the thread that calls it.
 * Each thread has a heap limit and each file a hard time limit. The whole pool is replaced
 * after a number of PDFs, so the memory pdf.js keeps between documents stays bounded.
 */

export type PdfTextFailure = { readonly ok: false; readonly code: 'PDF_UNREADABLE' | 'PDF_ENCRYPTED'; readonly reason: string };

export type PdfTextResult = { readonly ok: true; readonly text: string; readonly pageCount: number } | PdfTextFailure;

/** One file of a receipt to read. */
export interface FileReadRequest {
  /** Path of the file, or the path it is written to when it comes from `archive`. */
  readonly filePath: string;
  /** The file's data is still in this ZIP: the thread inflates it and writes it to filePath first. */
  readonly archive?: { readonly file: ClaimedArchive; readonly entry: ArchiveEntryLocation };
  /** The seller's name for the file, for findings. */
  readonly fileName: string;
  /** 'document' is read by its bytes (PDF or UBL XML); 'cdr' is always read as a SUNAT response. */
  readonly role: 'document' | 'cdr';
  /** Larger files, and empty ones, are not read: status 'too-large'. */
  readonly maxBytes: number;
  /** Larger XML files are not parsed: status 'too-large'. */
  readonly maxXmlBytes: number;
}

/** Result of reading one file in a thread. A bad file is a result, never a rejection. */
export type FileReadResult =
  | { readonly status: 'too-large'; readonly size: number; readonly max: number }
  /** The archive's data for the file is bad; nothing was written. */
  | { readonly status: 'damaged'; readonly damage: EntryDamage }
  | { readonly status: 'read'; readonly kind: 'xml'; readonly size: number; readonly sha256: string; readonly parsed: ReadResult<XmlReceipt> | ReadResult<CdrReceipt> }
  | { readonly status: 'read'; readonly kind: 'pdf'; readonly size: number; readonly sha256: string; readonly parsed: { readonly ok: true; readonly value: PdfReceipt } | PdfTextFailure }
  | { readonly status: 'read'; readonly kind: 'other'; readonly size: number; readonly sha256: string; readonly description: string }
  /** The time or heap limit stopped the thread before the file was read to the end. */
  | { readonly status: 'stopped'; readonly kind: 'pdf' | 'xml'; readonly reason: string };

export interface ReceiptFilePoolOptions {
  /** Threads reading files at once. */
  readonly threads: number;
  /**
   * A file whose parse takes longer than this is PDF_UNREADABLE (XML_MALFORMED for an XML),
   * and its thread is terminated. In milliseconds, counted from the moment a thread starts
   * parsing the file, so a replacement thread's start-up is not charged to the file.
   */
  readonly timeoutMs: number;
  /**
   * How long a file may wait for a thread to start it, in milliseconds; default 60000. Past
   * it, read() and extract() reject: a thread that cannot start points to a fault of the worker
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
  /** The pool is replaced by a fresh one after this many PDFs. */
  readonly recycleAfter: number;
  /** Called with errors that fail no file: a thread dying while idle, or a replaced pool failing to close. */
  readonly onThreadError?: (error: Error) => void;
}

/** Result for a file that our own disk could not give the thread (EIO, EACCES, a missing work file): our fault, not the seller's. */
export interface FileReadFailure {
  readonly status: 'failed';
  readonly reason: string;
}

export interface ReceiptFilePool {
  /**
   * Reads, hashes and parses files, one after another on one thread, and returns their
   * results in the same order. The files of many receipts go in one task, which saves the
   * Piscina overhead of a task per file. A file that cannot be read gets a FileReadFailure.
   * The promise rejects when the pool is closed or Piscina fails unexpectedly.
   */
  readFiles(requests: readonly FileReadRequest[]): Promise<Array<FileReadResult | FileReadFailure>>;
  /** Reads the files of one receipt as readFiles does, and rejects when one of them cannot be read. */
  readReceipt(requests: readonly FileReadRequest[]): Promise<FileReadResult[]>;
  /** Reads one file as readReceipt does. */
  read(request: FileReadRequest): Promise<FileReadResult>;
  /**
   * Extracts the text of the PDF at this path. A bad PDF is a result, not a rejection. The
   * promise rejects when the file cannot be read, the pool is closed, or Piscina fails unexpectedly.
   */
  extract(filePath: string): Promise<PdfTextResult>;
  /** Waits for files in progress, then stops every thread. Safe to call more than once. */
  close(): Promise<void>;
}

type ReadFailure = { readonly ok: false; readonly status: 'failed'; readonly code: 'FILE_READ_FAILED'; readonly reason: string };
type WorkerTask = { readonly mode: 'pdf-text'; readonly filePath: string } | { readonly mode: 'files'; readonly files: readonly FileReadRequest[] };

const workerFile = new URL('./receipt-file-worker.mjs', import.meta.url).href;

export function createReceiptFilePool(options: ReceiptFilePoolOptions): ReceiptFilePool {
  for (const key of ['threads', 'timeoutMs', 'startLimitMs', 'memoryMb', 'recycleAfter'] as const) {
    if (key === 'startLimitMs' && options[key] === undefined) continue;
    if (!Number.isInteger(options[key]) || (options[key] as number) < 1) {
      throw new RangeError(`createReceiptFilePool: ${key} must be a positive integer, got ${String(options[key])}`);
    }
  }

  const slots = createSlots(options.threads);
  const retiring = new Set<Promise<void>>();
  let piscina = startPiscina(options);
  let pdfsOnPool = 0;
  let closing: Promise<void> | null = null;

  function recycle(): void {
    const old = piscina;
    piscina = startPiscina(options);
    pdfsOnPool = 0;
    // close() lets the files still running on the old threads finish; their timeouts bound the wait.
    const retired = old
      .close()
      .catch((error: Error) => options.onThreadError?.(error))
      .finally(() => retiring.delete(retired));
    retiring.add(retired);
  }

  /** Runs one task on a slot; the pool is replaced first once it has parsed recycleAfter PDFs. */
  async function run(task: WorkerTask): Promise<RunOutcome> {
    if (closing !== null) throw new Error(`receipt file pool is closed; cannot read ${taskFiles(task)}`);
    await slots.acquire();
    try {
      if (pdfsOnPool >= options.recycleAfter) recycle();
      return await runWithTimeLimit(piscina, task, options, (pdfs) => {
        pdfsOnPool += pdfs;
      });
    } finally {
      slots.release();
    }
  }

  async function readFiles(requests: readonly FileReadRequest[]): Promise<Array<FileReadResult | FileReadFailure>> {
    if (requests.length === 0) return [];
    const outcome = await run({ mode: 'files', files: requests });
    if (outcome.status === 'answered') return (outcome.result as Array<FileReadResult | ReadFailure>).map(withoutCode);
    // The stopped thread lost the results of the task's other files, so they are read again.
    // Two tasks share them, so that more bad files among them do not queue on one thread.
    // A stop before the first file is charged to that file. Each round thus leaves one file
    // out, and a thread that keeps failing cannot loop.
    const stoppedAt = outcome.index ?? 0;
    const others = requests.filter((_, index) => index !== stoppedAt);
    const half = Math.ceil(others.length / 2);
    const [first, second] = await Promise.all([readFiles(others.slice(0, half)), readFiles(others.slice(half))]);
    const results = [...first, ...second];
    results.splice(stoppedAt, 0, stopped(outcome, requests[stoppedAt]!));
    return results;
  }

  async function readReceipt(requests: readonly FileReadRequest[]): Promise<FileReadResult[]> {
    const results = await readFiles(requests);
    return results.map((result, index) => {
      if (result.status === 'failed') throw fileReadError(requests[index]!, result);
      return result;
    });
  }

  async function read(request: FileReadRequest): Promise<FileReadResult> {
    return (await readReceipt([request]))[0]!;
  }

  async function extract(filePath: string): Promise<PdfTextResult> {
    const outcome = await run({ mode: 'pdf-text', filePath });
    if (outcome.status === 'stopped') return { ok: false, code: 'PDF_UNREADABLE', reason: outcome.reason };
    const result = outcome.result as PdfTextResult | ReadFailure;
    if (!result.ok && result.code === 'FILE_READ_FAILED') throw new Error(`Cannot read PDF file ${filePath}: ${result.reason}`);
    return result as PdfTextResult;
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      await slots.drain();
      await Promise.allSettled([piscina.close(), ...retiring]);
    })();
    return closing;
  }

  return { readFiles, readReceipt, read, extract, close };
}

/** Builds the error for a file that our own disk could not give the thread. Its receipt is retried with its job. */
export function fileReadError(request: FileReadRequest, failure: FileReadFailure): Error {
  return new Error(`Cannot read receipt file ${request.filePath}: ${failure.reason}`);
}

function withoutCode(result: FileReadResult | ReadFailure): FileReadResult | FileReadFailure {
  return result.status === 'failed' ? { status: 'failed', reason: result.reason } : result;
}

/** Returns the result of the file that a limit stopped. A file stopped before its parse is given the kind its name shows. */
function stopped(outcome: Extract<RunOutcome, { status: 'stopped' }>, request: FileReadRequest): FileReadResult {
  const kind = outcome.kind ?? (request.role === 'cdr' || /\.xml$/i.test(request.fileName) ? 'xml' : 'pdf');
  return { status: 'stopped', kind, reason: outcome.reason };
}

function taskFiles(task: WorkerTask): string {
  return task.mode === 'pdf-text' ? task.filePath : task.files.map((file) => file.filePath).join(', ');
}

function startPiscina(options: ReceiptFilePoolOptions): Piscina {
  const piscina = new Piscina({
    filename: workerFile,
    // Threads start with the first file and stop after a minute without one.
    minThreads: 0,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 1,
    // Between files the thread's own event loop must run, so pdf.js cleanup is not held up by Atomics.wait.
    atomics: 'async',
    // The parent's flags (tsx loader, inspector) are not needed: the worker loads tsx itself.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
  });
  // Piscina emits 'error' when a thread fails while running no task; unhandled, it would end the process.
  piscina.on('error', (error: Error) => options.onThreadError?.(error));
  return piscina;
}

const defaultStartLimitMs = 60_000;

type AbortCause = 'time-limit' | 'start-limit';

type StartedKind = 'pdf' | 'xml';

/**
 * Outcome of a task: the worker's result, or the limit that stopped its thread. A stop gives
 * the index of the file in progress (null before the first) and the kind being parsed (null
 * while the thread was reading a file).
 */
type RunOutcome =
  | { readonly status: 'answered'; readonly result: unknown }
  | { readonly status: 'stopped'; readonly index: number | null; readonly kind: StartedKind | null; readonly reason: string };

/**
 * Progress record of a task, shared with its thread in place of a message per file. A port
 * and a message per file cost the main thread about 0.2 ms a receipt (CPU profile of a
 * 10,000-receipt batch). receipt-file-worker.mjs writes the same layout:
 * - Int32 0: what the thread is doing, -1 before the first file, 0 reading a file (from the
 *   archive or the disk, and hashing it), 1 parsing an XML, 2 parsing a PDF.
 * - Int32 1: the PDFs started.
 * - Int32 2: the index of the file in the task.
 * - Float64 at byte 16: when that started, as performance.timeOrigin + performance.now(),
 *   which a change of the system clock while the task runs does not move.
 */
interface TaskProgress {
  readonly buffer: SharedArrayBuffer;
  readonly counters: Int32Array;
  readonly startedAt: Float64Array;
}

const notStarted = -1;
const reading = 0;
const parsingPdf = 2;

function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

function taskProgress(): TaskProgress {
  const buffer = new SharedArrayBuffer(24);
  const counters = new Int32Array(buffer, 0, 3);
  counters[0] = notStarted;
  return { buffer, counters, startedAt: new Float64Array(buffer, 16, 1) };
}

/**
 * Runs one task with a hard time limit on each file's parse, counted from when the thread
 * records that it started parsing that file. Reading a file (inflating, hashing) and the
 * wait for a thread have the start limit instead. After a timeout the replacement thread
 * first has to load its modules and pdf.js, and that wait must not be charged to a file's
 * parse, nor the time a slow file takes to read. Aborting a running task makes Piscina
 * terminate its thread and start a new one, which is what stops a pdf.js loop that never
 * yields.
 */
async function runWithTimeLimit(piscina: Piscina, task: WorkerTask, options: ReceiptFilePoolOptions, onPdfs: (count: number) => void): Promise<RunOutcome> {
  const controller = new AbortController();
  const startLimitMs = options.startLimitMs ?? defaultStartLimitMs;
  const progress = taskProgress();
  const handedAt = monotonicNow();
  let stalledPhase = notStarted;
  let timer: NodeJS.Timeout | undefined;
  // The timer reads the progress record when a limit could have passed. It then sets itself
  // for the next such moment, at most one parse limit away, because a parse may start in between.
  const check = () => {
    const now = monotonicNow();
    const phase = Atomics.load(progress.counters, 0);
    const parsing = phase > reading;
    const deadline = (phase === notStarted ? handedAt : progress.startedAt[0]!) + (parsing ? options.timeoutMs : startLimitMs);
    if (now < deadline) {
      timer = setTimeout(check, Math.min(deadline, now + options.timeoutMs) - now);
      return;
    }
    stalledPhase = phase;
    controller.abort((parsing ? 'time-limit' : 'start-limit') satisfies AbortCause);
  };
  timer = setTimeout(check, Math.min(startLimitMs, options.timeoutMs));

  try {
    const result: unknown = await piscina.run({ ...task, progress: progress.buffer }, { signal: controller.signal });
    return { status: 'answered', result };
  } catch (error) {
    if (controller.signal.reason === 'start-limit') {
      const files = taskFiles(task);
      const message = stalledPhase === notStarted ? `No thread started ${files} within ${startLimitMs} ms` : `Reading ${files} timed out after ${startLimitMs} ms: check the disk of the data folder`;
      throw new Error(message, { cause: error });
    }
    const phase = Atomics.load(progress.counters, 0);
    const index = phase === notStarted ? null : Atomics.load(progress.counters, 2);
    let kind: StartedKind | null = null;
    if (phase > reading) kind = phase === parsingPdf ? 'pdf' : 'xml';
    const at = { index, kind };
    if (controller.signal.aborted) return { status: 'stopped', ...at, reason: `se agotó el tiempo de lectura de ${options.timeoutMs} ms` };
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return { status: 'stopped', ...at, reason: `superó el límite de memoria de ${options.memoryMb} MiB` };
    }
    if (isThreadExit(error)) return { status: 'stopped', ...at, reason: 'el proceso de lectura terminó de forma inesperada' };
    throw error;
  } finally {
    clearTimeout(timer);
    onPdfs(Atomics.load(progress.counters, 1));
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
