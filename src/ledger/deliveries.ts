/**
 * Petroleum deliveries into a country (DPRK by default) found in the detectors' events and
 * the tracks behind them. A delivery is a tanker arriving at one of the country's ports
 * with cargo, seen one of three ways:
 * - it took cargo at sea (its draught rose away from port, or it lay alongside a tanker)
 *   and its next port is the country's: the arrival is the first fix inside that port;
 * - the same, but it went dark before any port while heading for one of the country's
 *   (within `headingToleranceDeg` of its course and `headingRangeNm`);
 * - a port_call event at one of the country's ports by a tanker with no loading at sea seen
 *   (it came laden from a foreign port, or loaded out of sight).
 * One arrival is one delivery, however many loadings led to it. Every delivery keeps the ids
 * of the events it rests on and the positions that place it.
 */

import type { Port } from "../geo/zones.js";
import type { Event, EvidencePoint } from "../model/event.js";
import type { Position } from "../model/records.js";
import type { DraughtReport } from "../store/queries.js";
import { deadweightTonnes, draughtChangeTonnes, type Hull, isTanker } from "./volume.js";
import { draughtAt, headingFor, portAt } from "./voyage.js";

const H = 3_600_000;
/** A call starting this close to the data's first fix was under way before it. */
const ALREADY_IN_PORT_MS = H;

export interface VesselFacts extends Hull {
  mmsi: number;
  imo: number | null;
  name: string | null;
}

/** What the ledger reads; src/ledger/source.ts answers it from a store. */
export interface LedgerSource {
  /** Stored events, start order. */
  events: Event[];
  ports: Port[];
  vessel(mmsi: number): Promise<VesselFacts | null>;
  track(mmsi: number, from: number, to: number): Promise<Position[]>;
  draughts(mmsi: number): Promise<DraughtReport[]>;
}

export interface DeliverySettings {
  /** ISO country code of the receiving ports. */
  country: string;
  /** How long after a loading the arrival may come. */
  maxVoyageH: number;
  /** A silence this long ends what the track shows of the voyage (it went dark). */
  darkAfterH: number;
  headingToleranceDeg: number;
  headingRangeNm: number;
  /** A draught change smaller than this is trim, bunkers or a crew's slip, not cargo. */
  minCargoDraughtM: number;
}

export const DELIVERY_DEFAULTS: DeliverySettings = {
  country: "KP",
  maxVoyageH: 14 * 24,
  darkAfterH: 12,
  headingToleranceDeg: 30,
  headingRangeNm: 300,
  minCargoDraughtM: 0.5,
};

export type DeliveryRoute = "sts-port" | "sts-dark" | "port-call";

/** The volume of one delivery in tonnes: from the draught (a band) or from capacity (deadweight). */
export type Cargo =
  | { method: "draught"; changeM: number; tonnes: [number, number, number] }
  | { method: "capacity"; deadweightT: number }
  | { method: "unknown"; reason: string };

export interface Delivery {
  /** `${mmsi}-${arrival ISO}`: stable across runs over the same events. */
  id: string;
  vessel: VesselFacts;
  route: DeliveryRoute;
  port: string;
  /** Arrival (first fix in port, the port call's start, or the last fix before going dark). */
  t: number;
  /** When the cargo was taken on at sea, if seen. */
  loaded: number | null;
  cargo: Cargo;
  /** Ids of the events it rests on: loadings, encounters, gaps, the port call. */
  events: string[];
  /** Vessels seen alongside when it loaded (the suppliers), MMSI order. */
  partners: number[];
  /** The fixes that place it: the loading's last fix, the arrival or the last fix before dark. */
  positions: EvidencePoint[];
}

interface Loading {
  mmsi: number;
  t0: number;
  t1: number;
  events: string[];
  partners: number[];
  evidence: EvidencePoint | null;
}

const isPortCall = (e: Event) => e.kind === "port_call" && typeof e.attributes.port === "string";
const point = (p: Position): EvidencePoint => [p.t, p.lat, p.lon, p.sog, p.mmsi];

/** A draught reported this long after a gap still shows what was loaded in it. */
const DRAUGHT_AFTER_GAP_MS = 6 * H;

/** Loadings at sea by tankers: draught rises away from port, dark periods ending deeper, tanker-tanker encounters. */
async function loadings(src: LedgerSource, s: DeliverySettings): Promise<Loading[]> {
  const out: Loading[] = [];
  for (const e of src.events) {
    if (e.kind === "draught") {
      const change = Number(e.attributes.changeM);
      if (!(change >= s.minCargoDraughtM)) continue;
      const v = await src.vessel(e.vessels[0].mmsi);
      if (v === null || !isTanker(v.shipType)) continue;
      const evidence = e.evidence.at(-1) ?? null;
      out.push({ mmsi: v.mmsi, t0: e.start, t1: e.end, events: [e.id], partners: [], evidence });
    } else if (e.kind === "gap") {
      // Dark, then deeper: loaded out of sight (a dark STS the draught detector may not
      // report when the tanker reappears near port).
      const v = await src.vessel(e.vessels[0].mmsi);
      if (v === null || !isTanker(v.shipType)) continue;
      const reports = await src.draughts(v.mmsi);
      const before = draughtAt(reports, e.start);
      const after = draughtAt(reports, e.end + DRAUGHT_AFTER_GAP_MS);
      if (before === null || after === null || after - before < s.minCargoDraughtM) continue;
      const evidence = e.evidence.at(-1) ?? null;
      out.push({ mmsi: v.mmsi, t0: e.start, t1: e.end, events: [e.id], partners: [], evidence });
    } else if (e.kind === "encounter") {
      const vs = await Promise.all(e.vessels.map((x) => src.vessel(x.mmsi)));
      if (!vs.every((v) => v !== null && isTanker(v.shipType))) continue;
      for (const v of vs as VesselFacts[]) {
        const last = e.evidence.filter((p) => p[4] === v.mmsi).at(-1) ?? null;
        const partners = vs.filter((w) => w !== v).map((w) => (w as VesselFacts).mmsi);
        out.push({ mmsi: v.mmsi, t0: e.start, t1: e.end, events: [e.id], partners, evidence: last });
      }
    }
  }
  return out.sort((a, b) => a.mmsi - b.mmsi || a.t0 - b.t0);
}

type Arrival =
  | { kind: "port"; port: Port; fix: Position }
  | { kind: "dark"; port: Port; fix: Position }
  | { kind: "elsewhere" };

/** Where the voyage after a loading ends: the first port it enters, or where it went dark. */
function voyageEnd(track: Position[], ports: Port[], s: DeliverySettings, dataEnd: number): Arrival | null {
  const home = ports.filter((p) => p.country === s.country);
  for (let i = 0; i < track.length; i++) {
    const p = track[i];
    const port = portAt(ports, p);
    if (port !== null)
      return port.country === s.country ? { kind: "port", port, fix: p } : { kind: "elsewhere" };
    const next = i + 1 < track.length ? track[i + 1].t : dataEnd;
    if (next - p.t >= s.darkAfterH * H) {
      const to = headingFor(home, track, i, s);
      if (to !== null) return { kind: "dark", port: to, fix: p };
    }
  }
  return null;
}

function cargoOf(
  v: VesselFacts,
  changeM: number | null,
  reports: DraughtReport[],
  s: DeliverySettings,
): Cargo {
  if (!(v.lengthM > 0 && v.beamM > 0)) return { method: "unknown", reason: "no dimensions reported" };
  if (changeM !== null && Math.abs(changeM) >= s.minCargoDraughtM)
    return { method: "draught", changeM, tonnes: draughtChangeTonnes(v, changeM) };
  const deepest = reports.length > 0 ? Math.max(...reports.map((r) => r.draught)) : null;
  return { method: "capacity", deadweightT: deadweightTonnes(v, deepest) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Every delivery in the source, by time then vessel. */
export async function findDeliveries(
  src: LedgerSource,
  data: { start: number; end: number },
  s: DeliverySettings = DELIVERY_DEFAULTS,
): Promise<Delivery[]> {
  const dataEnd = data.end;
  const byKey = new Map<string, Delivery>();
  const calls = src.events.filter((e) => isPortCall(e) && e.attributes.country === s.country);
  for (const l of await loadings(src, s)) {
    const v = (await src.vessel(l.mmsi)) as VesselFacts;
    const end = voyageEnd(await src.track(l.mmsi, l.t1, l.t1 + s.maxVoyageH * H), src.ports, s, dataEnd);
    if (end === null || end.kind === "elsewhere") continue;
    const call = calls.find(
      (c) => c.vessels.some((x) => x.mmsi === l.mmsi) && c.start <= end.fix.t + H && c.end >= end.fix.t - H,
    );
    const t = call?.start ?? end.fix.t;
    const key = `${l.mmsi}-${new Date(t).toISOString()}`;
    const prior = byKey.get(key);
    if (prior !== undefined) {
      prior.events.push(...l.events.filter((id) => !prior.events.includes(id)));
      prior.partners = [...new Set([...prior.partners, ...l.partners])].sort((a, b) => a - b);
      prior.loaded = Math.min(prior.loaded ?? l.t0, l.t0);
      continue;
    }
    const gaps = src.events.filter(
      (e) => e.kind === "gap" && e.vessels[0].mmsi === l.mmsi && e.end >= l.t0 - 24 * H && e.start <= t,
    );
    byKey.set(key, {
      id: key,
      vessel: v,
      route: end.kind === "port" ? "sts-port" : "sts-dark",
      port: end.port.name,
      t,
      loaded: l.t0,
      cargo: { method: "unknown", reason: "pending" },
      events: [...new Set([...l.events, ...gaps.map((g) => g.id), ...(call ? [call.id] : [])])],
      partners: [...l.partners].sort((a, b) => a - b),
      positions: [...(l.evidence ? [l.evidence] : []), point(end.fix)],
    });
  }
  // Tankers calling with no loading at sea seen: the call alone is the delivery, unless the
  // tanker was already in port when the data begins (its arrival falls before it).
  for (const c of calls) {
    if (c.start - data.start < ALREADY_IN_PORT_MS) continue;
    const v = await src.vessel(c.vessels[0].mmsi);
    if (v === null || !isTanker(v.shipType)) continue;
    const key = `${v.mmsi}-${new Date(c.start).toISOString()}`;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      id: key,
      vessel: v,
      route: "port-call",
      port: String(c.attributes.port),
      t: c.start,
      loaded: null,
      cargo: { method: "unknown", reason: "pending" },
      events: [c.id],
      partners: [],
      positions: c.evidence.length > 0 ? [c.evidence[0]] : [],
    });
  }
  const out = [...byKey.values()].sort((a, b) => a.t - b.t || a.vessel.mmsi - b.vessel.mmsi);
  for (const d of out) {
    const reports = await src.draughts(d.vessel.mmsi);
    // Loaded at sea: draught on arrival against draught before the loading. A call alone:
    // draught before entering against draught after leaving (what it put off in port).
    let change: number | null = null;
    if (d.loaded !== null) {
      const before = draughtAt(reports, d.loaded - 1);
      const after = draughtAt(reports, d.t);
      if (before !== null && after !== null) change = round1(after - before);
    } else {
      const call = src.events.find((e) => e.id === d.events[0]);
      const before = draughtAt(reports, d.t - 1);
      const after = reports.find((r) => call !== undefined && r.t > call.end)?.draught ?? null;
      if (before !== null && after !== null && before > after) change = round1(before - after);
    }
    d.cargo = cargoOf(d.vessel, change !== null && change > 0 ? change : null, reports, s);
  }
  return out;
}
