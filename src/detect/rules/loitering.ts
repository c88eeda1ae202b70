/**
 * Loitering. Rule: a track's mean speed per time bin (`loiterBinMs`, 15 min; GFW uses
 * hours, which cut up to two partial hours off each end) stays below `loiterMaxSpeedKn`
 * (2 kn, GFW) for consecutive bins (up to `loiterMaxEmptyBins` bins without fixes tolerated)
 * lasting at least `loiterMinMs` (4 h, Starboard; GFW publishes no floor), with a mean
 * distance from shore of at least `loiterMinShoreNm` (20 nm, GFW), never within reach of
 * a harbour (profile and world ports, learned anchorages: ctx.harbours). An episode where a visible partner lay alongside for most of the time is an
 * encounter, not loitering, and is dropped. Loitering alone at sea suggests a transfer
 * with a partner that is dark. Service craft are not candidates, as in the encounter rule
 * (ship-class.ts): a rescue vessel on standby, a dredger working a channel or a patrol
 * boat drifting on station is at work; one whose type changed or whose size contradicts
 * it still is a candidate.
 */
import type { Position } from "../../model/records.js";
import { type DetectContext, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import { rowPart } from "../engine/state-rows.js";
import type { Track } from "../engine/track.js";
import { type EncounterDetector, encounterRule } from "./encounter.js";
import { type ShipClassDetector, shipClassRule } from "./ship-class.js";

export const LOITERING_DETECTOR = "loitering@1";

const HOUR = 3_600_000;

/** The loitering state's numbers in its track's row: the bin being accumulated, then the episode of slow bins. */
const LOITER_NUMBERS = [
  "bin",
  "binEndT",
  "binFirstT",
  "binLastT",
  "sogSum",
  "sogN",
  "binShoreNm",
  "epBins",
  "epFirstT",
  "epLastT",
  "epLastBin",
  "epShoreSum",
  "epSogSum",
  "epSogN",
  "epPartnerBins",
] as const;

export class LoiterTrackState extends rowPart(LOITER_NUMBERS) {
  binInPort = false;

  constructor(track: Track, at: number) {
    super(track, at);
    this.bin = Number.NEGATIVE_INFINITY;
    this.binEndT = Number.NEGATIVE_INFINITY;
  }
}

/** The settings this rule reads (config.ts). */
export type LoiteringConfig = ConfigSlice<
  | "encounterMinPortDistM"
  | "evidenceMaxPoints"
  | "loiterBinMs"
  | "loiterMaxEmptyBins"
  | "loiterMaxPartnerShare"
  | "loiterMaxSpeedKn"
  | "loiterMinMs"
  | "loiterMinShoreNm"
>;

/** Reads the encounter rule's partner times and the ship classes: list it after encounterRule. */
export const loiteringRule: DetectorFactory = (ctx, built) =>
  new LoiteringDetector(ctx, built.get(encounterRule), built.get(shipClassRule));

export class LoiteringDetector implements Detector {
  private readonly config: LoiteringConfig;
  private readonly state: Slot<LoiterTrackState>;
  private readonly at: number;

  constructor(
    private readonly ctx: DetectContext,
    private readonly encounter: EncounterDetector,
    private readonly shipClass: ShipClassDetector,
  ) {
    this.config = ctx.config;
    this.state = ctx.trackSlot();
    this.at = ctx.trackLayout.reserve(LOITER_NUMBERS.length);
  }

  onFix(track: Track, p: Position): void {
    let st = this.state.get(track);
    if (st === null) {
      st = new LoiterTrackState(track, this.at);
      this.state.set(track, st);
    }
    const binMs = this.config.loiterBinMs;
    if (p.t >= st.binEndT || p.t < st.binEndT - binMs) {
      if (st.bin !== Number.NEGATIVE_INFINITY) this.closeBin(track, st);
      st.bin = Math.floor(p.t / binMs);
      st.binEndT = (st.bin + 1) * binMs;
      st.binFirstT = p.t;
      st.sogSum = 0;
      st.sogN = 0;
      st.binShoreNm = this.ctx.geography.shoreDistanceNm(p.lat, p.lon);
      st.binInPort = this.ctx.harbours.within(p.lat, p.lon, this.config.encounterMinPortDistM) !== null;
    }
    st.binLastT = p.t;
    if (p.sog !== null) {
      st.sogSum += p.sog;
      st.sogN++;
    }
  }

  /** Closes the open bin and episode (end of track or of the stream). */
  onTrackEnd(track: Track): void {
    const st = this.state.get(track);
    if (st === null || st.bin === Number.NEGATIVE_INFINITY) return;
    this.closeBin(track, st);
    this.closeEpisode(track, st);
    st.bin = Number.NEGATIVE_INFINITY;
    st.binEndT = Number.NEGATIVE_INFINITY;
  }

  private closeBin(track: Track, st: LoiterTrackState): void {
    const c = this.config;
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
    if (this.encounter.lastCloseT(track) >= st.bin * c.loiterBinMs) st.epPartnerBins++;
  }

  private closeEpisode(track: Track, st: LoiterTrackState): void {
    if (st.epBins === 0) return;
    const c = this.config;
    const hours = st.epBins;
    st.epBins = 0;
    const duration = st.epLastT - st.epFirstT;
    const shoreNm = st.epShoreSum / hours;
    if (duration < c.loiterMinMs || shoreNm < c.loiterMinShoreNm) return;
    if (st.epPartnerBins / hours > c.loiterMaxPartnerShare) return;
    if (this.shipClass.isServiceCraft(track.vessel)) return;
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
