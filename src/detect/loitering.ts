/**
 * Loitering. Rule: a track's hourly mean speed stays below `loiterMaxSpeedKn` (2 kn,
 * GFW) for consecutive hours (up to `loiterMaxEmptyHours` hours without fixes tolerated)
 * lasting at least `loiterMinMs` (4 h, Starboard; GFW publishes no floor), with a mean
 * distance from shore of at least `loiterMinShoreNm` (20 nm, GFW), never within reach of
 * a port. An episode where a visible partner lay alongside for most of the time is an
 * encounter, not loitering, and is dropped. Loitering alone at sea suggests a transfer
 * with a partner that is dark.
 */
import type { Position } from "../model/records.js";
import { type DetectContext, round } from "./context.js";
import type { Track } from "./track.js";

export const LOITERING_DETECTOR = "loitering@1";

const HOUR = 3_600_000;

export class LoiterTrackState {
  // The hour being accumulated.
  hour = Number.NEGATIVE_INFINITY;
  hourEndT = Number.NEGATIVE_INFINITY;
  hourFirstT = 0;
  hourLastT = 0;
  sogSum = 0;
  sogN = 0;
  hourShoreNm = 0;
  hourInPort = false;
  // The episode of slow hours.
  epHours = 0;
  epFirstT = 0;
  epLastT = 0;
  epLastHour = 0;
  epShoreSum = 0;
  epSogSum = 0;
  epSogN = 0;
  epPartnerHours = 0;
}

export class LoiteringDetector {
  constructor(private readonly ctx: DetectContext) {}

  onFix(track: Track, p: Position): void {
    let st = track.loiter;
    if (st === null) {
      st = new LoiterTrackState();
      track.loiter = st;
    }
    if (p.t >= st.hourEndT || p.t < st.hourEndT - HOUR) {
      if (st.hour !== Number.NEGATIVE_INFINITY) this.closeHour(track, st);
      st.hour = Math.floor(p.t / HOUR);
      st.hourEndT = (st.hour + 1) * HOUR;
      st.hourFirstT = p.t;
      st.sogSum = 0;
      st.sogN = 0;
      st.hourShoreNm = this.ctx.geography.shoreDistanceNm(p.lat, p.lon);
      st.hourInPort = this.ctx.portIndex.within(p.lat, p.lon, this.ctx.config.encounterMinPortDistM) !== null;
    }
    st.hourLastT = p.t;
    if (p.sog !== null) {
      st.sogSum += p.sog;
      st.sogN++;
    }
  }

  /** Closes the open hour and episode (end of track or of the stream). */
  flush(track: Track): void {
    const st = track.loiter;
    if (st === null || st.hour === Number.NEGATIVE_INFINITY) return;
    this.closeHour(track, st);
    this.closeEpisode(track, st);
    st.hour = Number.NEGATIVE_INFINITY;
    st.hourEndT = Number.NEGATIVE_INFINITY;
  }

  private closeHour(track: Track, st: LoiterTrackState): void {
    const c = this.ctx.config;
    const slow = st.sogN > 0 && st.sogSum / st.sogN < c.loiterMaxSpeedKn && !st.hourInPort;
    if (!slow) {
      this.closeEpisode(track, st);
      return;
    }
    if (st.epHours > 0 && st.hour - st.epLastHour > 1 + c.loiterMaxEmptyHours) this.closeEpisode(track, st);
    if (st.epHours === 0) {
      st.epFirstT = st.hourFirstT;
      st.epShoreSum = 0;
      st.epSogSum = 0;
      st.epSogN = 0;
      st.epPartnerHours = 0;
    }
    st.epHours++;
    st.epLastT = st.hourLastT;
    st.epLastHour = st.hour;
    st.epShoreSum += Math.min(st.hourShoreNm, 1e6);
    st.epSogSum += st.sogSum;
    st.epSogN += st.sogN;
    const enc = track.enc;
    if (enc !== null && enc.lastCloseT >= st.hour * HOUR) st.epPartnerHours++;
  }

  private closeEpisode(track: Track, st: LoiterTrackState): void {
    if (st.epHours === 0) return;
    const c = this.ctx.config;
    const hours = st.epHours;
    st.epHours = 0;
    const duration = st.epLastT - st.epFirstT;
    const shoreNm = st.epShoreSum / hours;
    if (duration < c.loiterMinMs || shoreNm < c.loiterMinShoreNm) return;
    if (st.epPartnerHours / hours > c.loiterMaxPartnerShare) return;
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
        slowHours: hours,
      },
      evidence: track.trail.slice(st.epFirstT, st.epLastT, c.evidenceMaxPoints, track.mmsi),
    });
  }
}
