/**
 * Loitering. Rule: a track's mean speed per time bin (`loiterBinMs`, 15 min; GFW uses
 * hours, which cut up to two partial hours off each end) stays below `loiterMaxSpeedKn`
 * (2 kn, GFW) for consecutive bins (up to `loiterMaxEmptyBins` bins without fixes tolerated)
 * lasting at least `loiterMinMs` (4 h, Starboard; GFW publishes no floor), with a mean
 * distance from shore of at least `loiterMinShoreNm` (20 nm, GFW), never within reach of
 * a port. An episode where a visible partner lay alongside for most of the time is an
 * encounter, not loitering, and is dropped. Loitering alone at sea suggests a transfer
 * with a partner that is dark.
 */
import type { Position } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import { type RowOwner, rowFields } from "./state-rows.js";
import type { Track } from "./track.js";
import { LOITER_AT, LOITER_NUMBERS } from "./track-row.js";

export const LOITERING_DETECTOR = "loitering@1";

const HOUR = 3_600_000;

export class LoiterTrackState implements RowOwner {
  readonly f: Float64Array;
  /** This state's first number in its track's row (track-row.ts). */
  readonly o: number;
  // The bin being accumulated.
  declare bin: number;
  declare binEndT: number;
  declare binFirstT: number;
  declare binLastT: number;
  declare sogSum: number;
  declare sogN: number;
  declare binShoreNm: number;
  binInPort = false;
  // The episode of slow bins.
  declare epBins: number;
  declare epFirstT: number;
  declare epLastT: number;
  declare epLastBin: number;
  declare epShoreSum: number;
  declare epSogSum: number;
  declare epSogN: number;
  declare epPartnerBins: number;

  constructor(track: Track) {
    this.f = track.f;
    this.o = track.o + LOITER_AT;
    this.bin = Number.NEGATIVE_INFINITY;
    this.binEndT = Number.NEGATIVE_INFINITY;
  }
}

rowFields(LoiterTrackState.prototype, 0, LOITER_NUMBERS);

export class LoiteringDetector {
  constructor(private readonly ctx: DetectContext) {}

  onFix(track: Track, p: Position): void {
    let st = track.loiter;
    if (st === null) {
      st = new LoiterTrackState(track);
      track.loiter = st;
    }
    const binMs = this.ctx.config.loiterBinMs;
    if (p.t >= st.binEndT || p.t < st.binEndT - binMs) {
      if (st.bin !== Number.NEGATIVE_INFINITY) this.closeBin(track, st);
      st.bin = Math.floor(p.t / binMs);
      st.binEndT = (st.bin + 1) * binMs;
      st.binFirstT = p.t;
      st.sogSum = 0;
      st.sogN = 0;
      st.binShoreNm = this.ctx.geography.shoreDistanceNm(p.lat, p.lon);
      st.binInPort = this.ctx.portIndex.within(p.lat, p.lon, this.ctx.config.encounterMinPortDistM) !== null;
    }
    st.binLastT = p.t;
    if (p.sog !== null) {
      st.sogSum += p.sog;
      st.sogN++;
    }
  }

  /** Closes the open bin and episode (end of track or of the stream). */
  flush(track: Track): void {
    const st = track.loiter;
    if (st === null || st.bin === Number.NEGATIVE_INFINITY) return;
    this.closeBin(track, st);
    this.closeEpisode(track, st);
    st.bin = Number.NEGATIVE_INFINITY;
    st.binEndT = Number.NEGATIVE_INFINITY;
  }

  private closeBin(track: Track, st: LoiterTrackState): void {
    const c = this.ctx.config;
    const slow = st.sogN > 0 && st.sogSum / st.sogN < c.loiterMaxSpeedKn && !st.binInPort;
    if (!slow) {
      this.closeEpisode(track, st);
      return;
    }
    if (st.epBins > 0 && st.bin - st.epLastBin > 1 + c.loiterMaxEmptyBins) this.closeEpisode(track, st);
    if (st.epBins === 0) {
      st.epFirstT = st.binFirstT;
      st.epShoreSum = 0;
      st.epSogSum = 0;
      st.epSogN = 0;
      st.epPartnerBins = 0;
    }
    st.epBins++;
    st.epLastT = st.binLastT;
    st.epLastBin = st.bin;
    st.epShoreSum += Math.min(st.binShoreNm, 1e6);
    st.epSogSum += st.sogSum;
    st.epSogN += st.sogN;
    const enc = track.enc;
    if (enc !== null && enc.lastCloseT >= st.bin * c.loiterBinMs) st.epPartnerBins++;
  }

  private closeEpisode(track: Track, st: LoiterTrackState): void {
    if (st.epBins === 0) return;
    const c = this.ctx.config;
    const hours = st.epBins;
    st.epBins = 0;
    const duration = st.epLastT - st.epFirstT;
    const shoreNm = st.epShoreSum / hours;
    if (duration < c.loiterMinMs || shoreNm < c.loiterMinShoreNm) return;
    if (st.epPartnerBins / hours > c.loiterMaxPartnerShare) return;
    this.ctx.emit({
      kind: "loitering",
      detector: LOITERING_DETECTOR,
      status: "final",
      start: st.epFirstT,
      end: st.epLastT,
      mmsis: [track.mmsi],
      attributes: {
        durationH: round(duration / HOUR, 2),
        meanSpeedKn: round(st.epSogSum / Math.max(1, st.epSogN), 2),
        meanShoreNm: shoreNm >= 1e6 ? null : round(shoreNm, 1),
        slowBins: hours,
      },
      evidence: track.trail.slice(st.epFirstT, st.epLastT, c.evidenceMaxPoints, track.mmsi),
    });
  }
}
