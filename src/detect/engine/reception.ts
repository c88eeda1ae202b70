/**
 * Where and when the receivers hear ships: the gap rule judges a silence against it.
 * Three counts, kept as the stream passes:
 * - per grid cell, ever (track-minutes): where the feed reaches at all, so a vessel last
 *   heard where nothing lies beyond (the edge of an export clipped to an area, the range
 *   of the shore stations) left the data rather than went dark;
 * - per grid cell and hour, the vessels heard: whether the feed around a silent vessel
 *   kept hearing others while it was silent (a regional dropout hears nobody);
 * - per hour, the vessels heard in the whole feed: a feed outage or the hole in an export
 *   (every vessel falls silent at once) is no vessel's choice.
 * Hourly counts are kept for the last `ringHours` hours only (a ring per cell): a gap is
 * judged when the vessel reappears, so every hour it asks about is past and complete.
 */
import { cellAt, cellCol, cellId, cellRow, type Grid, grid } from "../../geo/grid.js";
import { median } from "../../util/median.js";

/** A track's marks in its row: the cell and hour it was last counted in. */
export interface ReceptionMark {
  receptionCell: number;
  receptionHour: number;
}

/** Counts per hour for the last `size` hours; hours older than that read 0. */
class HourRing {
  last = Number.NEGATIVE_INFINITY;
  readonly counts: Uint32Array;

  constructor(readonly size: number) {
    this.counts = new Uint32Array(size);
  }

  add(h: number): void {
    if (h > this.last) {
      // clear the slots of the hours skipped since the last one counted
      const from = Math.max(this.last + 1, h - this.size + 1);
      for (let k = from; k <= h; k++) this.counts[k % this.size] = 0;
      this.last = h;
    }
    if (h > this.last - this.size) this.counts[h % this.size]++;
  }

  get(h: number): number {
    return h > this.last || h <= this.last - this.size ? 0 : this.counts[h % this.size];
  }
}

/** What the gap rule learns about one silence. */
export interface SilenceReception {
  /** Share of the hourly path points where others were heard nearby that hour. */
  coverage: number;
  /** Vessels heard near the path per silent hour, median. */
  nearbyPerHour: number;
  /** The quietest silent hour's feed-wide vessel count over the feed's median hour in the day before. */
  feedShare: number;
}

export class ReceptionGrid {
  private readonly g: Grid;
  private readonly heard = new Map<number, number>();
  private readonly hourly = new Map<number, HourRing>();
  private readonly feed: HourRing;

  constructor(
    cellDeg: number,
    /** Length of an hour bucket, and the step of the samples along a gap's path, ms. */
    private readonly stepMs: number,
    /** Track-minutes a cell needs to count as reached by the feed. */
    private readonly minHeard: number,
    /** The neighbourhood of a point, degrees (a square): a sparse sea is not a hole. */
    private readonly radiusDeg: number,
    /** Hours kept in the hourly rings (the longest silence judged). */
    private readonly ringHours: number,
  ) {
    this.g = grid(cellDeg);
    this.feed = new HourRing(ringHours);
  }

  /**
   * Counts a fix (sampled by the runner, once a minute per track) in its cell; the
   * track's first fix in a cell and hour counts a vessel there then, its first in an hour
   * a vessel in the feed. Takes the fix, not two numbers (profile: doubles passed to a
   * call that is not inlined are boxed, garbage on the per-fix path).
   */
  hear(p: { t: number; lat: number; lon: number }, mark: ReceptionMark): void {
    const id = cellId(this.g, p.lat, p.lon);
    this.heard.set(id, (this.heard.get(id) ?? 0) + 1);
    const h = Math.floor(p.t / this.stepMs);
    if (h !== mark.receptionHour) {
      this.feed.add(h);
      mark.receptionHour = h;
    } else if (id === mark.receptionCell) return;
    mark.receptionCell = id;
    let ring = this.hourly.get(id);
    if (ring === undefined) {
      ring = new HourRing(this.ringHours);
      this.hourly.set(id, ring);
    }
    ring.add(h);
  }

  /** Vessels heard in hour `h` in the cells within `radiusDeg` of the point. */
  private nearby(lat: number, lon: number, h: number): number {
    const k = Math.ceil(this.radiusDeg / this.g.sizeDeg);
    const row = cellRow(this.g, lat);
    const col = cellCol(this.g, lon);
    let n = 0;
    for (let dr = -k; dr <= k; dr++) {
      for (let dc = -k; dc <= k; dc++) n += this.hourly.get(cellAt(this.g, row + dr, col + dc))?.get(h) ?? 0;
    }
    return n;
  }

  /**
   * The feed-wide vessel count of the quietest hour ending inside (t0, t1), over the
   * median of the hours the feed was heard in the day before t0 (1 when it was heard in
   * none). Cheap: the gap rule asks it first, so an outage that silences everyone costs
   * little.
   */
  feedShare(t0: number, t1: number): number {
    const first = Math.floor(t0 / this.stepMs);
    const last = Math.ceil(t1 / this.stepMs) - 2;
    const before: number[] = [];
    for (let h = first - 23; h <= first; h++) {
      const n = this.feed.get(h);
      if (n > 0) before.push(n);
    }
    if (before.length === 0) return 1;
    const usual = median(before);
    let min = Number.POSITIVE_INFINITY;
    for (let h = first; h <= last; h++) min = Math.min(min, this.feed.get(h));
    return min === Number.POSITIVE_INFINITY ? 1 : min / usual;
  }

  /**
   * The path samples of a silence: one per hour strictly inside (t0, t1) on the straight
   * path from (lat0, lon0) to (lat1, lon1), each judged by the hour that ends at it (past
   * and complete when the vessel reappears at t1). A sample is covered when at least
   * `minVessels` were heard near it that hour (the silent vessel itself may be one, in the
   * hour it fell silent). Null when the interval holds no sample.
   */
  silence(
    t0: number,
    lat0: number,
    lon0: number,
    t1: number,
    lat1: number,
    lon1: number,
    minVessels: number,
  ): Omit<SilenceReception, "feedShare"> | null {
    const first = Math.floor(t0 / this.stepMs) + 1;
    const last = Math.ceil(t1 / this.stepMs) - 1;
    if (last < first) return null;
    const counts: number[] = [];
    let covered = 0;
    for (let b = first; b <= last; b++) {
      const f = (b * this.stepMs - t0) / (t1 - t0);
      const n = this.nearby(lat0 + (lat1 - lat0) * f, lon0 + (lon1 - lon0) * f, b - 1);
      counts.push(n);
      if (n >= minVessels) covered++;
    }
    return { coverage: covered / counts.length, nearbyPerHour: median(counts) };
  }

  /** True when the cell at (row, col) has been reached by the feed. */
  private reached(row: number, col: number): boolean {
    return (this.heard.get(cellAt(this.g, row, col)) ?? 0) >= this.minHeard;
  }

  /**
   * True when the point lies at the edge of where the feed reaches: in one of eight
   * directions, a block of cells out to `depthDeg` (three cells wide along an axis, a
   * square on a diagonal) holds no reached cell and at least half of it is sea. Beyond an
   * export's clipped border or the shore stations' range nothing is ever heard; a sparse
   * sea has some heard cells in every direction, and a coast's land cells are no edge.
   */
  atEdge(lat: number, lon: number, depthDeg: number, isSea: (lat: number, lon: number) => boolean): boolean {
    const steps = Math.max(1, Math.ceil(depthDeg / this.g.sizeDeg));
    const diagonal = Math.max(1, Math.round(steps * Math.SQRT1_2));
    const row = cellRow(this.g, lat);
    const col = cellCol(this.g, lon);
    for (const [dr, dc] of DIRECTIONS) {
      // rows and columns of the block, as offsets from the point's cell
      const [r0, r1] =
        dr === 0 ? [-1, 1] : dr > 0 ? [1, dc === 0 ? steps : diagonal] : [dc === 0 ? -steps : -diagonal, -1];
      const [c0, c1] =
        dc === 0 ? [-1, 1] : dc > 0 ? [1, dr === 0 ? steps : diagonal] : [dr === 0 ? -steps : -diagonal, -1];
      if (this.emptyBlock(row + r0, row + r1, col + c0, col + c1, isSea)) return true;
    }
    return false;
  }

  /** True when no cell of the block is reached and at least half of it is sea. */
  private emptyBlock(
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    isSea: (lat: number, lon: number) => boolean,
  ): boolean {
    const size = this.g.sizeDeg;
    let sea = 0;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (this.reached(r, c)) return false;
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) if (isSea((r + 0.5) * size - 90, (c + 0.5) * size - 180)) sea++;
    return sea * 2 >= (r1 - r0 + 1) * (c1 - c0 + 1);
  }
}

const DIRECTIONS: readonly [number, number][] = [
  [1, 0],
  [1, 1],
  [0, 1],
  [-1, 1],
  [-1, 0],
  [-1, -1],
  [0, -1],
  [1, -1],
];
