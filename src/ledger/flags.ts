/**
 * Flag-state accountability: the detectors' findings and the ledger's deliveries grouped by
 * the flag each vessel's MMSI names (its MID), ranked, with the vessels behind every figure;
 * and the vessels seen under MMSIs of two or more flags (one IMO, several MIDs: a reflag),
 * which is where the flag a ship declares and the one it broadcasts part. Port calls and
 * zone visits are ordinary traffic and are not counted.
 */
import type { Event, EventKind } from "../model/event.js";
import { flagOfMmsi } from "../model/mid.js";
import type { Delivery } from "./deliveries.js";
import type { ExportVoyage } from "./exports.js";

export const COUNTED_KINDS: readonly EventKind[] = [
  "encounter",
  "loitering",
  "gap",
  "spoofing",
  "identity",
  "draught",
];

export interface FlagRow {
  /** ISO 3166 alpha-2 of the MID, or "??" for an MMSI whose MID is unallocated. */
  flag: string;
  events: number;
  byKind: Partial<Record<EventKind, number>>;
  /** Deliveries made by a vessel of this flag. */
  deliveries: number;
  /** Barrels of those deliveries in the mid scenario. */
  barrelsMid: number;
  /** Deliveries a vessel of this flag supplied at sea (alongside when the tanker loaded). */
  supplied: number;
  /** Export voyages (loadings at the country's ports) by vessels of this flag. */
  exports: number;
  /** Every MMSI behind the row's figures, ascending. */
  vessels: number[];
}

export interface Reflag {
  imo: number;
  /** The MMSIs it was seen under, with each one's flag, in MMSI order. */
  mmsis: { mmsi: number; flag: string }[];
}

export interface FlagTable {
  flags: FlagRow[];
  reflags: Reflag[];
}

const flagOf = (mmsi: number) => flagOfMmsi(mmsi) ?? "??";

export function flagTable(
  events: Event[],
  deliveries: (Delivery & { barrels: Record<string, number> })[],
  identities: { mmsi: number; imo: number | null }[],
  exports: ExportVoyage[] = [],
): FlagTable {
  const rows = new Map<string, FlagRow & { set: Set<number> }>();
  const row = (flag: string) => {
    let r = rows.get(flag);
    if (r === undefined) {
      r = {
        flag,
        events: 0,
        byKind: {},
        deliveries: 0,
        barrelsMid: 0,
        supplied: 0,
        exports: 0,
        vessels: [],
        set: new Set(),
      };
      rows.set(flag, r);
    }
    return r;
  };
  for (const e of events) {
    if (!COUNTED_KINDS.includes(e.kind) || e.status === "retracted") continue;
    for (const v of e.vessels) {
      const r = row(flagOf(v.mmsi));
      r.events++;
      r.byKind[e.kind] = (r.byKind[e.kind] ?? 0) + 1;
      r.set.add(v.mmsi);
    }
  }
  for (const d of deliveries) {
    const r = row(flagOf(d.vessel.mmsi));
    r.deliveries++;
    r.barrelsMid += d.barrels.mid ?? 0;
    r.set.add(d.vessel.mmsi);
    for (const p of d.partners) {
      const q = row(flagOf(p));
      q.supplied++;
      q.set.add(p);
    }
  }
  for (const x of exports) {
    const r = row(flagOf(x.vessel.mmsi));
    r.exports++;
    r.set.add(x.vessel.mmsi);
  }
  const flags = [...rows.values()]
    .map(({ set, byKind, ...r }) => ({
      ...r,
      byKind: Object.fromEntries(COUNTED_KINDS.filter((k) => byKind[k]).map((k) => [k, byKind[k]])),
      vessels: [...set].sort((a, b) => a - b),
    }))
    .sort(
      (a, b) =>
        b.deliveries + b.supplied + b.exports - (a.deliveries + a.supplied + a.exports) ||
        b.events - a.events ||
        a.flag.localeCompare(b.flag),
    );
  const byImo = new Map<number, Set<number>>();
  for (const { mmsi, imo } of identities) {
    if (imo === null || imo === 0) continue;
    const s = byImo.get(imo) ?? new Set<number>();
    s.add(mmsi);
    byImo.set(imo, s);
  }
  const reflags: Reflag[] = [];
  for (const [imo, set] of [...byImo].sort((a, b) => a[0] - b[0])) {
    const mmsis = [...set].sort((a, b) => a - b).map((mmsi) => ({ mmsi, flag: flagOf(mmsi) }));
    if (new Set(mmsis.map((m) => m.flag)).size > 1) reflags.push({ imo, mmsis });
  }
  return { flags, reflags };
}
