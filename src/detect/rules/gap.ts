/**
 * Gap (going dark). Rule: a track is silent for at least `gapMinMs` (12 h, GFW) after
 * transmitting densely (≥ 14 fixes in the 12 h before, GFW/Welch et al.), while the feed
 * kept hearing others: every silent hour the whole feed heard at least `gapFeedMinShare`
 * of its usual vessels (not an outage, not the hole in an export), and at least
 * `gapMinCoverage` (90 %) of the hourly points on the vessel's straight path had others
 * heard around them in that hour, not far below their usual number unless still a vessel
 * an hour (not a regional dropout, not a coverage hole); the vessel was not last heard
 * sailing out of the data's area (nothing ever heard ahead on its course: out of the
 * export's clipped area or out of the receivers' range), nor first heard again sailing in
 * from there (as the draught rule judges); and the vessels around it did
 * not fall silent or come back with it (`coSilent`: a receiver that fails silences a
 * good share of those it heard at once, as a dropout at the edge of a region does while
 * the regions around are still heard). Reception is judged per area and hour
 * (engine/reception.ts); the silence's hours are past when the vessel reappears, which is
 * when the gap is reported. The event gives the start and end fixes, distance and implied
 * speed across the gap, why it was judged intentional (coverage share, vessels heard
 * nearby per silent hour, the feed's level, the vessels silent with it and those heard
 * around it as it fell silent), and the other vessels whose gaps overlap it nearby (a
 * possible dark transfer). Shared MMSIs are separated into tracks before this rule runs,
 * so two ships on one MMSI never splice into a gap.
 */
import { distanceM, METRES_PER_NM } from "../../geo/distance.js";
import { cellAt, cellCol, cellRow, type Grid, grid } from "../../geo/grid.js";
import type { Position } from "../../model/records.js";
import { type DetectContext, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import { rowPart } from "../engine/state-rows.js";
import type { Track } from "../engine/track.js";

export const GAP_DETECTOR = "gap@4";

/** Speed over ground above which a vessel's course says where it was going, kn. */
const MOVING_KN = 1;

/** The gap state's numbers in its track's row; its ring of recent fix times follows them. */
const GAP_NUMBERS = ["n", "next", "lastT", "lastLat", "lastLon"] as const;

export class GapTrackState extends rowPart(GAP_NUMBERS) {
  private readonly ring: number;
  lastSog: number | null = null;
  lastCog: number | null = null;

  constructor(
    track: Track,
    at: number,
    private readonly size: number,
  ) {
    super(track, at);
    this.ring = this.o + GAP_NUMBERS.length;
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

interface ReportedGap {
  mmsi: number;
  start: number;
  end: number;
  lat0: number;
  lon0: number;
  lat1: number;
  lon1: number;
}

/** The settings this rule reads (config.ts). */
export type GapConfig = ConfigSlice<
  | "darkPairM"
  | "gapDropoutRadiusM"
  | "gapDropoutShare"
  | "gapDropoutSlackMs"
  | "gapDropoutVessels"
  | "evictMs"
  | "evidenceMaxPoints"
  | "gapDenseFixes"
  | "gapDenseWindowMs"
  | "gapEdgeDeg"
  | "gapMinMs"
>;

export const gapRule: DetectorFactory<GapDetector> = (ctx) => new GapDetector(ctx);

export class GapDetector implements Detector {
  private readonly config: GapConfig;
  private readonly state: Slot<GapTrackState>;
  /** Where the state lies in a track row, and how many fix times its ring holds. */
  private readonly at: number;
  private readonly ringSize: number;
  private readonly partners: DarkPartnerIndex;
  private readonly isSea = (lat: number, lon: number): boolean => !this.ctx.geography.isLand({ lat, lon });

  constructor(private readonly ctx: DetectContext) {
    this.config = ctx.config;
    this.state = ctx.trackSlot();
    this.ringSize = Math.max(1, this.config.gapDenseFixes);
    this.at = ctx.trackLayout.reserve(GAP_NUMBERS.length + this.ringSize);
    this.partners = new DarkPartnerIndex(this.config, ctx, this.state);
  }

  onFix(track: Track, p: Position): void {
    const c = this.config;
    let st = this.state.get(track);
    if (st === null) {
      st = new GapTrackState(track, this.at, this.ringSize);
      this.state.set(track, st);
    }
    const silentMs = p.t - st.lastT;
    if (silentMs >= c.gapMinMs / 2) this.partners.addSilence(this.silence(track, st, p));
    if (silentMs >= c.gapMinMs) this.judge(track, st, p);
    st.add(p.t);
    st.lastT = p.t;
    st.lastLat = p.lat;
    st.lastLon = p.lon;
    st.lastSog = p.sog;
    st.lastCog = p.cog;
  }

  onEvict(limit: number): void {
    this.partners.evict(limit);
  }

  /**
   * True when the silence of `mmsi` from its fix at (t0, lat0, lon0) to `p` fell in a
   * regional dropout; the draught rule asks this of its own silences.
   */
  inDropout(mmsi: number, t0: number, lat0: number, lon0: number, p: Position): boolean {
    return this.dropout({ mmsi, start: t0, end: p.t, lat0, lon0, lat1: p.lat, lon1: p.lon }).dropout;
  }

  /** A receiver that failed silences a good share of the vessels it heard, all at once. */
  private dropout(g: ReportedGap): { heardBefore: number; coSilent: number; dropout: boolean } {
    const c = this.config;
    const heardBefore = Math.max(
      this.ctx.reception.heardAround(g.start, g.lat0, g.lon0),
      this.ctx.reception.heardAround(g.start, g.lat1, g.lon1),
    );
    const need = Math.max(c.gapDropoutVessels, Math.ceil(c.gapDropoutShare * heardBefore));
    const coSilent = this.partners.coSilent(g, need);
    return { heardBefore, coSilent, dropout: coSilent >= need };
  }

  /** The silence that `p` ends. */
  private silence(track: Track, st: GapTrackState, p: Position): ReportedGap {
    return {
      mmsi: track.mmsi,
      start: st.lastT,
      end: p.t,
      lat0: st.lastLat,
      lon0: st.lastLon,
      lat1: p.lat,
      lon1: p.lon,
    };
  }

  private judge(track: Track, st: GapTrackState, p: Position): void {
    const c = this.config;
    const t0 = st.lastT;
    if (st.countSince(t0 - c.gapDenseWindowMs) < c.gapDenseFixes) return;
    const heard = this.ctx.reception.judge(t0, st.lastLat, st.lastLon, p.t, p.lat, p.lon);
    if (heard === null || !heard.heard) return;
    if (st.lastCog !== null && (st.lastSog ?? 0) >= MOVING_KN) {
      if (this.ctx.reception.sailsOut(st.lastLat, st.lastLon, st.lastCog, c.gapEdgeDeg, this.isSea)) return;
    }
    // back sailing in from where nothing is heard: it was out of the data's area meanwhile
    if (p.cog !== null && (p.sog ?? 0) >= MOVING_KN) {
      const from = (p.cog + 180) % 360;
      if (this.ctx.reception.sailsOut(p.lat, p.lon, from, c.gapEdgeDeg, this.isSea)) return;
    }
    const gap = this.silence(track, st, p);
    const { heardBefore, coSilent, dropout } = this.dropout(gap);
    if (dropout) return;
    const partners = this.partners.find(gap);
    this.partners.add(gap);
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
        coverage: round(heard.coverage, 3),
        nearbyVesselsPerHour: round(heard.nearbyPerHour, 1),
        feedShare: round(heard.feedShare, 3),
        coSilentVessels: coSilent,
        heardBefore,
        darkPartners: partners,
      },
      evidence,
    });
  }
}

const METRES_PER_DEG_LAT = 111_195;
const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;

/**
 * The other vessels silent at the same time near a gap's ends: reported gaps indexed by
 * the cells of their ends (cells as wide as `darkPairM`) and the day they ended, and
 * tracks silent long enough indexed by the cell they fell silent in (rebuilt once an
 * hour, when a gap asks). A gap looks at the neighbouring cells only, so when a feed
 * drops out and every vessel gaps at once the cost follows the vessels nearby, not the
 * square of the fleet (profile before: 62 % of a five-day real run in this search).
 */
class DarkPartnerIndex {
  private readonly g: Grid;
  /** Reported gaps by day of their end, then by cell of each end. */
  private readonly gaps = new Map<number, Map<number, ReportedGap[]>>();
  /** Every silence long enough to share a gap's, reported or not, by day of its end, then by cell of each end. */
  private readonly silences = new Map<number, Map<number, ReportedGap[]>>();
  /** Tracks silent since at least `builtFor` + 1 h − gapMinMs + gapDropoutSlackMs, by cell, and the hour it was built for. */
  private silent = new Map<number, Track[]>();
  private builtFor = Number.NaN;

  constructor(
    private readonly config: GapConfig,
    private readonly ctx: DetectContext,
    private readonly state: Slot<GapTrackState>,
  ) {
    this.g = grid(config.darkPairM / METRES_PER_DEG_LAT);
  }

  add(g: ReportedGap): void {
    this.put(this.day(this.gaps, g.end), g);
  }

  addSilence(g: ReportedGap): void {
    this.put(this.day(this.silences, g.end), g);
  }

  /** Files `g` under the cells of both its ends. */
  private put(cells: Map<number, ReportedGap[]>, g: ReportedGap): void {
    const a = this.cell(g.lat0, g.lon0);
    const b = this.cell(g.lat1, g.lon1);
    push(cells, a, g);
    if (b !== a) push(cells, b, g);
  }

  /** Forgets gaps and silences ended before `limit`'s day (those ended that day go when a later day passes). */
  evict(limit: number): void {
    const first = Math.floor(limit / DAY);
    for (const m of [this.gaps, this.silences]) for (const day of m.keys()) if (day < first) m.delete(day);
  }

  /**
   * Other vessels that fell silent within `gapDropoutSlackMs` of when `g` did (back by now,
   * or silent still), or came back within it of when `g` did, with an end of their silence
   * within `gapDropoutRadiusM` of an end of `g`'s: a receiver that fails silences the vessels
   * it heard at once, and brings back at once those that sailed into its area meanwhile.
   * Counts up to `enough` only: when every vessel in a region falls silent, each of them
   * looks at a few of the others, not all.
   */
  coSilent(g: ReportedGap, enough: number): number {
    const c = this.config;
    const slack = c.gapDropoutSlackMs;
    const r = c.gapDropoutRadiusM;
    const near = (la: number, lo: number): boolean =>
      distanceM(la, lo, g.lat0, g.lon0) <= r || distanceM(la, lo, g.lat1, g.lon1) <= r;
    const out = new Set<number>();
    const k = Math.ceil(r / c.darkPairM);
    const cells = this.aroundPoint(g.lat0, g.lon0, k);
    for (const id of this.aroundPoint(g.lat1, g.lon1, k)) cells.add(id);
    for (let day = Math.floor(g.start / DAY); day <= Math.floor((g.end + slack) / DAY); day++) {
      const byCell = this.silences.get(day);
      if (byCell === undefined) continue;
      for (const id of cells) {
        for (const o of byCell.get(id) ?? []) {
          if (o.mmsi === g.mmsi || (Math.abs(o.start - g.start) > slack && Math.abs(o.end - g.end) > slack))
            continue;
          if (!near(o.lat0, o.lon0) && !near(o.lat1, o.lon1)) continue;
          out.add(o.mmsi);
          if (out.size >= enough) return out.size;
        }
      }
    }
    this.buildSilent(g.end);
    for (const id of cells) {
      for (const t of this.silent.get(id) ?? []) {
        const s = this.state.get(t);
        if (t.mmsi === g.mmsi || t.dead || s === null || t.lastT > s.lastT) continue;
        if (Math.abs(s.lastT - g.start) > slack || !near(s.lastLat, s.lastLon)) continue;
        out.add(t.mmsi);
        if (out.size >= enough) return out.size;
      }
    }
    return out.size;
  }

  /** Other vessels silent over an overlapping time with an end of their silence near one of ours. */
  find(g: ReportedGap): number[] {
    const c = this.config;
    const near = (la: number, lo: number): boolean =>
      distanceM(la, lo, g.lat0, g.lon0) <= c.darkPairM || distanceM(la, lo, g.lat1, g.lon1) <= c.darkPairM;
    const out = new Set<number>();
    const cells = this.around(g);
    const oldest = g.end - c.evictMs;
    for (let day = Math.floor(Math.max(g.start, oldest) / DAY); day <= Math.floor(g.end / DAY); day++) {
      const byCell = this.gaps.get(day);
      if (byCell === undefined) continue;
      for (const id of cells) {
        for (const o of byCell.get(id) ?? []) {
          if (o.mmsi === g.mmsi || o.end <= g.start || o.start >= g.end || o.end < oldest) continue;
          if (near(o.lat0, o.lon0) || near(o.lat1, o.lon1)) out.add(o.mmsi);
        }
      }
    }
    // Vessels still silent now, silent long enough to be a gap already.
    this.buildSilent(g.end);
    for (const id of cells) {
      for (const t of this.silent.get(id) ?? []) {
        const s = this.state.get(t);
        if (t.mmsi === g.mmsi || t.dead || s === null || g.end - s.lastT < c.gapMinMs) continue;
        if (t.lastT > s.lastT) continue;
        if (near(s.lastLat, s.lastLon)) out.add(t.mmsi);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /** The silent-track index for the hour of `t`: every track that can share a silence of gapMinMs ending then. */
  private buildSilent(t: number): void {
    const hour = Math.floor(t / HOUR);
    if (hour === this.builtFor) return;
    this.builtFor = hour;
    this.silent = new Map();
    const latest = (hour + 1) * HOUR - this.config.gapMinMs + this.config.gapDropoutSlackMs;
    for (const v of this.ctx.vessels.values()) {
      for (const tr of v.tracks) {
        const s = this.state.get(tr);
        if (tr.dead || s === null || s.lastT > latest) continue;
        push(this.silent, this.cell(s.lastLat, s.lastLon), tr);
      }
    }
  }

  /** The cells of `m`'s day of `t`, made when missing. */
  private day(m: Map<number, Map<number, ReportedGap[]>>, t: number): Map<number, ReportedGap[]> {
    const day = Math.floor(t / DAY);
    let cells = m.get(day);
    if (cells === undefined) {
      cells = new Map();
      m.set(day, cells);
    }
    return cells;
  }

  private cell(lat: number, lon: number): number {
    return cellAt(this.g, cellRow(this.g, lat), cellCol(this.g, lon));
  }

  /** The cells within `darkPairM` of either end of `g`. */
  private around(g: ReportedGap): Set<number> {
    const out = this.aroundPoint(g.lat0, g.lon0, 1);
    for (const id of this.aroundPoint(g.lat1, g.lon1, 1)) out.add(id);
    return out;
  }

  /** The cells within `k` times `darkPairM` of a point (wider in longitude away from the equator). */
  private aroundPoint(lat: number, lon: number, k: number): Set<number> {
    const out = new Set<number>();
    const row = cellRow(this.g, lat);
    const col = cellCol(this.g, lon);
    const span =
      k * Math.ceil(1 / Math.max(0.05, Math.cos(((Math.abs(lat) + k * this.g.sizeDeg) * Math.PI) / 180)));
    for (let dr = -k; dr <= k; dr++) {
      for (let dc = -span; dc <= span; dc++) out.add(cellAt(this.g, row + dr, col + dc));
    }
    return out;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
