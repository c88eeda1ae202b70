/**
 * Puts one replay window's rows in (time, MMSI) order with stable counting sorts over
 * typed arrays: by MMSI rank, then by millisecond, then by second of the window (least
 * significant key first). Each pass is linear, where a sort in DuckDB (ORDER BY t, mmsi
 * on a join) cost about as much as all the detectors together. Windows already in order
 * (one time-ordered feed) are detected and left alone.
 */

export class TimeOrder {
  private perm = new Uint32Array(0);
  private tmp = new Uint32Array(0);
  private keys = new Uint32Array(0);
  private counts = new Uint32Array(0);

  /**
   * The row order for `n` rows of epoch-ms times `t` (all in [startS, startS + spanS) seconds)
   * and MMSI ranks `rank` (< ranks): null when the rows are in order already.
   */
  order(
    n: number,
    t: Float64Array,
    rank: Uint32Array,
    ranks: number,
    startS: number,
    spanS: number,
  ): Uint32Array | null {
    if (sorted(n, t, rank)) return null;
    this.grow(n);
    const keys = this.keys;
    let src = this.perm;
    let dst = this.tmp;
    for (let i = 0; i < n; i++) src[i] = i;
    this.pass(n, src, dst, rank, ranks);
    [src, dst] = [dst, src];
    let subSecond = false;
    for (let i = 0; i < n; i++) {
      const ms = t[i] % 1000;
      keys[i] = ms;
      if (ms !== 0) subSecond = true;
    }
    if (subSecond) {
      this.pass(n, src, dst, keys, 1000);
      [src, dst] = [dst, src];
    }
    const base = startS * 1000;
    for (let i = 0; i < n; i++) keys[i] = Math.floor((t[i] - base) / 1000);
    this.pass(n, src, dst, keys, spanS);
    return dst;
  }

  private grow(n: number): void {
    if (this.perm.length >= n) return;
    this.perm = new Uint32Array(n);
    this.tmp = new Uint32Array(n);
    this.keys = new Uint32Array(n);
  }

  /** Stable counting sort of the row indices in `src` by key[row] (in [0, range)) into `dst`. */
  private pass(n: number, src: Uint32Array, dst: Uint32Array, key: Uint32Array, range: number): void {
    if (this.counts.length < range + 1) this.counts = new Uint32Array(range + 1);
    const c = this.counts;
    c.fill(0, 0, range + 1);
    for (let i = 0; i < n; i++) c[key[i] + 1]++;
    for (let k = 1; k <= range; k++) c[k] += c[k - 1];
    for (let i = 0; i < n; i++) {
      const j = src[i];
      dst[c[key[j]]++] = j;
    }
  }
}

function sorted(n: number, t: Float64Array, rank: Uint32Array): boolean {
  for (let i = 1; i < n; i++) {
    if (t[i] < t[i - 1] || (t[i] === t[i - 1] && rank[i] < rank[i - 1])) return false;
  }
  return true;
}
