/** Size and modification time of a file at one look. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

interface Pending {
  stamp: FileStamp | null;
  /** When the stamp last changed, in ms since the epoch. */
  since: number;
  /** The file is not reported before this time, in ms since the epoch. */
  notBefore: number;
}

/**
 * Decides when a dropped file is complete: its size and mtime have not changed across
 * looks for at least `stableMs`. Uploads over SFTP or a slow copy keep changing both.
 * Pure bookkeeping: the caller supplies the stamps and the clock.
 */
export class StabilityTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly stableMs: number) {}

  /** Notes that a file appeared or changed; its quiet period starts again, and lasts at least until notBefore. */
  touch(file: string, now: number, notBefore = now): void {
    this.pending.set(file, { stamp: null, since: now, notBefore });
  }

  forget(file: string): void {
    this.pending.delete(file);
  }

  files(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * Records a fresh look at a file and returns true once it is complete; a complete file
   * is forgotten, so it is reported once. A null stamp means the file is gone.
   */
  observe(file: string, stamp: FileStamp | null, now: number): boolean {
    const entry = this.pending.get(file);
    if (!entry) return false;
    if (stamp === null) {
      this.pending.delete(file);
      return false;
    }
    const changed = entry.stamp === null || entry.stamp.size !== stamp.size || entry.stamp.mtimeMs !== stamp.mtimeMs;
    if (changed) {
      this.pending.set(file, { stamp, since: now, notBefore: entry.notBefore });
      return false;
    }
    if (now - entry.since < this.stableMs || now < entry.notBefore) return false;
    this.pending.delete(file);
    return true;
  }
}
