/**
 * Runs entry extractions in parallel, at most `maxRunning` at a time, and shares the
 * batch's limit on inflated bytes (`maxTotalBytes`) among them, so the limit applies as if
 * the entries ran one after another in archive order.
 *
 * Each extraction reserves its entry's declared uncompressed size while it runs. An entry
 * starts alongside others only when the bytes kept so far, the bytes reserved and its own
 * declared size fit in the limit together. Otherwise it waits until every running extraction
 * has finished and then runs with exactly the bytes left, as it would have one at a time.
 * The reservations are enough because yauzl 3.4 (validateEntrySizes) and the in-memory
 * path stop an entry at its declared size. The caller must start entries in archive order,
 * one call at a time.
 */
export class ExtractionPool {
  private readonly running = new Set<Promise<void>>();
  /** Inflated bytes of the entries extracted so far, nested ZIPs and their XML included. */
  private keptBytes = 0;
  /** Declared sizes reserved by running extractions. */
  private reservedBytes = 0;

  constructor(
    private readonly maxRunning: number,
    private readonly maxTotalBytes: number,
  ) {}

  /**
   * Starts `extract` once a place is free and the budget allows. `extract` gets the maximum
   * bytes its entry may inflate before the batch goes over the limit. `keptBytesOf` returns
   * how many of them the result kept (0 for a failed entry). Resolves once the extraction
   * has started, and `done` settles with its result.
   */
  async start<T>(declaredBytes: number, extract: (totalLimit: number) => Promise<T>, keptBytesOf: (result: T) => number): Promise<{ readonly done: Promise<T> }> {
    while (this.running.size >= this.maxRunning) await Promise.race(this.running);
    if (this.keptBytes + this.reservedBytes + declaredBytes > this.maxTotalBytes) await Promise.all(this.running);

    const totalLimit = this.maxTotalBytes - this.keptBytes - this.reservedBytes;
    const reserved = Math.min(declaredBytes, totalLimit);
    this.reservedBytes += reserved;
    const done = extract(totalLimit);

    const release = (keptBytes: number) => {
      this.reservedBytes -= reserved;
      this.keptBytes += keptBytes;
    };
    const tracked: Promise<void> = done
      .then(
        (result) => release(keptBytesOf(result)),
        () => release(0),
      )
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return { done };
  }
}
