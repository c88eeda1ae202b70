/**
 * Gap (going dark). Rule: a track is silent for at least `gapMinMs` (12 h, GFW) after
 * transmitting densely (≥ 14 fixes in the 12 h before, GFW/Welch et al.), and at least
 * `gapMinCoverage` (90 %) of the hourly points on its straight path lie near cells where
 * receivers have heard ships, or near the two fixes that bound the gap, which were heard
 * too (so the silence is not a coverage hole). The event gives the start and
 * end fixes, distance and implied speed across the gap, and the other vessels whose
 * gaps overlap it nearby (a possible dark transfer). Shared MMSIs are separated into
 * tracks before this rule runs, so two ships on one MMSI never splice into a gap.
 * A gap is reported when the vessel reappears.
 */
import { distanceM, METRES_PER_NM } from "../geo/distance.js";
import type { Position } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import type { ReceptionGrid } from "./reception.js";
import { type RowOwner, rowFields } from "./state-rows.js";
import type { Track } from "./track.js";
import { GAP_AT, GAP_NUMBERS, RING_AT, type TrackRowLayout } from "./track-row.js";

export const GAP_DETECTOR = "gap@2";

export class GapTrackState implements RowOwner {
  readonly f: Float64Array;
  /** This state's first number in its track's row; the ring of fix times follows the numbers. */
  readonly o: number;
  private readonly ring: number;
  private readonly size: number;
  declare n: number;
  declare next: number;
  declare lastT: number;
  declare lastLat: number;
  declare lastLon: number;
  lastSog: number | null = null;

  constructor(track: Track, layout: TrackRowLayout) {
    this.f = track.f;
    this.o = track.o + GAP_AT;
    this.ring = track.o + RING_AT;
    this.size = layout.ringSize;
    this.lastT = Number.NEGATIVE_INFINITY;
  }

  /** Records a fix time in the ring (the oldest drops out once it is full). */
  add(t: number): void {
    this.f[this.ring + this.next] = t;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    if (this.n < this.size) this.n++;
  }

  /** Fixes in the ring no older than `since`. */
  countSince(since: number): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) if (this.f[this.ring + i] >= since) c++;
    return c;
  }
}

rowFields(GapTrackState.prototype, 0, GAP_NUMBERS);

interface ReportedGap {
  mmsi: number;
  start: number;
  end: number;
  lat0: number;
  lon0: number;
  lat1: number;
  lon1: number;
}

export class GapDetector {
  private recent: ReportedGap[] = [];

  constructor(
    private readonly ctx: DetectContext,
    private readonly reception: ReceptionGrid,
  ) {}

  onFix(track: Track, p: Position): void {
    const c = this.ctx.config;
    let st = track.gap;
    if (st === null) {
      st = new GapTrackState(track, this.ctx.trackLayout);
      track.gap = st;
    }
    if (p.t - st.lastT >= c.gapMinMs) this.judge(track, st, p);
    st.add(p.t);
    st.lastT = p.t;
    st.lastLat = p.lat;
    st.lastLon = p.lon;
    st.lastSog = p.sog;
  }

  private judge(track: Track, st: GapTrackState, p: Position): void {
    const c = this.ctx.config;
    const t0 = st.lastT;
    if (st.countSince(t0 - c.gapDenseWindowMs) < c.gapDenseFixes) return;
    const coverage = this.reception.coverage(t0, st.lastLat, st.lastLon, p.t, p.lat, p.lon);
    if (coverage === null || coverage < c.gapMinCoverage) return;
    const gap: ReportedGap = {
      mmsi: track.mmsi,
      start: t0,
      end: p.t,
      lat0: st.lastLat,
      lon0: st.lastLon,
      lat1: p.lat,
      lon1: p.lon,
    };
    const partners = this.darkPartners(gap);
    this.recent = this.recent.filter((g) => g.end >= p.t - c.evictMs);
    this.recent.push(gap);
    const distM = distanceM(st.lastLat, st.lastLon, p.lat, p.lon);
    const hours = (p.t - t0) / 3_600_000;
    const evidence = track.trail.slice(t0 - 2 * 3_600_000, t0 - 1, c.evidenceMaxPoints - 2, track.mmsi);
    evidence.push(
      [t0, st.lastLat, st.lastLon, st.lastSog, track.mmsi],
      [p.t, p.lat, p.lon, p.sog, track.mmsi],
    );
    this.ctx.emit({
      kind: "gap",
      detector: GAP_DETECTOR,
      status: "final",
      start: t0,
      end: p.t,
      mmsis: [track.mmsi],
      attributes: {
        durationH: round(hours, 2),
        startLat: round(st.lastLat, 5),
        startLon: round(st.lastLon, 5),
        endLat: round(p.lat, 5),
        endLon: round(p.lon, 5),
        distanceNm: round(distM / METRES_PER_NM, 2),
        impliedSpeedKn: round(distM / METRES_PER_NM / hours, 2),
        coverage: round(coverage, 3),
        darkPartners: partners,
      },
      evidence,
    });
  }

  /** Other vessels silent over an overlapping time with an end of their silence near one of ours. */
  private darkPartners(g: ReportedGap): number[] {
    const c = this.ctx.config;
    const near = (la: number, lo: number): boolean =>
      distanceM(la, lo, g.lat0, g.lon0) <= c.darkPairM || distanceM(la, lo, g.lat1, g.lon1) <= c.darkPairM;
    const out = new Set<number>();
    for (const o of this.recent) {
      if (o.mmsi === g.mmsi || o.end <= g.start || o.start >= g.end) continue;
      if (near(o.lat0, o.lon0) || near(o.lat1, o.lon1)) out.add(o.mmsi);
    }
    // Vessels still silent now, silent long enough to be a gap already.
    for (const v of this.ctx.vessels.values()) {
      if (v.mmsi === g.mmsi) continue;
      for (const t of v.tracks) {
        const s = t.gap;
        if (t.dead || s === null || g.end - s.lastT < c.gapMinMs) continue;
        if (t.lastT > s.lastT) continue;
        if (near(s.lastLat, s.lastLon)) out.add(v.mmsi);
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}
