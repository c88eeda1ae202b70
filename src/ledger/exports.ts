/**
 * Export-ban voyages: vessels that load at the country's ports and where they take it.
 * A loading is a port call at one of its ports by a cargo ship or a vessel whose draught rose
 * during the call, or a dark call: a cargo ship that went dark heading for one of its ports
 * and came back deeper. Each is followed along its track to the first port of another
 * country it enters. The likely cargo follows from the ship type (UNSCR 2371 bans coal, iron
 * and iron ore, carried in bulk, and seafood). Tankers are left to the petroleum ledger.
 */
import type { EvidencePoint } from "../model/event.js";
import type { Position } from "../model/records.js";
import {
  DELIVERY_DEFAULTS,
  type DeliverySettings,
  type LedgerSource,
  type VesselFacts,
} from "./deliveries.js";
import { isTanker } from "./volume.js";
import { draughtAt, headingFor, portAt } from "./voyage.js";

const H = 3_600_000;
/** A draught reported this long after leaving still shows what was loaded. */
const AFTER_LOADING_MS = 6 * H;

export interface ExportVoyage {
  /** `${mmsi}-${departure ISO}`. */
  id: string;
  vessel: VesselFacts;
  how: "port-call" | "dark-call";
  /** The port loaded at (for a dark call, the one it was heading for). */
  origin: string;
  /** When it left (the call's end, or the gap's end). */
  left: number;
  /** Draught rise over the call, metres, when reported. */
  draughtRiseM: number | null;
  cargo: string;
  destination: { port: string; country: string; t: number } | null;
  events: string[];
  positions: EvidencePoint[];
}

/** The banned export a ship of this AIS type most likely carries. */
export function likelyCargo(shipType: number | null): string {
  if (shipType === null) return "unknown";
  if (shipType >= 70 && shipType <= 79) return "coal or iron ore (bulk)";
  if (shipType === 30) return "seafood";
  return "unknown";
}

const isCargo = (t: number | null) => t !== null && t >= 70 && t <= 79;
const point = (p: Position): EvidencePoint => [p.t, p.lat, p.lon, p.sog, p.mmsi];

export async function findExports(
  src: LedgerSource,
  s: DeliverySettings = DELIVERY_DEFAULTS,
): Promise<ExportVoyage[]> {
  const home = src.ports.filter((p) => p.country === s.country);
  const found: Omit<ExportVoyage, "destination">[] = [];
  const candidates = src.events.filter(
    (e) =>
      e.vessels.length === 1 &&
      (e.kind === "gap" || (e.kind === "port_call" && e.attributes.country === s.country)),
  );
  for (const e of candidates) {
    const v = await src.vessel(e.vessels[0].mmsi);
    if (v === null || isTanker(v.shipType)) continue;
    const reports = await src.draughts(v.mmsi);
    if (e.kind === "port_call") {
      // In port when the data begins: its first report stands for the draught on arrival.
      const before = draughtAt(reports, e.start) ?? reports.find((r) => r.t <= e.end)?.draught ?? null;
      const after = draughtAt(reports, e.end + AFTER_LOADING_MS);
      const rise = before !== null && after !== null ? Math.round((after - before) * 10) / 10 : null;
      if (!isCargo(v.shipType) && !(rise !== null && rise >= s.minCargoDraughtM)) continue;
      found.push({
        id: `${v.mmsi}-${new Date(e.end).toISOString()}`,
        vessel: v,
        how: "port-call",
        origin: String(e.attributes.port),
        left: e.end,
        draughtRiseM: rise,
        cargo: likelyCargo(v.shipType),
        events: [e.id],
        positions: e.evidence.length > 0 ? [e.evidence[e.evidence.length - 1]] : [],
      });
    } else {
      const before = draughtAt(reports, e.start);
      const after = draughtAt(reports, e.end + AFTER_LOADING_MS);
      if (before === null || after === null || after - before < s.minCargoDraughtM) continue;
      const approach = await src.track(v.mmsi, e.start - 3 * H, e.start);
      if (approach.length < 2) continue;
      const to = headingFor(home, approach, approach.length - 1, s);
      if (to === null) continue;
      const rises = src.events.filter(
        (x) =>
          x.kind === "draught" &&
          x.vessels[0].mmsi === v.mmsi &&
          x.end >= e.start &&
          x.start <= e.end + 12 * H,
      );
      found.push({
        id: `${v.mmsi}-${new Date(e.end).toISOString()}`,
        vessel: v,
        how: "dark-call",
        origin: to.name,
        left: e.end,
        draughtRiseM: Math.round((after - before) * 10) / 10,
        cargo: likelyCargo(v.shipType),
        events: [e.id, ...rises.map((x) => x.id)],
        positions: [point(approach[approach.length - 1])],
      });
    }
  }
  const out: ExportVoyage[] = [];
  for (const f of found) {
    let destination: ExportVoyage["destination"] = null;
    for (const p of await src.track(f.vessel.mmsi, f.left, f.left + s.maxVoyageH * H)) {
      const port = portAt(src.ports, p);
      if (port === null) continue;
      if (port.country === s.country) continue;
      destination = { port: port.name, country: port.country, t: p.t };
      f.positions.push(point(p));
      break;
    }
    out.push({ ...f, destination });
  }
  return out.sort((a, b) => a.left - b.left || a.vessel.mmsi - b.vessel.mmsi);
}
