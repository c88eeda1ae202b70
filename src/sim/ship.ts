/**
 * A simulated ship: its planned movements (legs), the identities it broadcasts over time,
 * its reported draught, when its transponder is off, and when it reports a false position.
 * Everything is planned up front and small (tens of legs per ship), so emission can walk
 * any time slice without keeping history.
 */
import { KN_TO_MS } from "../geo/distance.js";
import { type LatLon, pointAlong, type Route } from "./route.js";

export interface Identity {
  /** In force from this time, epoch ms. */
  from: number;
  mmsi: number;
  imo: number;
  name: string;
  callsign: string;
}

/** Sailing a route at constant speed from t0 to t1. */
export interface SailLeg {
  kind: "sail";
  t0: number;
  t1: number;
  route: Route;
  speedKn: number;
}

/** Lying still (anchored, moored) or drifting slowly from a point, t0 to t1. */
export interface StayLeg {
  kind: "stay";
  t0: number;
  t1: number;
  lat: number;
  lon: number;
  /** AIS navigational status: 0 under way, 1 at anchor, 5 moored. */
  status: number;
  driftKn: number;
  driftDeg: number;
}

export type Leg = SailLeg | StayLeg;

/** A false position broadcast from t0 to t1 instead of the real one. */
export interface Spoof {
  t0: number;
  t1: number;
  lat: number;
  lon: number;
}

export interface Ship {
  index: number;
  cls: "A" | "B";
  shipType: number;
  /** Dimensions, metres: to bow, stern, port, starboard. */
  dims: [number, number, number, number];
  identities: Identity[];
  legs: Leg[];
  /** Reported draught from `from` on, metres. */
  draughts: { from: number; draught: number }[];
  /** Transponder off (or out of the scenario) in these intervals. */
  dark: { t0: number; t1: number }[];
  spoofs: Spoof[];
}

/** Where a ship is and how it moves at one instant. */
export interface Fix {
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  status: number;
}

const M_PER_DEG = 111_195;

/** The leg in force at t (the last one starting at or before t), starting the scan at `hint`. */
export function legAt(ship: Ship, t: number, hint = 0): number {
  const legs = ship.legs;
  let k = hint < legs.length && legs[hint].t0 <= t ? hint : 0;
  while (k + 1 < legs.length && legs[k + 1].t0 <= t) k++;
  return k;
}

const along = { lat: 0, lon: 0, seg: 0 };

/** The ship's true position and motion at t within a leg, written into `out`. */
export function fixAt(leg: Leg, t: number, out: Fix): Fix {
  if (leg.kind === "sail") {
    const d = (Math.min(t, leg.t1) - leg.t0) * 0.001 * leg.speedKn * KN_TO_MS;
    const p = pointAlong(leg.route, d, along);
    const r = leg.route;
    out.lat = p.lat;
    out.lon = p.lon;
    out.sog = t < leg.t1 ? leg.speedKn : 0;
    out.cog = r.bearing.length > 0 ? r.bearing[p.seg] : 0;
    out.status = 0;
    return out;
  }
  const dist = (t - leg.t0) * 0.001 * leg.driftKn * KN_TO_MS;
  const rad = (leg.driftDeg * Math.PI) / 180;
  out.lat = leg.lat + (dist * Math.cos(rad)) / M_PER_DEG;
  out.lon = leg.lon + (dist * Math.sin(rad)) / (M_PER_DEG * Math.cos((leg.lat * Math.PI) / 180));
  out.sog = leg.driftKn;
  out.cog = leg.driftDeg;
  out.status = leg.status;
  return out;
}

/** The last element of a time-ordered list in force at t. */
export function inForce<T extends { from: number }>(list: T[], t: number): T {
  let k = 0;
  while (k + 1 < list.length && list[k + 1].from <= t) k++;
  return list[k];
}

/** Position of a ship at the end of its plan so far. */
export function endOf(ship: Ship): LatLon {
  const leg = ship.legs[ship.legs.length - 1];
  const f = fixAt(leg, leg.t1, { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 });
  return { lat: f.lat, lon: f.lon };
}
