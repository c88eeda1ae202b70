/**
 * Where and when the receivers heard anyone: position counts per grid cell per time
 * bucket, kept in a fixed ring per cell. A gap is judged against it: if other vessels
 * were heard along the silent vessel's path while it was silent, reception was good and
 * the silence was the vessel's choice; if nobody was heard there, it left coverage.
 */
import { cellId, type Grid, grid } from "../geo/grid.js";

export interface Cell {
  counts: Uint32Array;
  /** Absolute bucket number each slot currently holds. */
  stamps: Float64Array;
}

export class ReceptionGrid {
  private readonly g: Grid;
  private readonly cells = new Map<number, Cell>();

  constructor(
    cellDeg: number,
    private readonly bucketMs: number,
    private readonly buckets: number,
  ) {
    this.g = grid(cellDeg);
  }

  /** The cell id of a point (cheap: callers cache the Cell for repeated ids). */
  cellIdOf(lat: number, lon: number): number {
    return cellId(this.g, lat, lon);
  }

  /** The counters of cell `id`, created on first use. */
  cell(id: number): Cell {
    let c = this.cells.get(id);
    if (c === undefined) {
      c = { counts: new Uint32Array(this.buckets), stamps: new Float64Array(this.buckets).fill(-1) };
      this.cells.set(id, c);
    }
    return c;
  }

  /** Counts one position heard at time t in cell `c`. */
  count(c: Cell, t: number): void {
    const b = Math.floor(t / this.bucketMs);
    const slot = b % this.buckets;
    if (c.stamps[slot] !== b) {
      c.stamps[slot] = b;
      c.counts[slot] = 0;
    }
    c.counts[slot]++;
  }

  add(t: number, lat: number, lon: number): void {
    this.count(this.cell(this.cellIdOf(lat, lon)), t);
  }

  /** Positions heard in the cell of (lat, lon) during bucket `b`; null when that bucket is no longer kept. */
  heard(b: number, lat: number, lon: number, newestBucket: number): number | null {
    if (newestBucket - b >= this.buckets) return null;
    const c = this.cells.get(cellId(this.g, lat, lon));
    if (c === undefined) return 0;
    const slot = b % this.buckets;
    return c.stamps[slot] === b ? c.counts[slot] : 0;
  }

  /**
   * Share of the buckets strictly inside (t0, t1) in which someone was heard in the cell
   * the straight path from (lat0, lon0) to (lat1, lon1) crosses at that time; null when
   * no bucket inside the interval is known.
   */
  coverage(t0: number, lat0: number, lon0: number, t1: number, lat1: number, lon1: number): number | null {
    const first = Math.floor(t0 / this.bucketMs) + 1;
    const last = Math.floor(t1 / this.bucketMs) - 1;
    const newest = Math.floor(t1 / this.bucketMs);
    let known = 0;
    let covered = 0;
    for (let b = first; b <= last; b++) {
      const tm = (b + 0.5) * this.bucketMs;
      const f = (tm - t0) / (t1 - t0);
      const n = this.heard(b, lat0 + (lat1 - lat0) * f, lon0 + (lon1 - lon0) * f, newest);
      if (n === null) continue;
      known++;
      if (n > 0) covered++;
    }
    return known === 0 ? null : covered / known;
  }
}
