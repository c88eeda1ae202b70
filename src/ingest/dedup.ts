/**
 * Drops the same AIS message heard by several receivers: a message whose key (a hash of
 * its stored fields: mmsi, type and content, so the payload bar receive time) equals
 * that of a message kept less than `windowMs` of receive time before or after it.
 *
 * Memory is bounded by the window: entries older than the newest kept time minus the
 * window are treated as absent, and are dropped a generation (one window of receive time)
 * later. Because the rule only looks at kept
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
  /** Keys kept since the current generation began, and in the one before. */
  private current = new Map<number, number>();
  private previous = new Map<number, number>();
  private generationStart = Number.NEGATIVE_INFINITY;
  /** Newest receive time kept so far. */
  private newest = Number.NEGATIVE_INFINITY;

  constructor(readonly windowMs = DEFAULT_DEDUP_WINDOW_MS) {}

  /** True when a message with this key was kept within the window; otherwise keeps this one. */
  isDuplicate(key: number, t: number): boolean {
    const prev = this.current.get(key) ?? this.previous.get(key);
    if (prev !== undefined && prev >= this.newest - this.windowMs && Math.abs(t - prev) < this.windowMs)
      return true;
    this.keep(key, t);
    return false;
  }

  /** Records a kept message (also used to rebuild the state on resume). */
  keep(key: number, t: number): void {
    if (t > this.newest) {
      this.newest = t;
      // Generations a window long: anything two generations old is older than newest - window, so can go.
      if (t >= this.generationStart + this.windowMs) {
        this.previous = this.current;
        this.current = new Map();
        this.generationStart = t;
      }
    }
    this.current.set(key, t);
  }
}
