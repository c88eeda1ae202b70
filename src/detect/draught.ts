/**
 * Draught. Rule: a vessel's reported draught changes by at least `draughtMinChangeM`
 * (1 m) and the vessel has not been within `draughtPortMarginM` of any profile port since
 * it last reported the old draught: cargo loaded or unloaded away from a port. A static
 * report has no position: it is placed at the vessel's last fix, if under an hour old (a
 * ship heard in port minutes before its last old report was in port then). AIS
 * draught is typed in by the crew, often only after leaving port, so a change first
 * reported at sea by a ship that was in port since its previous report is a port change
 * and not reported. A change reported while the vessel is silent (dark) is judged at its
 * next fix. The event spans the time between the last report of the old draught and the
 * first report of the new one: the change happened somewhere in it.
 */
import type { Position, Static } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import type { Track, Vessel } from "./track.js";

export const DRAUGHT_DETECTOR = "draught@2";

/** A fix older than this does not say where the vessel is when its static report arrives. */
const MAX_FIX_AGE_MS = 3_600_000;

/** A draught change waiting for a fix to be judged. */
export interface PendingDraught {
  before: number;
  after: number;
  /** When the old draught was last reported: the change happened after this… */
  since: number;
  /** …and before this, the report that shows it. */
  t: number;
}

export class DraughtDetector {
  constructor(private readonly ctx: DetectContext) {}

  /** Judges `s` against the vessel's current draught, then adopts it. */
  onStatic(v: Vessel, s: Static, cloned: boolean): void {
    if (s.draught === null || s.draught <= 0) return;
    const before = v.draught;
    const sinceT = v.draughtT;
    const sinceAt = v.draughtAtT;
    const c = this.ctx.config;
    const track = v.latestTrack();
    v.draught = s.draught;
    v.draughtT = s.t;
    // Near-port times are checked once per `placeCheckMs`: the last fix may be that much newer.
    v.draughtAtT = track !== null && s.t - track.lastT <= MAX_FIX_AGE_MS ? track.lastT - c.placeCheckMs : s.t;
    if (cloned || before === null || Math.abs(s.draught - before) < c.draughtMinChangeM - 1e-9) return;
    if (v.nearPortT >= sinceAt) return;
    const change = { before, after: s.draught, since: sinceT, t: s.t };
    if (track === null || s.t - track.lastT > MAX_FIX_AGE_MS) v.pendingDraught = change;
    else this.judge(v, track, change, track.lastLat, track.lastLon);
  }

  /** A fix of a vessel with a pending change: judge the change where the vessel now is. */
  onFix(v: Vessel, track: Track, p: Position): void {
    const change = v.pendingDraught;
    if (change === null) return;
    v.pendingDraught = null;
    if (v.nearPortT >= change.t) return;
    this.judge(v, track, change, p.lat, p.lon);
  }

  private judge(v: Vessel, track: Track, change: PendingDraught, lat: number, lon: number): void {
    const c = this.ctx.config;
    if (this.ctx.portIndex.within(lat, lon, c.draughtPortMarginM) !== null) return;
    const evidence = track.trail.slice(change.t - 6 * 3_600_000, change.t, c.evidenceMaxPoints - 1, v.mmsi);
    evidence.push([track.lastT, track.lastLat, track.lastLon, track.lastSog, v.mmsi]);
    this.ctx.emit({
      kind: "draught",
      detector: DRAUGHT_DETECTOR,
      status: "final",
      start: change.since,
      end: change.t,
      mmsis: [v.mmsi],
      attributes: {
        before: change.before,
        after: change.after,
        changeM: round(change.after - change.before, 1),
      },
      evidence,
    });
  }
}
