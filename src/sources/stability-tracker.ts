/** Size and modification time of a file at one look. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

interface Pending {
  stamp: FileStamp | null;
  /** When the stamp last changed, in ms since the epoch. */
  since: number;
  /** The file is not reported before this time, in ms since the epoch. */
  notBefore: number;
  /** How long the current stamp must hold, in ms. */
  quietMs: number;
}

/**
 * Decides when a dropped file is complete: its size and mtime have not changed across
 * looks for at least `stableMs`, or for a shorter quiet period the caller passes for a file
 * it has other evidence about. Uploads over SFTP or a slow copy keep changing both.
 * Pure bookkeeping: the caller supplies the stamps and the clock.
 */
export class StabilityTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly stableMs: number) {}

  /** Notes that a file appeared or changed; its quiet period starts again, and lasts at least until notBefore. */
  touch(file: string, now: number, notBefore = now): void {
    this.pending.set(file, { stamp: null, since: now, notBefore, quietMs: this.stableMs });
  }

  forget(file: string): void {
    this.pending.delete(file);
  }

  has(file: string): boolean {
    return this.pending.has(file);
  }

  files(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * Records a fresh look at a file and returns true once it is complete; a complete file
   * is forgotten, so it is reported once. A null stamp means the file is gone. `quietMs`
   * is how long this stamp must hold, `stableMs` unless given.
   */
  observe(file: string, stamp: FileStamp | null, now: number, quietMs = this.stableMs): boolean {
    const entry = this.pending.get(file);
    if (!entry) return false;
    if (stamp === null) {
      this.pending.delete(file);
      return false;
    }
    if (entry.stamp === null || !sameStamp(entry.stamp, stamp)) {
      this.pending.set(file, { stamp, since: changedAt(entry, stamp, now), notBefore: entry.notBefore, quietMs });
      return false;
    }
    entry.quietMs = quietMs;
    if (now < entry.since + quietMs || now < entry.notBefore) return false;
    this.pending.delete(file);
    return true;
  }

  /**
   * Returns the earliest time at which a file already looked at could be complete if it does
   * not change, or null when no such file is pending. A caller may look again at that time
   * instead of waiting for its next regular poll.
   */
  nextDecisionAt(): number | null {
    let earliest: number | null = null;
    for (const entry of this.pending.values()) {
      if (entry.stamp === null) continue;
      const at = Math.max(entry.since + entry.quietMs, entry.notBefore);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest;
  }
}

/**
 * Returns when a new stamp appeared. On the first look after a touch, that is the change
 * chokidar reported, or the file's mtime when a later write went unreported, but never
 * later than now. chokidar 4.0 drops change events that come within 50 ms of the previous
 * one. A change found between two looks counts from now.
 */
function changedAt(entry: Pending, stamp: FileStamp, now: number): number {
  if (entry.stamp !== null) return now;
  return Math.min(now, Math.max(entry.since, stamp.mtimeMs));
}
