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

/**
 * Hash of the first `n` integers of `v` to a 53-bit number (two 32-bit multiplicative
 * hashes), in locals: hashing through object fields took three times as long (measured),
 * and this runs once per message.
 */
export function hashInts(v: Int32Array, n: number): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < n; i++) {
    a = Math.imul(a ^ v[i], 0x01000193);
    b = Math.imul(b ^ v[i], 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2097152 + ((b >>> 11) & 0x1fffff);
}

/** Collects integers and strings for one key (hashInts); values are taken as int32. */
export class KeyHasher {
  private v = new Int32Array(64);
  private n = 0;

  int(x: number): this {
    if (this.n === this.v.length) {
      const grown = new Int32Array(this.v.length * 2);
      grown.set(this.v);
      this.v = grown;
    }
    this.v[this.n++] = x;
    return this;
  }

  str(s: string | null): this {
    if (s === null) return this.int(-1);
    for (let i = 0; i < s.length; i++) this.int(s.charCodeAt(i));
    return this.int(s.length);
  }

  /** Returns the key and resets for the next one. */
  take(): number {
    const key = hashInts(this.v, this.n);
    this.n = 0;
    return key;
  }
}

/**
 * Map from key to receive time in typed arrays (open addressing, linear probing): a Map
 * of this many non-small-integer keys boxes every one and cost a tenth of the decode
 * worker's time in allocation and GC (profiled).
 */
class KeyTimes {
  private keys = new Float64Array(0);
  /** NaN marks an empty slot. */
  private times = new Float64Array(0);
  private mask = 0;
  private size = 0;

  constructor(capacity = 1 << 12) {
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    this.keys = new Float64Array(capacity);
    this.times = new Float64Array(capacity).fill(Number.NaN);
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** The time kept for `key`, or NaN. */
  get(key: number): number {
    const { keys, times, mask } = this;
    // `key | 0` is the key's low 32 bits (exact for integers below 2^53), already well mixed.
    for (let i = (key | 0) & mask; ; i = (i + 1) & mask) {
      const t = times[i];
      if (Number.isNaN(t) || keys[i] === key) return t;
    }
  }

  set(key: number, t: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const { keys, times, mask } = this;
    let i = (key | 0) & mask;
    while (!Number.isNaN(times[i]) && keys[i] !== key) i = (i + 1) & mask;
    if (Number.isNaN(times[i])) this.size++;
    keys[i] = key;
    times[i] = t;
  }

  clear(): void {
    if (this.size > 0) this.times.fill(Number.NaN);
    this.size = 0;
  }

  private grow(): void {
    const { keys, times } = this;
    this.allocate(keys.length * 2);
    for (let i = 0; i < keys.length; i++) if (!Number.isNaN(times[i])) this.set(keys[i], times[i]);
  }
}

export class Deduplicator {
  /** Keys kept since the current generation began, and in the one before. */
  private current = new KeyTimes();
  private previous = new KeyTimes();
  private generationStart = Number.NEGATIVE_INFINITY;
  /** Newest receive time kept so far. */
  private newest = Number.NEGATIVE_INFINITY;

  constructor(readonly windowMs = DEFAULT_DEDUP_WINDOW_MS) {}

  /** True when a message with this key was kept within the window; otherwise keeps this one. */
  isDuplicate(key: number, t: number): boolean {
    let prev = this.current.get(key);
    if (Number.isNaN(prev)) prev = this.previous.get(key);
    // NaN (absent) fails both comparisons.
    if (prev >= this.newest - this.windowMs && Math.abs(t - prev) < this.windowMs) return true;
    this.keep(key, t);
    return false;
  }

  /** Records a kept message (also used to rebuild the state on resume). */
  keep(key: number, t: number): void {
    if (t > this.newest) {
      this.newest = t;
      // Generations a window long: anything two generations old is older than newest - window, so can go.
      if (t >= this.generationStart + this.windowMs) {
        const old = this.previous;
        this.previous = this.current;
        old.clear();
        this.current = old;
        this.generationStart = t;
      }
    }
    this.current.set(key, t);
  }
}
