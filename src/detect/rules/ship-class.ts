/**
 * Which vessels are service craft rather than transfer candidates, from their static
 * reports: a tug, pilot boat, port tender, yacht or passenger ship alongside another ship
 * is its work, not a ship-to-ship transfer (`encounterServiceTypes`, config.ts). Types
 * are self-declared, so a vessel stays a candidate when what it says contradicts itself:
 * it has broadcast more than one type, or its length is beyond any ship of its type.
 * Emits nothing; the pair rule asks `isServiceCraft`.
 */
import type { Static } from "../../model/records.js";
import type { DetectContext } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import type { Vessel } from "../engine/track.js";

/** What a vessel has said about its type and size. */
class ShipClassState {
  /** The type it broadcasts (null until a non-zero one). */
  type: number | null = null;
  /** It has broadcast two different types. */
  typeChanged = false;
  /** Bow plus stern, m (null until both are reported). */
  lengthM: number | null = null;
  /** What isServiceCraft answers, decided at each static report (the pair rule asks at every slice). */
  service = false;
}

/** The settings this rule reads (config.ts). */
export type ShipClassConfig = ConfigSlice<"encounterServiceTypes">;

export const shipClassRule: DetectorFactory<ShipClassDetector> = (ctx) => new ShipClassDetector(ctx);

export class ShipClassDetector implements Detector {
  private readonly config: ShipClassConfig;
  private readonly state: Slot<ShipClassState>;

  constructor(ctx: DetectContext) {
    this.config = ctx.config;
    this.state = ctx.vesselSlot();
  }

  onStatic(v: Vessel, s: Static): void {
    const type = s.shipType !== null && s.shipType > 0 ? s.shipType : null;
    const length =
      s.toBow !== null && s.toStern !== null && s.toBow + s.toStern > 0 ? s.toBow + s.toStern : null;
    if (type === null && length === null) return;
    let st = this.state.get(v);
    if (st === null) {
      st = new ShipClassState();
      this.state.set(v, st);
    }
    if (type !== null) {
      if (st.type !== null && st.type !== type) st.typeChanged = true;
      st.type = type;
    }
    if (length !== null) st.lengthM = length;
    st.service = this.service(st);
  }

  /** The same type and size again decide the same: nothing to do. */
  onRepeatStatic(): void {}

  /** True when `v` is a service craft by its consistent type and size (config.ts, encounterServiceTypes). */
  isServiceCraft(v: Vessel): boolean {
    return this.state.get(v)?.service ?? false;
  }

  private service(st: ShipClassState): boolean {
    if (st.type === null || st.typeChanged) return false;
    // Fast path (profile, real US sample: a static report per position, and iterating and
    // destructuring these frozen rows was a fifth of the static reports' work): indexes.
    const types = this.config.encounterServiceTypes;
    for (let i = 0; i < types.length; i++) {
      const r = types[i];
      if (st.type >= r[0] && st.type <= r[1]) return st.lengthM === null || st.lengthM <= r[2];
    }
    return false;
  }
}
