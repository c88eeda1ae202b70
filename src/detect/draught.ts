/**
 * Draught. Rule: a vessel's reported draught changes by at least `draughtMinChangeM`
 * (1 m) while its latest fix (no older than an hour) lies at sea, at least
 * `draughtPortMarginM` beyond every port of the profile: cargo loaded or unloaded away
 * from a port. AIS draught is typed in by the crew, so changes in port, where crews
 * usually update it, are expected and not reported.
 */
import type { Static } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import type { Vessel } from "./track.js";

export const DRAUGHT_DETECTOR = "draught@1";

const MAX_FIX_AGE_MS = 3_600_000;

export class DraughtDetector {
  constructor(private readonly ctx: DetectContext) {}

  /** Judges `s` against the vessel's current draught, then adopts it. */
  onStatic(v: Vessel, s: Static, cloned: boolean): void {
    if (s.draught === null || s.draught <= 0) return;
    const before = v.draught;
    v.draught = s.draught;
    const c = this.ctx.config;
    if (cloned || before === null || Math.abs(s.draught - before) < c.draughtMinChangeM - 1e-9) return;
    const track = v.latestTrack();
    if (track === null || s.t - track.lastT > MAX_FIX_AGE_MS) return;
    if (this.ctx.portIndex.within(track.lastLat, track.lastLon, c.draughtPortMarginM) !== null) return;
    const evidence = track.trail.slice(s.t - 6 * 3_600_000, s.t, c.evidenceMaxPoints - 1, v.mmsi);
    evidence.push([track.lastT, track.lastLat, track.lastLon, track.lastSog, v.mmsi]);
    this.ctx.emit({
      kind: "draught",
      detector: DRAUGHT_DETECTOR,
      status: "final",
      start: s.t,
      end: s.t,
      mmsis: [v.mmsi],
      attributes: { before, after: s.draught, changeM: round(s.draught - before, 1) },
      evidence,
    });
  }
}
