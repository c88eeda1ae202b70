/**
 * Identity. Rules, each an event of kind `identity` with attribute `type`:
 * - `change`: a vessel (MMSI) reports a new name, callsign, IMO or ship type after an
 *   earlier different non-empty value (names compared after normalising case, spaces
 *   and '@' padding).
 * - `imo_invalid`: a number that looks like a ship's IMO number (imoLike: 7 digits from
 *   5000000, not one digit repeated) that fails its check digit (first time per MMSI and
 *   IMO): a claim to an IMO number that no ship holds. Any other value is no such claim
 *   and no event (issue 15: on US data 135 of 148 were placeholders, US Coast Guard
 *   official numbers and run-together digits on domestic tugs, towboats and fishing boats).
 * - `mmsi_change`: an IMO seen before under another MMSI that has fallen silent (new
 *   MMSI, often a new flag: `flagFrom`/`flagTo` from the MIDs).
 * - `imo_shared`: one IMO on two MMSIs both heard within `imoSharedWindowMs`, unless
 *   the two give the same name at one place (fixes within `imoSamePlaceM` and
 *   `imoSamePlaceMs`): that is one vessel's two transponders (a yacht's class A and class
 *   B unit) telling the same identity, not a clone. A new MMSI under a new name at the
 *   old one's berth is a reflag and is reported.
 * A placeholder IMO never pairs vessels: one failing its check digit (1, 111: typed
 * defaults) gives no pairs at all, and one held by more than `imoMaxHolders` MMSIs (a
 * default that passes it, like 1234567) has the pairs already reported retracted and
 * gives no more. What has been reported is kept with the vessel and the IMO's holders, and
 * forgotten with them (`evict`), so memory follows the vessels active, not history.
 * A static report has no position: each event is placed at the vessel's fix nearest in
 * time to the report, waiting up to `identityPlaceWaitMs` for a fix after it; failing a
 * confirmed fix, at its latest fix on a track not confirmed (a file of minutes, as the
 * AMSA sample, confirms none); a vessel with no fix in reach has an explicit null place,
 * never (0, 0).
 * Changes on an MMSI that currently carries two ships (a clone, see spoofing) are the
 * two ships' identities alternating and are not reported as changes.
 */

import { distanceM } from "../../geo/distance.js";
import type { EvidencePoint } from "../../model/event.js";
import { imoLike, imoValid } from "../../model/imo.js";
import { flagOfMmsi } from "../../model/mid.js";
import type { Position, Static } from "../../model/records.js";
import type { DetectContext, EventSpec } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import type { Track, Vessel } from "../engine/track.js";

export const IDENTITY_DETECTOR = "identity@2";

/** Upper case, '@' padding and repeated spaces removed; null when nothing is left. */
export function normaliseText(s: string | null): string | null {
  if (s === null) return null;
  if (isNormal(s)) return s;
  const n = s.replace(/@/g, " ").trim().replace(/\s+/g, " ").toUpperCase();
  return n === "" ? null : n;
}

/**
 * Fast path (profile: the regular expressions on every static report): true when
 * normaliseText would return `s` unchanged, i.e. it is non-empty printable ASCII without
 * '@' or lower case letters, and its spaces are single and inside.
 */
function isNormal(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 64 || (c >= 97 && c <= 122) || (c === 32 && prev === 32)) return false;
    prev = c;
  }
  return true;
}

export interface ImoHolder {
  mmsi: number;
  imo: number;
  lastT: number;
  /** The holders (MMSIs) this one has been reported with. */
  pairedWith: number[];
}

/** An event waiting for the vessel's fix nearest in time to its report. */
interface Unplaced {
  spec: EventSpec;
  mmsi: number;
  /** The vessel's last fix when the report came, if any. */
  before: EvidencePoint | null;
  /** Placed now with `before` (or null): no later fix can be nearer, or none came in time. */
  deadline: number;
  /** Emitted (placed), or dropped unplaced because its IMO turned out a placeholder. */
  placed: boolean;
  dropped: boolean;
}

/** What the rule keeps per vessel. */
class IdentityVesselState {
  /** This vessel's entry among the holders of the IMO it last reported. */
  imoHolder: ImoHolder | null = null;
  /** Failing IMOs already reported for this MMSI. */
  readonly invalidImos: number[] = [];
  /** Events of this vessel waiting for a place. */
  unplaced: Unplaced[] = [];
}

/** The settings this rule reads (config.ts). */
export type IdentityConfig = ConfigSlice<
  "identityPlaceWaitMs" | "imoMaxHolders" | "imoSamePlaceM" | "imoSamePlaceMs" | "imoSharedWindowMs"
>;

export const identityRule: DetectorFactory = (ctx) => new IdentityDetector(ctx);

export class IdentityDetector implements Detector {
  private readonly config: IdentityConfig;
  private readonly holders = new Map<number, ImoHolder[]>();
  /** The pair events of each IMO with holders, to retract should it turn out a placeholder. */
  private readonly pairs = new Map<number, Unplaced[]>();
  /** Events waiting for a place, in the order their reports came. */
  private unplaced: Unplaced[] = [];
  private readonly state: Slot<IdentityVesselState>;

  constructor(private readonly ctx: DetectContext) {
    this.config = ctx.config;
    this.state = ctx.vesselSlot();
  }

  private stateOf(v: Vessel): IdentityVesselState {
    let st = this.state.get(v);
    if (st === null) {
      st = new IdentityVesselState();
      this.state.set(v, st);
    }
    return st;
  }

  /** Judges `s` against the vessel's current identity, then adopts its values. */
  onStatic(v: Vessel, s: Static, cloned: boolean): void {
    const name = normaliseText(s.name);
    const callsign = normaliseText(s.callsign);
    const imo = s.imo !== null && s.imo > 0 ? s.imo : null;
    const shipType = s.shipType !== null && s.shipType > 0 ? s.shipType : null;
    const before = { name: v.name, callsign: v.callsign, imo: v.imo, shipType: v.shipType };
    // Adopt first, so events name the vessel as it now calls itself.
    if (name !== null) v.name = name;
    if (callsign !== null) v.callsign = callsign;
    if (shipType !== null) v.shipType = shipType;
    if (imo !== null) v.imo = imo;
    if (!cloned) {
      this.change(v, s.t, "name", before.name, name);
      this.change(v, s.t, "callsign", before.callsign, callsign);
      this.change(v, s.t, "imo", before.imo, imo);
      this.change(v, s.t, "shipType", before.shipType, shipType);
    }
    if (imo === null) return;
    const st = this.stateOf(v);
    if (imoLike(imo) && !imoValid(imo) && !st.invalidImos.includes(imo)) {
      st.invalidImos.push(imo);
      this.emit(v, s.t, { type: "imo_invalid", imo }, [v.mmsi], "imo_invalid");
    }
    this.imoHolders(v, st, s.t, imo);
  }

  /**
   * The report before said the same: the names, types and IMO are adopted and judged
   * already, so all it moves is when the vessel was last heard under its IMO.
   */
  onRepeatStatic(v: Vessel, s: Static, cloned: boolean): void {
    if (s.imo === null || s.imo <= 0) return;
    const holder = this.state.get(v)?.imoHolder;
    if (holder != null && holder.imo === s.imo) holder.lastT = s.t;
    else this.onStatic(v, s, cloned);
  }

  private change(
    v: Vessel,
    t: number,
    field: string,
    from: string | number | null,
    to: string | number | null,
  ): void {
    if (from === null || to === null || from === to) return;
    this.emit(v, t, { type: "change", field, from, to }, [v.mmsi], field);
  }

  private imoHolders(v: Vessel, st: IdentityVesselState, t: number, imo: number): void {
    // Fast path (profile: the per-IMO map and list search on every static report): the
    // vessel's own entry for the IMO it reported last time.
    if (st.imoHolder !== null && st.imoHolder.imo === imo) {
      st.imoHolder.lastT = t;
      return;
    }
    let list = this.holders.get(imo);
    if (list === undefined) {
      list = [];
      this.holders.set(imo, list);
    }
    let mine = list.find((h) => h.mmsi === v.mmsi);
    if (mine === undefined) {
      mine = { mmsi: v.mmsi, imo, lastT: t, pairedWith: [] };
      // A placeholder's later holders are not listed, so never paired.
      if (list.length < this.config.imoMaxHolders) {
        if (imoValid(imo)) this.pair(v, t, list, mine);
        else list.push(mine);
      } else this.retractPairs(imo);
    }
    mine.lastT = t;
    st.imoHolder = mine;
  }

  /** Reports the new holder `mine` with each listed one not reported with it before, and lists it. */
  private pair(v: Vessel, t: number, list: ImoHolder[], mine: ImoHolder): void {
    for (const other of list) {
      if (other.pairedWith.includes(v.mmsi)) continue;
      other.pairedWith.push(v.mmsi);
      mine.pairedWith.push(other.mmsi);
      const otherLast = Math.max(other.lastT, this.ctx.vessels.get(other.mmsi)?.lastT ?? other.lastT);
      const shared = t - otherLast <= this.config.imoSharedWindowMs;
      // judged now too: a class B heard a few times has no confirmed track to place the event later
      if (shared && this.twoTransponders([other.mmsi, v.mmsi], null)) continue;
      const attrs = {
        type: shared ? "imo_shared" : "mmsi_change",
        imo: mine.imo,
        mmsiFrom: other.mmsi,
        mmsiTo: v.mmsi,
        flagFrom: flagOfMmsi(other.mmsi),
        flagTo: flagOfMmsi(v.mmsi),
      };
      const u = this.emit(v, t, attrs, [other.mmsi, v.mmsi], attrs.type);
      const known = this.pairs.get(mine.imo);
      if (known === undefined) this.pairs.set(mine.imo, [u]);
      else known.push(u);
    }
    list.push(mine);
  }

  /** `imo` is a placeholder: its pairs are not one ship under two MMSIs. */
  private retractPairs(imo: number): void {
    const known = this.pairs.get(imo);
    if (known === undefined) return;
    this.pairs.delete(imo);
    for (const u of known) {
      // placed already (emitted final): the same event again, retracted
      if (u.placed && !u.dropped) this.ctx.emit({ ...u.spec, status: "retracted" });
      u.dropped = true;
    }
  }

  /** Forgets the IMO holders last heard before `limit` whose vessels are forgotten too. */
  onEvict(limit: number): void {
    // Hand-written hot path (profile, real US sample: a new list per IMO every hour, then an
    // entry array and a closure per IMO every hour, 4 % of the CPU): most lose nobody.
    this.holders.forEach((list, imo) => {
      if (list.length > 0 && heardSince(list, limit)) return;
      const kept = list.filter((h) => h.lastT >= limit || this.ctx.vessels.has(h.mmsi));
      if (kept.length === 0) {
        this.holders.delete(imo);
        this.pairs.delete(imo);
      } else if (kept.length < list.length) this.holders.set(imo, kept);
    });
    // the forgotten vessels' events: no fix will come
    this.placeDue(Number.POSITIVE_INFINITY, (u) => !this.ctx.vessels.has(u.mmsi));
  }

  private emit(
    v: Vessel,
    t: number,
    attributes: Record<string, string | number | null>,
    mmsis: number[],
    discriminator: string,
  ): Unplaced {
    const track = v.latestTrack();
    const before: EvidencePoint | null =
      track === null ? null : [track.lastT, track.lastLat, track.lastLon, track.lastSog, v.mmsi];
    const spec: EventSpec = {
      kind: "identity",
      detector: IDENTITY_DETECTOR,
      status: "final",
      start: t,
      end: t,
      mmsis,
      attributes,
      evidence: [],
      discriminator,
      at: null,
    };
    // a fix after the report can be nearer only until as long after it as `before` was before it
    const wait =
      before === null
        ? this.config.identityPlaceWaitMs
        : Math.min(t - before[0], this.config.identityPlaceWaitMs);
    const u: Unplaced = { spec, mmsi: v.mmsi, before, deadline: t + wait, placed: false, dropped: false };
    if (wait <= 0) this.place(u, before);
    else {
      this.unplaced.push(u);
      this.stateOf(v).unplaced.push(u);
    }
    return u;
  }

  /** Emits `u` at `fix` (its evidence), or with a null place; drops an IMO "shared" at one place. */
  private place(u: Unplaced, fix: EvidencePoint | null): void {
    if (u.placed || u.dropped) return;
    if (u.spec.attributes.type === "imo_shared" && this.twoTransponders(u.spec.mmsis, fix)) {
      u.dropped = true;
      return;
    }
    u.placed = true;
    const at = fix ?? this.unconfirmedFix(u);
    if (at !== null) u.spec.evidence = [at];
    this.ctx.emit(u.spec);
  }

  /** The vessel's latest fix on a track never confirmed, if within the wait of the report (a short file, a class B heard twice). */
  private unconfirmedFix(u: Unplaced): EvidencePoint | null {
    const v = this.ctx.vessels.get(u.mmsi);
    let best: Track | null = null;
    for (const t of v?.tracks ?? []) if (best === null || t.lastT > best.lastT) best = t;
    if (best === null || Math.abs(best.lastT - u.spec.start) > this.config.identityPlaceWaitMs) return null;
    return [best.lastT, best.lastLat, best.lastLon, best.lastSog, u.mmsi];
  }

  /**
   * True when the pair `[other, mine]` give one name and were last heard at one place:
   * `mine` at `fix` (or, unplaced, at its latest fix on any track, confirmed or not).
   */
  private twoTransponders([otherMmsi, mmsi]: number[], fix: EvidencePoint | null): boolean {
    const vessel = this.ctx.vessels.get(otherMmsi);
    const mine = this.ctx.vessels.get(mmsi);
    if (vessel === undefined || mine === undefined || mine.name === null || vessel.name !== mine.name)
      return false;
    const other = lastHeard(vessel);
    const here = fix !== null ? { lastT: fix[0], lastLat: fix[1], lastLon: fix[2] } : lastHeard(mine);
    const c = this.config;
    return (
      other !== null &&
      here !== null &&
      Math.abs(other.lastT - here.lastT) <= c.imoSamePlaceMs &&
      distanceM(other.lastLat, other.lastLon, here.lastLat, here.lastLon) <= c.imoSamePlaceM
    );
  }

  /** A fix of a vessel with events waiting: each is placed at this fix or the one before, the nearer in time. */
  onFix(track: Track, p: Position): void {
    const st = this.state.get(track.vessel);
    if (st === null || st.unplaced.length === 0) return;
    const waiting = st.unplaced;
    st.unplaced = [];
    const fix: EvidencePoint = [p.t, p.lat, p.lon, p.sog, p.mmsi];
    for (const u of waiting) {
      const t = u.spec.start;
      this.place(u, u.before !== null && t - u.before[0] <= p.t - t ? u.before : fix);
    }
    this.unplaced = this.unplaced.filter((u) => !u.placed && !u.dropped);
  }

  /** Places the events no later fix can place any more. */
  onTick(s: number): void {
    this.placeDue(s, () => true);
  }

  onFinish(): void {
    this.placeDue(Number.POSITIVE_INFINITY, () => true);
  }

  /** Places, at their fix before or null, the waiting events due by `now` that `which` selects. */
  private placeDue(now: number, which: (u: Unplaced) => boolean): void {
    if (!this.unplaced.some((u) => u.deadline <= now && which(u))) return;
    const keep: Unplaced[] = [];
    for (const u of this.unplaced) {
      if (u.placed || u.dropped) continue;
      if (u.deadline > now || !which(u)) {
        keep.push(u);
        continue;
      }
      this.place(u, u.before);
      const v = this.ctx.vessels.get(u.mmsi);
      const st = v === undefined ? null : this.state.get(v);
      if (st !== null) st.unplaced = st.unplaced.filter((w) => w !== u);
    }
    this.unplaced = keep;
  }
}

/** True when every holder of `list` was heard at `limit` or later. */
function heardSince(list: readonly ImoHolder[], limit: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].lastT < limit) return false;
  return true;
}

/** The vessel's track heard last, confirmed or not (a class B heard a few times has no confirmed one). */
function lastHeard(v: Vessel): Track | null {
  let best: Track | null = null;
  for (const t of v.tracks) if (!t.dead && (best === null || t.lastT > best.lastT)) best = t;
  return best;
}
