/**
 * Encounter (ship-to-ship transfer candidate). Rule: two vessels' latest fixes lie within
 * `encounterMaxDistM` (500 m, GFW) of each other at every time slice (10 min) for at
 * least `encounterMinMs` (2 h, GFW), breaks of up to `encounterMaxBreakMs` bridged, within
 * `encounterAlongsideM` (250 m) at least once (a transfer is made moored alongside), with
 * the median speed of both below `encounterMaxMedianSpeedKn` (2 kn, GFW), and at least
 * `encounterMinPortDistM` (10 km, GFW) beyond every harbour: the profile's and the world's
 * ports and the anchorages learned from the data (ctx.harbours). Both vessels must be
 * transfer candidates: service craft (tugs, pilots, passenger ships, yachts; ship-class.ts)
 * alongside a ship are at work.
 * Pairs come from a spatial hash of slow vessels at each slice: only vessels in
 * neighbouring cells are compared, never all pairs. The event is emitted `open` as soon
 * as the rule is met and `final` (or `retracted`) when the pair separates. Time slices
 * run continuously, so an encounter crossing midnight UTC is one event. A meeting through
 * a shared silence is one meeting: when both ships fall silent together, slow and
 * alongside, the pair is held (up to `encounterMaxDarkMs`) and continues if both reappear
 * alongside where they fell silent (as far as a slow drift takes them) and the feed kept
 * hearing others meanwhile (reception.ts, as for a gap); its dark hours are
 * evidence (a transfer that goes dark is more suspicious, not less).
 */
import { distanceM, METRES_PER_NM } from "../../geo/distance.js";
import type { EvidencePoint } from "../../model/event.js";
import { flagOfMmsi } from "../../model/mid.js";
import { median } from "../../util/median.js";
import { type DetectContext, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import { registryOrder } from "../engine/recent-tracks.js";
import type { Slot } from "../engine/slot.js";
import type { Track } from "../engine/track.js";
import { thin } from "../engine/trail.js";
import { type ShipClassDetector, shipClassRule } from "./ship-class.js";

export const ENCOUNTER_DETECTOR = "encounter@1";

const METRES_PER_DEG_LAT = 111_195;

class EncounterTrackState {
  lastCloseT = Number.NEGATIVE_INFINITY;
}

interface Pair {
  a: Track;
  b: Track;
  firstT: number;
  lastT: number;
  dists: number[];
  /** The least of `dists`. */
  minDist: number;
  speeds: number[];
  evidence: EvidencePoint[];
  draughtBefore: [number | null, number | null];
  opened: boolean;
  /** Held through a shared silence: where each ship fell silent, and when the first reappeared. */
  dark: { from: number; aLat: number; aLon: number; bLat: number; bLon: number; backT: number } | null;
  /** The silences the encounter continued through: from the later ship's last fix to the earlier one's return. */
  darkSpans: [number, number][];
}

const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");

/** Order of tracks within a pair: by MMSI, then track index. */
function before(a: Track, b: Track): boolean {
  return a.mmsi !== b.mmsi ? a.mmsi < b.mmsi : a.index < b.index;
}

/** The settings this rule reads (config.ts). */
export type EncounterConfig = ConfigSlice<
  | "encounterAlongsideM"
  | "encounterMaxBreakMs"
  | "encounterMaxDarkMs"
  | "encounterMaxDistM"
  | "encounterMaxFixAgeMs"
  | "encounterMaxMedianSpeedKn"
  | "encounterMinMs"
  | "encounterMinPortDistM"
  | "encounterSliceSpeedKn"
  | "evidenceMaxPoints"
>;

/** Reads the ship classes: list it after shipClassRule. */
export const encounterRule: DetectorFactory<EncounterDetector> = (ctx, built) =>
  new EncounterDetector(ctx, built.get(shipClassRule));

export class EncounterDetector implements Detector {
  private readonly config: EncounterConfig;
  private readonly pairs = new Map<string, Pair>();
  private readonly cellDeg: number;
  private readonly state: Slot<EncounterTrackState>;

  constructor(
    private readonly ctx: DetectContext,
    private readonly shipClass: ShipClassDetector,
  ) {
    this.config = ctx.config;
    this.cellDeg = this.config.encounterMaxDistM / METRES_PER_DEG_LAT;
    this.state = ctx.trackSlot();
  }

  /** The last slice at which `track` lay alongside another (−∞ if never). */
  lastCloseT(track: Track): number {
    return this.state.get(track)?.lastCloseT ?? Number.NEGATIVE_INFINITY;
  }

  /** One time slice at `s`: bucket slow candidate vessels away from harbours, pair neighbours, advance pair episodes. */
  onTick(s: number): void {
    const c = this.config;
    const cells = new Map<number, Track[]>();
    const cols = Math.ceil(360 / this.cellDeg) + 1;
    // the tracks heard within the fix age (not every vessel remembered), those kept in the
    // registry's order: the order pairs are met in, and so events are emitted in
    const kept: Track[] = [];
    for (const t of this.ctx.recent.since(s - c.encounterMaxFixAgeMs)) {
      if (!t.established || t.dead || s - t.lastT > c.encounterMaxFixAgeMs) continue;
      if ((t.lastSog ?? 0) > c.encounterSliceSpeedKn) continue;
      if (this.shipClass.isServiceCraft(t.vessel)) continue;
      if (this.ctx.harbours.within(t.lastLat, t.lastLon, c.encounterMinPortDistM) !== null) continue;
      kept.push(t);
    }
    for (const t of kept.sort(registryOrder)) {
      const id =
        Math.floor((t.lastLat + 90) / this.cellDeg) * cols + Math.floor((t.lastLon + 180) / this.cellDeg);
      const list = cells.get(id);
      if (list) list.push(t);
      else cells.set(id, [t]);
    }
    const hit = new Set<string>();
    for (const [id, list] of cells) {
      const row = Math.floor(id / cols);
      const col = id - row * cols;
      const lat = (row + 0.5) * this.cellDeg - 90;
      const span = Math.ceil(1 / Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -span; dc <= span; dc++) {
          const other = cells.get((row + dr) * cols + col + dc);
          if (other === undefined) continue;
          for (const a of list) {
            for (const b of other) {
              if (a.mmsi === b.mmsi || !before(a, b)) continue;
              const d = distanceM(a.lastLat, a.lastLon, b.lastLat, b.lastLon);
              if (d <= c.encounterMaxDistM) this.hit(s, a, b, d, hit);
            }
          }
        }
      }
    }
    for (const [key, p] of this.pairs) {
      if (!hit.has(key) && s - p.lastT > c.encounterMaxBreakMs && !this.holdDark(p, s)) {
        this.pairs.delete(key);
        this.close(p);
      }
    }
  }

  /**
   * True while a pair apart for longer than a break is in a shared silence: both ships
   * fell silent together (alongside and slow at their last fixes) and neither has been
   * back for more than a break; at most `encounterMaxDarkMs` since the pair's last slice.
   */
  private holdDark(p: Pair, s: number): boolean {
    const c = this.config;
    const { a, b } = p;
    if (a.dead || b.dead || s - p.lastT > c.encounterMaxDarkMs || !this.ctx.reception.feedUp(s)) return false;
    // fresh: heard within encounterMaxFixAgeMs (as the pair finder takes a fix)
    const aFresh = s - a.lastT <= c.encounterMaxFixAgeMs;
    const bFresh = s - b.lastT <= c.encounterMaxFixAgeMs;
    if (p.dark === null) {
      const slow =
        (a.lastSog ?? 0) <= c.encounterMaxMedianSpeedKn && (b.lastSog ?? 0) <= c.encounterMaxMedianSpeedKn;
      if (aFresh || bFresh || !slow) return false;
      if (distanceM(a.lastLat, a.lastLon, b.lastLat, b.lastLon) > c.encounterMaxDistM) return false;
      p.dark = {
        from: Math.max(a.lastT, b.lastT),
        aLat: a.lastLat,
        aLon: a.lastLon,
        bLat: b.lastLat,
        bLon: b.lastLon,
        backT: Number.NaN,
      };
      return true;
    }
    if (Number.isNaN(p.dark.backT)) {
      if (!aFresh && !bFresh) return true;
      p.dark.backT = s;
    }
    return s - p.dark.backT <= c.encounterMaxBreakMs;
  }

  /**
   * True when both ships of a pair held dark are back where they fell silent, slow: each
   * within `encounterMaxDistM` of that place, or as far as it could drift at the
   * encounter's speed (`encounterMaxMedianSpeedKn`) in the silence.
   */
  private backInPlace(p: Pair, s: number): boolean {
    const c = this.config;
    const d = p.dark;
    if (d === null) return false;
    const { a, b } = p;
    const reach = Math.max(
      c.encounterMaxDistM,
      ((s - p.lastT) / 3_600_000) * c.encounterMaxMedianSpeedKn * METRES_PER_NM,
    );
    const slow = (t: Track) => (t.lastSog ?? 0) <= c.encounterMaxMedianSpeedKn;
    if (!slow(a) || !slow(b)) return false;
    if (distanceM(a.lastLat, a.lastLon, d.aLat, d.aLon) > reach) return false;
    if (distanceM(b.lastLat, b.lastLon, d.bLat, d.bLon) > reach) return false;
    // a silence the feed heard through, as for a gap: not the hole of an export, not an outage
    const heard = this.ctx.reception.judge(d.from, d.aLat, d.aLon, s, a.lastLat, a.lastLon);
    return heard === null || heard.heard;
  }

  /** Closes every pair (end of the stream). */
  onStreamEnd(): void {
    const open = [...this.pairs.values()];
    this.pairs.clear();
    for (const p of open) this.close(p);
  }

  private hit(s: number, a: Track, b: Track, d: number, hit: Set<string>): void {
    const key = `${a.key}|${b.key}`;
    hit.add(key);
    let p = this.pairs.get(key);
    if (p?.dark) {
      // back from a shared silence: the same meeting if both are where they were
      if (this.backInPlace(p, s)) {
        const from = p.dark.from;
        const back = (t: Track) => t.trail.slice(from + 1, s, 2, t.mmsi)[0]?.[0] ?? s;
        p.darkSpans.push([from, Math.min(back(a), back(b))]);
        p.dark = null;
      } else {
        this.pairs.delete(key);
        this.close(p);
        p = undefined;
      }
    }
    if (p === undefined) {
      p = {
        a,
        b,
        firstT: s,
        lastT: s,
        dists: [],
        minDist: Number.POSITIVE_INFINITY,
        speeds: [],
        evidence: [],
        draughtBefore: [a.vessel.draught, b.vessel.draught],
        opened: false,
        dark: null,
        darkSpans: [],
      };
      this.pairs.set(key, p);
    }
    p.lastT = s;
    p.dists.push(d);
    if (d < p.minDist) p.minDist = d;
    p.speeds.push(a.lastSog ?? 0, b.lastSog ?? 0);
    p.evidence.push(
      [a.lastT, a.lastLat, a.lastLon, a.lastSog, a.mmsi],
      [b.lastT, b.lastLat, b.lastLon, b.lastSog, b.mmsi],
    );
    this.closeAt(a, s);
    this.closeAt(b, s);
    if (!p.opened && this.met(p)) {
      p.opened = true;
      this.emit(p, "open");
    }
  }

  /**
   * Whether a pair's episode so far is an encounter: long enough, slow, and alongside at
   * least once (`encounterAlongsideM`): two ships that never came closer each lay at their
   * own anchor or drifted near each other, as a queue at an anchorage does.
   */
  private met(p: Pair): boolean {
    const c = this.config;
    return (
      p.lastT - p.firstT >= c.encounterMinMs &&
      median(p.speeds) < c.encounterMaxMedianSpeedKn &&
      p.minDist <= c.encounterAlongsideM
    );
  }

  private closeAt(track: Track, s: number): void {
    let st = this.state.get(track);
    if (st === null) {
      st = new EncounterTrackState();
      this.state.set(track, st);
    }
    st.lastCloseT = s;
  }

  private close(p: Pair): void {
    if (this.met(p)) this.emit(p, "final");
    else if (p.opened) this.emit(p, "retracted");
  }

  private emit(p: Pair, status: "open" | "final" | "retracted"): void {
    const c = this.config;
    const { a, b } = p;
    const evidence = thin(p.evidence, c.evidenceMaxPoints - (c.evidenceMaxPoints % 2));
    this.ctx.emit({
      kind: "encounter",
      detector: ENCOUNTER_DETECTOR,
      status,
      start: p.firstT,
      end: p.lastT,
      mmsis: [a.mmsi, b.mmsi],
      attributes: {
        durationH: round((p.lastT - p.firstT) / 3_600_000, 2),
        minDistanceM: round(p.minDist, 0),
        medianDistanceM: round(median(p.dists), 0),
        medianSpeedKn: round(median(p.speeds), 2),
        shipTypes: [a.vessel.shipType, b.vessel.shipType],
        flags: [flagOfMmsi(a.mmsi), flagOfMmsi(b.mmsi)],
        draughtBefore: p.draughtBefore,
        draughtAfter: status === "open" ? null : [a.vessel.draught, b.vessel.draught],
        darkH: round(
          p.darkSpans.reduce((h, [from, to]) => h + (to - from) / 3_600_000, 0),
          2,
        ),
        darkSpans: p.darkSpans.map(([from, to]) => `${iso(from)}/${iso(to)}`),
      },
      evidence,
    });
  }
}
