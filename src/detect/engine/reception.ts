/**
 * Where and when the receivers hear ships: the gap rule judges a silence against it.
 * Three counts, kept as the stream passes:
 * - per grid cell, ever (track-minutes): where the feed reaches at all. Coverage holes
 *   are places (beyond the shore stations' range, outside an export's area); a sparse sea
 *   is not a hole because nobody happened to cross that cell, so any heard cell nearby
 *   will do;
 * - per region (a coarser grid, GFW's 1°) and hour, the vessels heard: whether the
 *   receivers around a silent vessel kept hearing others while it was silent (a regional
 *   dropout hears nobody);
 * - per hour, the vessels heard in the whole feed: a feed outage or the hole in an export
 *   (every vessel falls silent at once) is no vessel's choice.
 * Hourly counts are kept for the last `ringHours` hours only (a ring per region): a gap is
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

/** What makes a silence one the feed heard through (config.ts: gapFeedMinShare, gapMinCoverage, receptionMinVessels, receptionHeardPerHour, receptionWindowMs). */
export interface SilenceLimits {
  feedMinShare: number;
  /** The feed's level is judged only when its usual hour holds this many vessels. */
  feedMinVessels: number;
  minCoverage: number;
  minVessels: number;
  /** A path point still hearing this many vessels an hour around it is heard, whatever it usually hears. */
  heardPerHour: number;
  windowH: number;
}

/** What the rules learn about one silence, and whether the feed heard through it (not a hole, not an outage). */
export interface SilenceReception {
  heard: boolean;
  /** The quietest silent hour's feed-wide vessel count over the feed's median hour in the day before. */
  feedShare: number;
  /** Share of the hourly path points within coverage and with others heard around them that hour. */
  coverage: number;
  /** Vessels heard in the regions around the path per silent hour, median. */
  nearbyPerHour: number;
}

export class ReceptionGrid {
  private readonly g: Grid;
  /** The regions' grid, for the hourly counts. */
  private readonly rg: Grid;
  private readonly heard = new Map<number, number>();
  private readonly hourly = new Map<number, HourRing>();
  private readonly feed: HourRing;
  /** feedUp's answer and the hour it is for. */
  private feedUpHour = Number.NaN;
  private feedUpNow = true;

  constructor(
    cellDeg: number,
    /** Size of a region for the hourly counts, degrees; a point's region and its eight neighbours are around it. */
    regionDeg: number,
    /** Length of an hour bucket, and the step of the samples along a gap's path, ms. */
    private readonly stepMs: number,
    /** Track-minutes a cell needs to count as reached by the feed. */
    private readonly minHeard: number,
    /** A point is within coverage when a reached cell lies this close, degrees (a square). */
    private readonly radiusDeg: number,
    /** Hours kept in the hourly rings (the longest silence judged). */
    private readonly ringHours: number,
    private readonly limits: SilenceLimits,
  ) {
    this.g = grid(cellDeg);
    this.rg = grid(regionDeg);
    this.feed = new HourRing(ringHours);
  }

  /**
   * Counts a fix (sampled by the runner, once a minute per track) in its cell; the
   * track's first fix in a region and hour counts a vessel there then, its first in an
   * hour a vessel in the feed. Takes the fix, not two numbers (profile: doubles passed to
   * a call that is not inlined are boxed, garbage on the per-fix path).
   */
  hear(p: { t: number; lat: number; lon: number }, mark: ReceptionMark): void {
    const id = cellId(this.g, p.lat, p.lon);
    this.heard.set(id, (this.heard.get(id) ?? 0) + 1);
    const h = Math.floor(p.t / this.stepMs);
    const region = cellId(this.rg, p.lat, p.lon);
    if (h !== mark.receptionHour) {
      this.feed.add(h);
      mark.receptionHour = h;
    } else if (region === mark.receptionCell) return;
    mark.receptionCell = region;
    let ring = this.hourly.get(region);
    if (ring === undefined) {
      ring = new HourRing(this.ringHours);
      this.hourly.set(region, ring);
    }
    ring.add(h);
  }

  /** True when some cell within `radiusDeg` (a square) of the point has been reached. */
  private covered(lat: number, lon: number): boolean {
    const k = Math.ceil(this.radiusDeg / this.g.sizeDeg);
    const row = cellRow(this.g, lat);
    const col = cellCol(this.g, lon);
    for (let dr = -k; dr <= k; dr++)
      for (let dc = -k; dc <= k; dc++) if (this.reached(row + dr, col + dc)) return true;
    return false;
  }

  /** Vessels heard in the regions around a point in the hour of `t` (the one it was heard in). */
  heardAround(t: number, lat: number, lon: number): number {
    return this.nearby(lat, lon, Math.floor(t / this.stepMs));
  }

  /** Vessels heard in hour `h` in the point's region and the eight around it. */
  private nearby(lat: number, lon: number, h: number): number {
    const row = cellRow(this.rg, lat);
    const col = cellCol(this.rg, lon);
    let n = 0;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) n += this.hourly.get(cellAt(this.rg, row + dr, col + dc))?.get(h) ?? 0;
    }
    return n;
  }

  /**
   * A silence from (t0, lat0, lon0) to (t1, lat1, lon1) judged against the feed: heard
   * through when the whole feed kept at least `feedMinShare` of its usual level every
   * silent hour (asked first: cheap, and an outage silences everyone at once) and at least
   * `minCoverage` of the path samples were covered (path, below). Null when the silence
   * holds no hourly sample (too short to judge).
   */
  judge(
    t0: number,
    lat0: number,
    lon0: number,
    t1: number,
    lat1: number,
    lon1: number,
  ): SilenceReception | null {
    const feedShare = this.feedShare(t0, t1);
    if (feedShare < this.limits.feedMinShare) {
      return Math.ceil(t1 / this.stepMs) - 1 < Math.floor(t0 / this.stepMs) + 1
        ? null
        : { heard: false, feedShare, coverage: 0, nearbyPerHour: 0 };
    }
    const p = this.path(t0, lat0, lon0, t1, lat1, lon1);
    if (p === null) return null;
    return { heard: p.coverage >= this.limits.minCoverage, feedShare, ...p };
  }

  /**
   * True unless the feed failed in the last complete hour before `t` (below
   * `feedMinShare` of its usual level): a pair held through a shared silence is let go at
   * once when the silence is the feed's. Asked every slice, so the answer is kept per hour.
   */
  feedUp(t: number): boolean {
    const h = Math.floor(t / this.stepMs) - 1;
    if (h !== this.feedUpHour) {
      this.feedUpHour = h;
      this.feedUpNow = this.feedShare(h * this.stepMs, (h + 1) * this.stepMs + 1) >= this.limits.feedMinShare;
    }
    return this.feedUpNow;
  }

  /**
   * The feed-wide vessel count of the quietest hour ending inside (t0, t1), over the
   * median of the hours the feed was heard in the day before t0 (1 when it was heard in
   * none, or that median is under `feedMinVessels`: a handful of vessels leaving is no outage). Cheap: the gap rule asks it first, so an outage that silences everyone costs
   * little.
   */
  private feedShare(t0: number, t1: number): number {
    const first = Math.floor(t0 / this.stepMs);
    const last = Math.ceil(t1 / this.stepMs) - 2;
    const before: number[] = [];
    for (let h = first - 23; h <= first; h++) {
      const n = this.feed.get(h);
      if (n > 0) before.push(n);
    }
    if (before.length === 0) return 1;
    const usual = median(before);
    if (usual < this.limits.feedMinVessels) return 1;
    let min = Number.POSITIVE_INFINITY;
    for (let h = first; h <= last; h++) min = Math.min(min, this.feed.get(h));
    return min === Number.POSITIVE_INFINITY ? 1 : min / usual;
  }

  /**
   * The path samples of a silence: one per hour strictly inside (t0, t1) on the straight
   * path from (lat0, lon0) to (lat1, lon1). A sample is covered when its place is within
   * coverage (a reached cell near it, or near one of the two fixes that bound the silence,
   * which were heard too) and its time was: at least `minVessels` vessel-hours heard
   * around it in the hour that ends at it and `windowH` hours either side, within the
   * silence (a sparse sea hears somebody every few hours, a dropout nobody; the silent
   * vessel itself counts only in the hours it fell silent and came back), and at least
   * `feedMinShare` of what was usually heard there in the day before unless `heardPerHour`
   * still were (a dropout of part of the area; a sparse sea's few passers-by come and go).
   * Every hour asked about is past when the vessel reappears at t1. Null when the interval
   * holds no sample.
   */
  private path(
    t0: number,
    lat0: number,
    lon0: number,
    t1: number,
    lat1: number,
    lon1: number,
  ): { coverage: number; nearbyPerHour: number } | null {
    const { minVessels, windowH } = this.limits;
    const first = Math.floor(t0 / this.stepMs) + 1;
    const last = Math.ceil(t1 / this.stepMs) - 1;
    if (last < first) return null;
    const firstH = first - 1;
    const lastH = Math.floor(t1 / this.stepMs);
    const r = this.radiusDeg;
    const counts: number[] = [];
    let covered = 0;
    for (let b = first; b <= last; b++) {
      const f = (b * this.stepMs - t0) / (t1 - t0);
      const lat = lat0 + (lat1 - lat0) * f;
      const lon = lon0 + (lon1 - lon0) * f;
      counts.push(this.nearby(lat, lon, b - 1));
      let n = 0;
      const from = Math.max(firstH, b - 1 - windowH);
      const to = Math.min(lastH, b - 1 + windowH);
      for (let h = from; h <= to; h++) n += this.nearby(lat, lon, h);
      if (n < minVessels) continue;
      // and not far below what is usually heard there (a dropout of part of the area),
      // unless a few vessels an hour are still heard (a sparse sea's traffic comes and goes)
      const hours = to - from + 1;
      if (n < this.limits.heardPerHour * hours) {
        const usual: number[] = [];
        for (let h = firstH - 24; h < firstH; h++) usual.push(this.nearby(lat, lon, h));
        if (n < this.limits.feedMinShare * median(usual) * hours) continue;
      }
      const nearEnd =
        (Math.abs(lat - lat0) <= r && Math.abs(lon - lon0) <= r) ||
        (Math.abs(lat - lat1) <= r && Math.abs(lon - lon1) <= r);
      if (nearEnd || this.covered(lat, lon)) covered++;
    }
    return { coverage: covered / counts.length, nearbyPerHour: median(counts) };
  }

  /** True when the cell at (row, col) has been reached by the feed. */
  private reached(row: number, col: number): boolean {
    return (this.heard.get(cellAt(this.g, row, col)) ?? 0) >= this.minHeard;
  }

  /**
   * True when a vessel at the point heading `courseDeg` sails out of where the feed
   * reaches: no reached cell near its course out to `depthDeg` ahead, and at least half of
   * the points there are sea (beyond an export's clipped border or the shore stations'
   * range nothing is ever heard; a coast ahead is no edge).
   */
  sailsOut(
    lat: number,
    lon: number,
    courseDeg: number,
    depthDeg: number,
    isSea: (lat: number, lon: number) => boolean,
  ): boolean {
    // from two cells ahead: the cells around the next one hold the vessel's own
    const steps = Math.max(2, Math.ceil(depthDeg / this.g.sizeDeg) + 1);
    const dLat = Math.cos((courseDeg * Math.PI) / 180) * this.g.sizeDeg;
    const dLon =
      (Math.sin((courseDeg * Math.PI) / 180) * this.g.sizeDeg) /
      Math.max(0.05, Math.cos((lat * Math.PI) / 180));
    let sea = 0;
    for (let s = 2; s <= steps; s++) {
      const la = lat + dLat * s;
      const lo = lon + dLon * s;
      const row = cellRow(this.g, la);
      const col = cellCol(this.g, lo);
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) if (this.reached(row + dr, col + dc)) return false;
      if (isSea(la, lo)) sea++;
    }
    return sea * 2 >= steps - 1;
  }
}
