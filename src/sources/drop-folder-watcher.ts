import { lstat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../logger.ts';
import { dropKindOf, parseInboxPath, type DropKind } from './drop-name-filter.ts';
import { StabilityTracker, type FileStamp } from './stability-tracker.ts';

export interface CompleteDrop {
  readonly sellerId: string;
  readonly fileName: string;
  readonly filePath: string;
  readonly kind: DropKind;
}

export interface DropFolderWatcherOptions {
  readonly dropRoot: string;
  readonly stableMs: number;
  readonly pollMs: number;
  readonly logger: Logger;
  /**
   * Called once per complete file, one at a time. 'retry' (or a rejected promise, which is
   * logged) makes the watcher look at the file again after retryMs.
   */
  readonly onComplete: (drop: CompleteDrop) => Promise<'done' | 'retry'>;
  /** Wait before a file handed back with 'retry' is handed over again, in ms. */
  readonly retryMs?: number;
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
 * size only.
 */
export function watchDropFolders(options: DropFolderWatcherOptions): DropFolderWatcher {
  const { dropRoot, logger } = options;
  mkdirSync(dropRoot, { recursive: true });
  const tracker = new StabilityTracker(options.stableMs);
  let chain = Promise.resolve();
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
  watcher.on('unlink', (filePath) => tracker.forget(filePath));
  watcher.on('error', (err) => logger.error({ err }, 'drop folder watcher error'));

  const poll = async () => {
    for (const filePath of tracker.files()) {
      const stamp = await readStamp(filePath);
      if (!tracker.observe(filePath, stamp, Date.now())) continue;
      const parsed = parseInboxPath(dropRoot, filePath);
      const kind = parsed && dropKindOf(parsed.fileName);
      if (!parsed || !kind) continue;
      const drop: CompleteDrop = { ...parsed, filePath, kind };
      chain = chain.then(() => handOver(drop));
    }
  };

  const handOver = async (drop: CompleteDrop) => {
    if (closed) return;
    const now = Date.now();
    const retryAt = now + (options.retryMs ?? 60_000);
    try {
      if ((await options.onComplete(drop)) === 'retry') tracker.touch(drop.filePath, now, retryAt);
    } catch (err) {
      logger.error({ err, sellerId: drop.sellerId, fileName: drop.fileName }, 'failed to take a dropped file; retrying later');
      tracker.touch(drop.filePath, now, retryAt);
    }
  };

  const timer = setInterval(() => {
    void poll().catch((err) => logger.error({ err }, 'drop folder poll failed'));
  }, options.pollMs);

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  ready.then(() => logger.info({ dropRoot }, 'watching drop folders'));

  return {
    ready,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await watcher.close();
      await chain;
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
