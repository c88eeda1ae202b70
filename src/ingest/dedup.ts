/**
 * Drops the same AIS message heard by several receivers: a message whose key (a hash of
 * its stored fields: mmsi, type and content, so the payload bar receive time) equals
 * that of a message kept less than `windowMs` of receive time before or after it.
 *
 * Memory is bounded by the window: entries older than the newest kept time minus the
 * window are treated as absent and swept out. Because the rule only looks at kept
 * messages and their stored fields, the state can be rebuilt from the database when a
 * killed ingest resumes (pipeline.ts), giving the same rows as one clean run.
 */

export const DEFAULT_DEDUP_WINDOW_MS = 60_000;

/** Hash of a list of integers to a 53-bit number (two 32-bit multiplicative hashes). */
export class KeyHasher {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;

  int(v: number): this {
    this.a = Math.imul(this.a ^ v, 0x01000193);
    this.b = Math.imul(this.b ^ v, 0x5bd1e995);
    this.b ^= this.b >>> 15;
    return this;
  }

  str(s: string | null): this {
    if (s === null) return this.int(-1);
    for (let i = 0; i < s.length; i++) this.int(s.charCodeAt(i));
    return this.int(s.length);
  }

  /** Returns the key and resets for the next one. */
  take(): number {
    const key = (this.a >>> 0) * 2097152 + ((this.b >>> 11) & 0x1fffff);
    this.a = 0x811c9dc5;
    this.b = 0x9747b28c;
    return key;
  }
}

export class Deduplicator {
  private readonly seen = new Map<number, number>();
  /** Newest receive time kept so far. */
  private newest = Number.NEGATIVE_INFINITY;
  private sweepAt: number;

  constructor(
    readonly windowMs = DEFAULT_DEDUP_WINDOW_MS,
    private readonly sweepSize = 200_000,
  ) {
    this.sweepAt = sweepSize;
  }

  /** True when a message with this key was kept within the window; otherwise keeps this one. */
  isDuplicate(key: number, t: number): boolean {
    const prev = this.seen.get(key);
    if (prev !== undefined && prev >= this.newest - this.windowMs && Math.abs(t - prev) < this.windowMs)
      return true;
    this.keep(key, t);
    return false;
  }

  /** Records a kept message (also used to rebuild the state on resume). */
  keep(key: number, t: number): void {
    this.seen.delete(key);
    this.seen.set(key, t);
    if (t > this.newest) this.newest = t;
    if (this.seen.size >= this.sweepAt) this.sweep();
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(): void {
    const cutoff = this.newest - this.windowMs;
    for (const [key, t] of this.seen) if (t < cutoff) this.seen.delete(key);
    // A window holding more than sweepSize messages grows the next threshold instead of sweeping every insert.
    this.sweepAt = Math.max(this.sweepSize, this.seen.size * 2);
  }
}
