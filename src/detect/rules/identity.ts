/**
 * Identity. Rules, each an event of kind `identity` with attribute `type`:
 * - `change`: a vessel (MMSI) reports a new name, callsign, IMO or ship type after an
 *   earlier different non-empty value (names compared after normalising case, spaces
 *   and '@' padding).
 * - `imo_invalid`: an IMO number that fails its check digit (first time per MMSI and IMO).
 * - `mmsi_change`: an IMO seen before under another MMSI that has fallen silent (new
 *   MMSI, often a new flag: `flagFrom`/`flagTo` from the MIDs).
 * - `imo_shared`: one IMO on two MMSIs both heard within `imoSharedWindowMs`.
 * An IMO held by more than `imoMaxHolders` MMSIs is a placeholder: later holders are not
 * paired. What has been reported is kept with the vessel and the IMO's holders, and
 * forgotten with them (`evict`), so memory follows the vessels active, not history.
 * Changes on an MMSI that currently carries two ships (a clone, see spoofing) are the
 * two ships' identities alternating and are not reported as changes.
 */

import { imoValid } from "../../model/imo.js";
import { flagOfMmsi } from "../../model/mid.js";
import type { Static } from "../../model/records.js";
import type { DetectContext } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import type { Vessel } from "../engine/track.js";

export const IDENTITY_DETECTOR = "identity@1";

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

/** What the rule keeps per vessel. */
class IdentityVesselState {
  /** This vessel's entry among the holders of the IMO it last reported. */
  imoHolder: ImoHolder | null = null;
  /** Failing IMOs already reported for this MMSI. */
  readonly invalidImos: number[] = [];
}

/** The settings this rule reads (config.ts). */
export type IdentityConfig = ConfigSlice<"imoMaxHolders" | "imoSharedWindowMs">;

export const identityRule: DetectorFactory = (ctx) => new IdentityDetector(ctx);

export class IdentityDetector implements Detector {
  private readonly config: IdentityConfig;
  private readonly holders = new Map<number, ImoHolder[]>();
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
    if (!imoValid(imo) && !st.invalidImos.includes(imo)) {
      st.invalidImos.push(imo);
      this.emit(v, s.t, { type: "imo_invalid", imo }, [v.mmsi], "imo_invalid");
    }
    this.imoHolders(v, st, s.t, imo);
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
      if (list.length < this.config.imoMaxHolders) this.pair(v, t, list, mine);
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
      const attrs = {
        type: shared ? "imo_shared" : "mmsi_change",
        imo: mine.imo,
        mmsiFrom: other.mmsi,
        mmsiTo: v.mmsi,
        flagFrom: flagOfMmsi(other.mmsi),
        flagTo: flagOfMmsi(v.mmsi),
      };
      this.emit(v, t, attrs, [other.mmsi, v.mmsi], attrs.type);
    }
    list.push(mine);
  }

  /** Forgets the IMO holders last heard before `limit` whose vessels are forgotten too. */
  onEvict(limit: number): void {
    for (const [imo, list] of this.holders) {
      const kept = list.filter((h) => h.lastT >= limit || this.ctx.vessels.has(h.mmsi));
      if (kept.length === 0) this.holders.delete(imo);
      else if (kept.length < list.length) this.holders.set(imo, kept);
    }
  }

  private emit(
    v: Vessel,
    t: number,
    attributes: Record<string, string | number | null>,
    mmsis: number[],
    discriminator: string,
  ): void {
    const track = v.latestTrack();
    this.ctx.emit({
      kind: "identity",
      detector: IDENTITY_DETECTOR,
      status: "final",
      start: t,
      end: t,
      mmsis,
      attributes,
      evidence: track === null ? [] : [[track.lastT, track.lastLat, track.lastLon, track.lastSog, v.mmsi]],
      discriminator,
    });
  }
}
