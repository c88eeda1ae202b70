/**
 * Spoofing. Rules, each an event of kind `spoofing` with attribute `type`:
 * - `jump`: a burst of at least `jumpMinFixes` fixes that no ship could reach (implied
 *   speed above `maxSpeedKn` from every track of the MMSI) after which the vessel is
 *   back where it was: a teleport and back. A single stray fix is GPS noise and ignored,
 *   as are fixes near (0, 0).
 * - `teleport`: the MMSI reappears out of reach and stays there; the old track ends.
 * - `clone`: two confirmed tracks of one MMSI keep transmitting at the same time from
 *   places no ship could link (one identity on two ships). Emitted `open` when confirmed,
 *   `final` when one of them stops.
 * - `land`: at least `landMinFixes` consecutive fixes on land away from any port.
 * The splitting into tracks happens first (track.ts, runner.ts): the rules here only
 * judge what the splitter saw.
 */
import { distanceM } from "../geo/distance.js";
import type { EvidencePoint } from "../model/event.js";
import type { Position } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import type { Track } from "./track.js";

export const SPOOFING_DETECTOR = "spoofing@1";

/** Land fixes closer than this to a port's edge are quays and slipways, not spoofing. */
const PORT_SHORE_M = 3_000;

export class LandTrackState {
  run = 0;
  firstT = 0;
  lastT = 0;
  points: EvidencePoint[] = [];
}

export class SpoofingDetector {
  constructor(private readonly ctx: DetectContext) {}

  onFix(track: Track, p: Position): void {
    const ctx = this.ctx;
    const onLand =
      ctx.geography.isLand(p.lat, p.lon) && ctx.portIndex.within(p.lat, p.lon, PORT_SHORE_M) === null;
    let st = track.land;
    if (!onLand) {
      if (st !== null && st.run > 0) this.flush(track);
      return;
    }
    if (st === null) {
      st = new LandTrackState();
      track.land = st;
    }
    if (st.run === 0) {
      st.firstT = p.t;
      st.points = [];
    }
    st.run++;
    st.lastT = p.t;
    if (st.points.length < ctx.config.evidenceMaxPoints) st.points.push([p.t, p.lat, p.lon, p.sog, p.mmsi]);
  }

  /** Ends a run of land fixes. */
  flush(track: Track): void {
    const st = track.land;
    if (st === null || st.run === 0) return;
    const run = st.run;
    st.run = 0;
    if (run < this.ctx.config.landMinFixes) return;
    this.ctx.emit({
      kind: "spoofing",
      detector: SPOOFING_DETECTOR,
      status: "final",
      start: st.firstT,
      end: st.lastT,
      mmsis: [track.mmsi],
      attributes: { type: "land", fixes: run },
      evidence: st.points,
      discriminator: "land",
    });
  }

  /** An unconfirmed track dropped as outliers; `back` is the fix the vessel returned with. */
  jump(outliers: Track, home: Track | null): void {
    const c = this.ctx.config;
    if (outliers.pending.length < c.jumpMinFixes) return;
    const first = outliers.pending[0];
    const last = outliers.pending[outliers.pending.length - 1];
    const evidence: EvidencePoint[] = [];
    let distM = 0;
    if (outliers.origin !== null) {
      const [t, lat, lon] = outliers.origin;
      evidence.push([t, lat, lon, null, outliers.mmsi]);
      distM = distanceM(lat, lon, first.lat, first.lon);
    }
    for (const p of outliers.pending.slice(0, c.evidenceMaxPoints - 2)) {
      evidence.push([p.t, p.lat, p.lon, p.sog, p.mmsi]);
    }
    if (home !== null && home.lastT > last.t) {
      evidence.push([home.lastT, home.lastLat, home.lastLon, home.lastSog, home.mmsi]);
    }
    this.ctx.emit({
      kind: "spoofing",
      detector: SPOOFING_DETECTOR,
      status: "final",
      start: first.t,
      end: last.t,
      mmsis: [outliers.mmsi],
      attributes: {
        type: "jump",
        fixes: outliers.pending.length,
        jumpKm: round(distM / 1000, 1),
        onLand: outliers.pending.some((p) => this.ctx.geography.isLand(p.lat, p.lon)),
      },
      evidence,
      discriminator: "jump",
    });
  }

  /** `now` continued out of reach of `old`, which never transmitted again. */
  teleport(old: Track, now: Track): void {
    const c = this.ctx.config;
    const distM = distanceM(old.lastLat, old.lastLon, now.lastLat, now.lastLon);
    const evidence = old.trail.slice(old.lastT - 3_600_000, old.lastT, c.evidenceMaxPoints / 2, old.mmsi);
    evidence.push(...now.trail.slice(now.firstT, now.firstT + 3_600_000, c.evidenceMaxPoints / 2, now.mmsi));
    this.ctx.emit({
      kind: "spoofing",
      detector: SPOOFING_DETECTOR,
      status: "final",
      start: now.firstT,
      end: now.firstT,
      mmsis: [old.mmsi],
      attributes: {
        type: "teleport",
        jumpKm: round(distM / 1000, 1),
        impliedSpeedKn: round(distM / 1852 / Math.max(1 / 3600, (now.firstT - old.lastT) / 3_600_000), 1),
      },
      evidence,
      discriminator: "teleport",
    });
  }

  /** Two live tracks of one MMSI (`older` first), open while both transmit. */
  clone(older: Track, newer: Track, status: "open" | "final"): void {
    const c = this.ctx.config;
    const end = Math.min(older.lastT, newer.lastT);
    const evidence = older.trail.slice(newer.firstT, end, c.evidenceMaxPoints / 2, older.mmsi);
    evidence.push(...newer.trail.slice(newer.firstT, end, c.evidenceMaxPoints / 2, newer.mmsi));
    this.ctx.emit({
      kind: "spoofing",
      detector: SPOOFING_DETECTOR,
      status,
      start: newer.firstT,
      end,
      mmsis: [older.mmsi],
      attributes: {
        type: "clone",
        tracks: [older.key, newer.key],
        apartKm: round(distanceM(older.lastLat, older.lastLon, newer.lastLat, newer.lastLon) / 1000, 1),
      },
      evidence,
      discriminator: `clone:${newer.index}`,
    });
  }
}
