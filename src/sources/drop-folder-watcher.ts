import { lstat, readdir } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../logger.ts';
import { dropKindOf, parseInboxPath, type DropKind } from './drop-name-filter.ts';
import { sellerFolderNames } from './folders.ts';
import { sameStamp, StabilityTracker, type FileStamp } from './stability-tracker.ts';
import { zipLooksComplete } from './zip-end-record.ts';

export interface CompleteDrop {
  readonly sellerId: string;
  readonly fileName: string;
  readonly filePath: string;
  readonly kind: DropKind;
}

export interface DropFolderWatcherOptions {
  readonly dropRoot: string;
  readonly stableMs: number;
  /**
   * Quiet period for a ZIP whose last bytes are a complete end of central directory, in ms;
   * the shorter of this and stableMs applies. Without it every file waits stableMs.
   */
  readonly zipStableMs?: number;
  /** Maximum wait between two looks at a pending file, in ms. */
  readonly pollMs: number;
  readonly logger: Logger;
  /**
   * Called once per complete file, one at a time. 'retry' (or a rejected promise, which is
   * logged) makes the watcher look at the file again after retryMs.
   */
  readonly onComplete: (drop: CompleteDrop) => Promise<'done' | 'retry'>;
  /** Wait before a file handed back with 'retry' is handed over again, in ms; default defaultRetryMs. */
  readonly retryMs?: number;
  /**
   * Interval of a look through every seller's entrada/ for files that chokidar did not
   * report, in ms; default 5000. A folder that chokidar reports as new is looked through
   * at once too.
   */
  readonly rescanMs?: number;
}

export interface DropFolderWatcher {
  /** Resolves once the files already present at start-up are being tracked. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches `<dropRoot>/<sellerId>/entrada/` for ZIP and CSV files. chokidar reports names,
 * and this module decides completeness: size and mtime unchanged for `stableMs`. That also
 * covers files already there at start-up, while chokidar's awaitWriteFinish checks the
 * size only. A ZIP whose bytes end with a complete central directory needs only
 * `zipStableMs`: a ZIP writer puts that directory last, so an upload cut short lacks it.
 * NOTE: an uploader that writes parts of a file out of order (parallel SFTP transfers) can
 * write the end first. A pause of more than zipStableMs in such an upload would then be
 * taken as its end.
 */
export function watchDropFolders(options: DropFolderWatcherOptions): DropFolderWatcher {
  const { dropRoot, logger } = options;
  mkdirSync(dropRoot, { recursive: true });
  const tracker = new StabilityTracker(options.stableMs);
  const quietPeriods = zipQuietPeriods(options);
  let chain = Promise.resolve();
  /** Complete files queued on `chain` or being handed over. */
  const handingOver = new Set<string>();
  let closed = false;

  const consider = (filePath: string) => {
    const parsed = parseInboxPath(dropRoot, filePath);
    if (!parsed || !dropKindOf(parsed.fileName)) return;
    tracker.touch(filePath, Date.now());
    void warnIfLink(filePath, parsed.sellerId);
  };

  // readStamp never takes a link; this logs that once per path, for ops.
  const warnedLinks = new Set<string>();
  const warnIfLink = async (filePath: string, sellerId: string) => {
    const info = await lstat(filePath).catch(() => null);
    if (!info?.isSymbolicLink() || warnedLinks.has(filePath)) return;
    warnedLinks.add(filePath);
    logger.warn({ sellerId, file: filePath }, 'dropped path is a symbolic link; left in place and never taken');
  };

  const watcher: FSWatcher = watch(dropRoot, {
    depth: 2,
    ignoreInitial: false,
    persistent: true,
    ignored: (filePath) => /(^|[/\\])\.[^/\\]/.test(filePath.slice(dropRoot.length)),
  });
  watcher.on('add', consider);
  watcher.on('change', consider);
  watcher.on('unlink', (filePath) => {
    tracker.forget(filePath);
    quietPeriods.forget(filePath);
  });
  watcher.on('error', (err) => logger.error({ err }, 'drop folder watcher error'));

  // chokidar 4 can miss a file: it reads a new folder before it watches it, so a file renamed
  // in between is never reported. inotify also drops events when its queue overflows
  // (inotify(7)). So every entrada/ is also looked through, soon after a folder appears and
  // then at intervals.
  const rescan = async () => {
    const sellers = await readdir(dropRoot, { withFileTypes: true }).catch(() => []);
    for (const seller of sellers) {
      if (!seller.isDirectory() || seller.name.startsWith('.')) continue;
      const inbox = path.join(dropRoot, seller.name, sellerFolderNames.inbox);
      for (const name of await readdir(inbox).catch(() => [])) {
        const filePath = path.join(inbox, name);
        // A tracked file keeps its state (touching it again would cancel a retry delay), and a
        // file being handed over is still here until its claim moves it.
        if (!name.startsWith('.') && !tracker.has(filePath) && !handingOver.has(filePath)) consider(filePath);
      }
    }
  };
  let rescanTimer: NodeJS.Timeout | undefined;
  const scheduleRescan = (delayMs: number) => {
    if (closed) return;
    clearTimeout(rescanTimer);
    rescanTimer = setTimeout(() => {
      void rescan()
        .catch((err) => logger.error({ err }, 'drop folder rescan failed'))
        .finally(() => scheduleRescan(options.rescanMs ?? defaultRescanMs));
    }, delayMs);
  };
  watcher.on('addDir', () => scheduleRescan(newFolderRescanMs));

  const poll = async () => {
    for (const filePath of tracker.files()) {
      const parsed = parseInboxPath(dropRoot, filePath);
      const kind = parsed && dropKindOf(parsed.fileName);
      const stamp = await readStamp(filePath);
      const quietMs = kind === 'zip' && stamp ? await quietPeriods.of(filePath, stamp) : options.stableMs;
      const complete = tracker.observe(filePath, stamp, Date.now(), quietMs);
      if (!tracker.has(filePath)) quietPeriods.forget(filePath);
      if (!complete || !parsed || !kind) continue;
      const drop: CompleteDrop = { ...parsed, filePath, kind };
      handingOver.add(filePath);
      chain = chain.then(() => handOver(drop)).finally(() => handingOver.delete(filePath));
    }
  };

  const handOver = async (drop: CompleteDrop) => {
    if (closed) return;
    const now = Date.now();
    const retryAt = now + (options.retryMs ?? defaultRetryMs);
    try {
      if ((await options.onComplete(drop)) === 'retry') tracker.touch(drop.filePath, now, retryAt);
    } catch (err) {
      logger.error({ err, sellerId: drop.sellerId, fileName: drop.fileName }, 'failed to take a dropped file; retrying later');
      tracker.touch(drop.filePath, now, retryAt);
    }
  };

  // Each poll schedules the next one: after pollMs, or sooner when a file that was looked at
  // can be complete earlier, so a ZIP is taken about zipStableMs after its last change.
  let timer: NodeJS.Timeout | undefined;
  const schedulePoll = () => {
    if (closed) return;
    const decisionAt = tracker.nextDecisionAt();
    const delay = decisionAt === null ? options.pollMs : Math.min(options.pollMs, Math.max(minPollGapMs, decisionAt - Date.now()));
    timer = setTimeout(() => {
      void poll()
        .catch((err) => logger.error({ err }, 'drop folder poll failed'))
        .finally(schedulePoll);
    }, delay);
  };
  schedulePoll();

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  ready.then(() => {
    logger.info({ dropRoot }, 'watching drop folders');
    scheduleRescan(options.rescanMs ?? defaultRescanMs);
  });

  return {
    ready,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      clearTimeout(rescanTimer);
      await watcher.close();
      await chain;
    },
  };
}

const defaultRescanMs = 5_000;

/** Default wait before a file handed back with 'retry' is handed over again, in ms. */
export const defaultRetryMs = 60_000;

/** Wait after chokidar reports a new folder before looking through entrada/, in ms, so several new folders cost one look. */
const newFolderRescanMs = 200;

/** Shortest wait between two polls, in ms, so a file due now cannot make the watcher spin. */
const minPollGapMs = 10;

/**
 * Quiet periods of pending ZIPs. The tail of a ZIP is read once per stamp: again only
 * after the file changed.
 */
function zipQuietPeriods(options: Pick<DropFolderWatcherOptions, 'stableMs' | 'zipStableMs'>) {
  const fastMs = Math.min(options.zipStableMs ?? options.stableMs, options.stableMs);
  const verdicts = new Map<string, { stamp: FileStamp; complete: boolean }>();
  return {
    async of(filePath: string, stamp: FileStamp): Promise<number> {
      if (fastMs === options.stableMs) return fastMs;
      let verdict = verdicts.get(filePath);
      if (!verdict || !sameStamp(verdict.stamp, stamp)) {
        verdict = { stamp, complete: await zipLooksComplete(filePath, stamp) };
        verdicts.set(filePath, verdict);
      }
      return verdict.complete ? fastMs : options.stableMs;
    },
    forget(filePath: string): void {
      verdicts.delete(filePath);
    },
  };
}

/** lstat, not stat: a symbolic link in entrada/ could point at another seller's files, so it is never taken. */
async function readStamp(filePath: string): Promise<FileStamp | null> {
  try {
    const info = await lstat(filePath);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}
