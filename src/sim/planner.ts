/**
 * Builds one ship's legs forward in time: stay in port (anchored, then moored), sail a sea
 * route, drift at sea, or sail so as to arrive somewhere at a set time. Routes are cached
 * by their ends, since many ships sail between the same ports.
 */

import { KN_TO_MS } from "../geo/distance.js";
import { isLand } from "../geo/land.js";
import type { Prng } from "../util/prng.js";
import type { Port } from "./ports.js";
import { clearLine, type LatLon, makeRoute, type Route, seaRoute } from "./route.js";
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

export class Planner {
  /** The port the ship lies in, when its current spot has a clear line to that port's berth. */
  private port: Port | null = null;

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
    this.port = null;
  }

  /**
   * The route from here to `p`. From a spot in port it runs via the port's berth, so the
   * long part is shared (and cached) by every ship leaving that port.
   */
  routeTo(p: LatLon): Route {
    if (!this.port) return cachedRoute(this.at, p);
    const main = cachedRoute(this.port.berth, p);
    const points = [this.at, ...main.lat.map((lat, k) => ({ lat, lon: main.lon[k] }))];
    return makeRoute(points);
  }

  sailTo(p: LatLon, speedKn: number): void {
    this.sail(this.routeTo(p), speedKn);
  }

  /**
   * Waits where it is, then sails to `p` so as to arrive at `arrive`. Returns false (and
   * plans nothing) when it cannot get there in time at `speedKn`.
   */
  arriveAt(p: LatLon, arrive: number, speedKn: number, waitStatus: number): boolean {
    const route = this.routeTo(p);
    const depart = arrive - (route.length / (speedKn * KN_TO_MS)) * 1000;
    if (depart < this.clock) return false;
    this.wait(depart, waitStatus);
    this.sail(route, speedKn);
    return true;
  }

  /**
   * A port stay: from the berth to a spot in port (some hours at anchor, then moored
   * elsewhere in port), until `hours` after arrival. Returns [start, end].
   */
  portStay(port: Port, hours: number): [number, number] {
    const start = this.clock;
    const end = start + hours * H;
    const move = (spot: LatLon) => {
      if (spot !== this.at) this.sail(makeRoute([this.at, spot]), 3);
      this.port = port;
    };
    if (this.rng.next() < 0.5) {
      move(spotNear(this.rng, port.berth, 2500));
      this.stayAt(this.at, Math.min(end - H, this.clock + this.rng.next() * Math.min(12, hours / 2) * H), 1);
      move(port.berth);
    }
    move(spotNear(this.rng, port.berth, 2000));
    this.stayAt(this.at, Math.max(end, this.clock + H), 5);
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

/** A sea point within `m` metres of a berth with a clear line to it (the berth itself when none is found). */
function spotNear(rng: Prng, berth: LatLon, m: number): LatLon {
  for (let k = 0; k < 8; k++) {
    const q = offset(berth, 300 + rng.next() * m, rng.next() * 360);
    if (!isLand(q.lat, q.lon) && clearLine(berth, q)) return q;
  }
  return berth;
}
