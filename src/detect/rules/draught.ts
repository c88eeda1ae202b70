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
 *
 * A draught that alternates between two values (8.6 m, 11.2 m, 8.6 m, …) is one ship's two
 * transponders typed in differently, not cargo (issue 15): a change is held until the
 * vessel's next draught report, and emitted if that report keeps the new value (or says a
 * third one), or once `draughtConfirmMs` passes without one; a report back at the old
 * value drops it, and from then on changes between those two values are not reported.
 *
 * A change must be tied to a place and time to mean anything: "loaded somewhere at sea
 * between these fixes". When the vessel was silent for `draughtSilenceMs` or more between
 * the two reports, the change may have happened unseen; it is an event only if the ship
 * fell silent where the feed would have heard it (cargo taken in the dark, the pattern
 * sanctions analysts look for). A silence is unseen when the vessel was last heard
 * sailing out of everywhere the feed hears, or is first heard again sailing in from there
 * (out of the export's area or the receivers' range; the gap rule asks the first), or when
 * under `draughtMinCoverage` of its path had others
 * heard around it in its hours (a feed outage: engine/reception.ts), or when the others
 * heard around it fell silent with it (a regional dropout, judged as the gap rule does).
 * Such a silence hides a port call as readily as a transfer, so the change is tied to no
 * place and raises no event (issue 15: dprk-2019 seed 1 gave 300 events from ships
 * leaving an export clipped west of 119 E for Tianjin and coming back laden, 2 from
 * receiver dropouts). The bar is lower than the gap rule's 90 %: a dark transfer in thinly
 * sailed open sea is still cargo taken in the dark, though too thinly heard to be a gap.
 */
import type { Position, Static } from "../../model/records.js";
import { type DetectContext, type EventSpec, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import { rowPart } from "../engine/state-rows.js";
import type { Track, Vessel } from "../engine/track.js";
import { type GapDetector, gapRule } from "./gap.js";
import { type PortCallDetector, portCallRule } from "./port-call.js";

export const DRAUGHT_DETECTOR = "draught@4";

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

/** A draught event waiting for confirmation. */
interface HeldDraught {
  spec: EventSpec;
  change: PendingDraught;
  until: number;
}

/** Draughts closer than this are the same value (AIS gives draught to 0.1 m). */
const SAME_M = 0.05;
const same = (a: number, b: number): boolean => Math.abs(a - b) < SAME_M;

/**
 * A vessel's draught state: `draughtT` when the current draught was last reported, and
 * `draughtAtT` the time of the fix that places that report (its last fix, if recent); its
 * last fix; and its latest silence the feed could not have heard it through (unseen).
 */
const DRAUGHT_NUMBERS = [
  "draughtT",
  "draughtAtT",
  "fixT",
  "fixLat",
  "fixLon",
  "fixSog",
  "fixCog",
  "unseenT0",
  "unseenT1",
] as const;

/** Speed over ground above which a vessel's course says where it was going, kn (as the gap rule). */
const MOVING_KN = 1;

class DraughtVesselState extends rowPart(DRAUGHT_NUMBERS) {
  /** A draught change reported while the vessel was silent, judged at its next fix. */
  pending: PendingDraught | null = null;
  /** A change judged cargo, waiting for the next report to show it is not an alternation. */
  held: HeldDraught | null = null;
  /** The two values this vessel's draught alternates between, once seen doing so. */
  alternates: [number, number] | null = null;

  constructor(v: Vessel, at: number) {
    super(v, at);
    this.draughtT = Number.NEGATIVE_INFINITY;
    this.draughtAtT = Number.NEGATIVE_INFINITY;
    this.fixT = Number.NEGATIVE_INFINITY;
    this.unseenT0 = Number.NEGATIVE_INFINITY;
    this.unseenT1 = Number.NEGATIVE_INFINITY;
  }
}

/** The settings this rule reads (config.ts). */
export type DraughtConfig = ConfigSlice<
  | "draughtConfirmMs"
  | "draughtMinChangeM"
  | "draughtPortMarginM"
  | "draughtMinCoverage"
  | "draughtSilenceMs"
  | "evidenceMaxPoints"
  | "gapEdgeDeg"
  | "placeCheckMs"
>;

/** Reads the port-call rule's near-port times: list it after portCallRule. */
export const draughtRule: DetectorFactory = (ctx, built) =>
  new DraughtDetector(ctx, built.get(portCallRule), built.get(gapRule));

export class DraughtDetector implements Detector {
  private readonly config: DraughtConfig;
  private readonly state: Slot<DraughtVesselState>;
  private readonly at: number;
  /** Vessels holding a change, in the order it was held. */
  private held: DraughtVesselState[] = [];
  private readonly isSea = (lat: number, lon: number): boolean => !this.ctx.geography.isLand({ lat, lon });

  constructor(
    private readonly ctx: DetectContext,
    private readonly ports: PortCallDetector,
    private readonly gaps: GapDetector,
  ) {
    this.config = ctx.config;
    this.state = ctx.vesselSlot();
    this.at = ctx.vesselLayout.reserve(DRAUGHT_NUMBERS.length);
  }

  /** Judges `s` against the vessel's current draught, then adopts it. */
  onStatic(v: Vessel, s: Static, cloned: boolean): void {
    if (s.draught === null || s.draught <= 0) return;
    let st = this.state.get(v);
    if (st === null) {
      st = new DraughtVesselState(v, this.at);
      this.state.set(v, st);
    }
    const before = v.draught;
    if (st.held !== null) {
      const h = st.held;
      st.held = null;
      if (same(s.draught, h.change.before)) st.alternates = [h.change.before, h.change.after];
      else this.ctx.emit(h.spec);
    }
    if (st.pending !== null && same(s.draught, st.pending.before)) {
      st.alternates = [st.pending.before, st.pending.after];
      st.pending = null;
    }
    const alt = st.alternates;
    const alternating =
      alt !== null &&
      before !== null &&
      ((same(before, alt[0]) && same(s.draught, alt[1])) ||
        (same(before, alt[1]) && same(s.draught, alt[0])));
    if (alt !== null && !alternating && before !== null && !same(s.draught, before)) st.alternates = null;
    const sinceT = st.draughtT;
    const sinceAt = st.draughtAtT;
    const c = this.config;
    const track = v.latestTrack();
    v.draught = s.draught;
    this.reported(st, track, s.t);
    if (cloned || alternating || before === null || Math.abs(s.draught - before) < c.draughtMinChangeM - 1e-9)
      return;
    if (this.ports.nearPortT(v) >= sinceAt) return;
    const change = { before, after: s.draught, since: sinceT, t: s.t };
    if (track === null || s.t - track.lastT > MAX_FIX_AGE_MS) st.pending = change;
    else this.judge(v, track, change, track.lastLat, track.lastLon);
  }

  /**
   * The report before said this draught too: unless a change waits on this report (held
   * or pending), all it moves is when the draught was last reported.
   */
  onRepeatStatic(v: Vessel, s: Static, cloned: boolean): void {
    if (s.draught === null || s.draught <= 0) return;
    const st = this.state.get(v);
    if (st === null || st.held !== null || st.pending !== null) this.onStatic(v, s, cloned);
    else this.reported(st, v.latestTrack(), s.t);
  }

  /** The current draught reported at `t`: when, and the time of the fix that places it. */
  private reported(st: DraughtVesselState, track: Track | null, t: number): void {
    st.draughtT = t;
    // Near-port times are checked once per `placeCheckMs`: the last fix may be that much newer.
    st.draughtAtT =
      track !== null && t - track.lastT <= MAX_FIX_AGE_MS ? track.lastT - this.config.placeCheckMs : t;
  }

  /** Notes a silence the vessel was unseen in; judges a pending change where the vessel now is. */
  onFix(track: Track, p: Position): void {
    const v = track.vessel;
    const st = this.state.get(v);
    if (st === null) return;
    if (p.t - st.fixT >= this.config.draughtSilenceMs && this.unseen(track, st, p)) {
      st.unseenT0 = st.fixT;
      st.unseenT1 = p.t;
    }
    st.fixT = p.t;
    st.fixLat = p.lat;
    st.fixLon = p.lon;
    st.fixSog = p.sog ?? 0;
    st.fixCog = p.cog ?? Number.NaN;
    if (st.pending === null) return;
    const change = st.pending;
    st.pending = null;
    if (this.ports.nearPortT(v) >= change.t) return;
    this.judge(v, track, change, p.lat, p.lon);
  }

  /** True when the silence from the vessel's last fix to `p` could have hidden it from the feed. */
  private unseen(track: Track, st: DraughtVesselState, p: Position): boolean {
    if (st.fixT === Number.NEGATIVE_INFINITY) return false;
    const c = this.config;
    const rx = this.ctx.reception;
    if (st.fixSog >= MOVING_KN && !Number.isNaN(st.fixCog)) {
      if (rx.sailsOut(st.fixLat, st.fixLon, st.fixCog, c.gapEdgeDeg, this.isSea)) return true;
    }
    // back sailing in from where nothing is heard: it was out there
    if ((p.sog ?? 0) >= MOVING_KN && p.cog !== null) {
      if (rx.sailsOut(p.lat, p.lon, (p.cog + 180) % 360, c.gapEdgeDeg, this.isSea)) return true;
    }
    const heard = rx.judge(st.fixT, st.fixLat, st.fixLon, p.t, p.lat, p.lon);
    if (heard !== null && heard.coverage < c.draughtMinCoverage) return true;
    // the receivers around it failed: the others heard there fell silent with it
    return this.gaps.inDropout(track.mmsi, st.fixT, st.fixLat, st.fixLon, p);
  }

  private judge(v: Vessel, track: Track, change: PendingDraught, lat: number, lon: number): void {
    const c = this.config;
    if (this.ctx.portIndex.within(lat, lon, c.draughtPortMarginM) !== null) return;
    const st = this.state.get(v);
    // unseen between the two reports: the change is tied to no place
    if (st === null || (st.unseenT0 < change.t && st.unseenT1 > change.since)) return;
    const evidence = track.trail.slice(change.t - 6 * 3_600_000, change.t, c.evidenceMaxPoints - 1, v.mmsi);
    evidence.push([track.lastT, track.lastLat, track.lastLon, track.lastSog, v.mmsi]);
    st.held = { spec: this.spec(v, change, evidence), change, until: change.t + c.draughtConfirmMs };
    this.held.push(st);
  }

  /** Emits the held changes no report has contradicted within `draughtConfirmMs` (all at +∞). */
  onTick(now: number): void {
    if (!this.held.some((st) => st.held === null || st.held.until <= now)) return;
    const keep: DraughtVesselState[] = [];
    for (const st of this.held) {
      if (st.held === null) continue;
      if (st.held.until > now) keep.push(st);
      else {
        this.ctx.emit(st.held.spec);
        st.held = null;
      }
    }
    this.held = keep;
  }

  onFinish(): void {
    this.onTick(Number.POSITIVE_INFINITY);
  }

  private spec(v: Vessel, change: PendingDraught, evidence: EventSpec["evidence"]): EventSpec {
    return {
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
    };
  }
}
