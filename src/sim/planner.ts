/**
 * Builds one ship's legs forward in time: stay in port (anchored, then moored), sail a sea
 * route, drift at sea, or sail so as to arrive somewhere at a set time. Routes are cached
 * by their ends, since many ships sail between the same ports.
 */
import type { Prng } from "../ais/corpus.js";
import { KN_TO_MS } from "../geo/distance.js";
import { isLand } from "../geo/land.js";
import type { Port } from "./ports.js";
import { type LatLon, makeRoute, type Route, seaRoute } from "./route.js";
import { endOf, type Ship } from "./ship.js";

const H = 3_600_000;
const routes = new Map<string, Route>();

export function cachedRoute(a: LatLon, b: LatLon): Route {
  const key = `${a.lat},${a.lon};${b.lat},${b.lon}`;
  let r = routes.get(key);
  if (!r) {
    r = seaRoute(a, b);
    routes.set(key, r);
  }
  return r;
}

/** A point `m` metres from `p` towards `deg`, on a local flat approximation (distances of metres to km). */
export function offset(p: LatLon, m: number, deg: number): LatLon {
  const rad = (deg * Math.PI) / 180;
  return {
    lat: p.lat + (m * Math.cos(rad)) / 111_195,
    lon: p.lon + (m * Math.sin(rad)) / (111_195 * Math.cos((p.lat * Math.PI) / 180)),
  };
}

/** A sea point within `m` metres of `p` (p itself when none of a few tries is at sea). */
export function nearbySea(rng: Prng, p: LatLon, m: number): LatLon {
  for (let k = 0; k < 8; k++) {
    const q = offset(p, rng.next() * m, rng.next() * 360);
    if (!isLand(q.lat, q.lon)) return q;
  }
  return p;
}

export class Planner {
  constructor(
    readonly ship: Ship,
    readonly rng: Prng,
    public clock: number,
  ) {}

  get at(): LatLon {
    return endOf(this.ship);
  }

  /** Lies at `p` until `until` (status 1 anchored, 5 moored, 0 drifting under way). */
  stayAt(p: LatLon, until: number, status: number, driftKn = 0, driftDeg = 0): void {
    if (until <= this.clock) return;
    this.ship.legs.push({
      kind: "stay",
      t0: this.clock,
      t1: until,
      lat: p.lat,
      lon: p.lon,
      status,
      driftKn,
      driftDeg,
    });
    this.clock = until;
  }

  /** Stays where the last leg ended. */
  wait(until: number, status: number): void {
    this.stayAt(this.at, until, status);
  }

  sail(route: Route, speedKn: number): void {
    const t1 = this.clock + (route.length / (speedKn * KN_TO_MS)) * 1000;
    this.ship.legs.push({ kind: "sail", t0: this.clock, t1, route, speedKn });
    this.clock = t1;
  }

  sailTo(p: LatLon, speedKn: number): void {
    this.sail(cachedRoute(this.at, p), speedKn);
  }

  /**
   * Waits where it is, then sails to `p` so as to arrive at `arrive`. Returns false (and
   * plans nothing) when it cannot get there in time at `speedKn`.
   */
  arriveAt(p: LatLon, arrive: number, speedKn: number, waitStatus: number): boolean {
    const route = cachedRoute(this.at, p);
    const depart = arrive - (route.length / (speedKn * KN_TO_MS)) * 1000;
    if (depart < this.clock) return false;
    this.wait(depart, waitStatus);
    this.sail(route, speedKn);
    return true;
  }

  /** A port stay: some hours at anchor near the berth, then moored at the berth. Returns [start, end]. */
  portStay(port: Port, hours: number): [number, number] {
    const start = this.clock;
    const anchorH = this.rng.next() < 0.5 ? this.rng.next() * Math.min(12, hours / 2) : 0;
    if (anchorH > 0) this.stayAt(nearbySea(this.rng, port.berth, 1500), this.clock + anchorH * H, 1);
    this.stayAt(nearbySea(this.rng, port.berth, 300), start + hours * H, 5);
    return [start, this.clock];
  }

  /** Sails into a port from wherever it is. */
  sailToPort(port: Port, speedKn: number): void {
    this.sailTo(port.berth, speedKn);
  }

  /** Drifts at sea from the current point for `hours` (a transfer alongside, or loitering). */
  drift(hours: number, driftKn: number, driftDeg: number): void {
    this.stayAt(this.at, this.clock + hours * H, 0, driftKn, driftDeg);
  }
}

/** A straight route between two points already known to have clear water between them. */
export function directRoute(a: LatLon, b: LatLon): Route {
  return makeRoute([a, b]);
}
