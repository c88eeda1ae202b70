/** Hand-built synthetic tracks for detector tests: positions along a course, statics, a runner wrapper. */

import { DetectRunner, type RunnerOptions } from "../../src/detect/engine/runner.js";
import { destination } from "../../src/geo/distance.js";
import type { Event } from "../../src/model/event.js";
import { blankStatic, type Position, type Static } from "../../src/model/records.js";

export const H = 3_600_000;
export const MIN = 60_000;
/** 2019-03-01T00:00:00Z */
export const T0 = Date.UTC(2019, 2, 1);

export function pos(
  mmsi: number,
  t: number,
  lat: number,
  lon: number,
  sog: number | null,
  msgType = 1,
): Position {
  return { mmsi, t, lat, lon, sog, cog: null, heading: null, navStatus: null, cls: "A", msgType };
}

export function stat(mmsi: number, t: number, f: Partial<Static>): Static {
  return { ...blankStatic(), mmsi, t, msgType: 5, ...f };
}

/** Fixes every `everyMs` from t0 for `durMs`, from (lat, lon) on `bearing` at `sog` knots. */
export function sail(
  mmsi: number,
  t0: number,
  lat: number,
  lon: number,
  bearing: number,
  sog: number,
  durMs: number,
  everyMs = MIN,
): Position[] {
  const out: Position[] = [];
  for (let t = t0; t <= t0 + durMs; t += everyMs) {
    const d = destination(lat, lon, bearing, (sog * 1852 * (t - t0)) / H);
    out.push(pos(mmsi, t, d.lat, d.lon, sog));
  }
  return out;
}

/**
 * Other vessels lying still every 0.5° over [lat0, lat1] x [lon0, lon1], each heard every
 * hour (too sparse to gap themselves) from `from` to `to` (hours after T0) except while
 * `quiet` says so.
 */
export function field(
  lat0: number,
  lat1: number,
  lon0: number,
  lon1: number,
  from = -24,
  to = 30,
  quiet: (i: number, t: number) => boolean = () => false,
): Position[] {
  const out: Position[] = [];
  let i = 0;
  for (let lat = lat0; lat <= lat1 + 1e-9; lat += 0.5) {
    for (let lon = lon0; lon <= lon1 + 1e-9; lon += 0.5) {
      for (let t = T0 + from * H; t <= T0 + to * H; t += H) {
        if (!quiet(i, t)) out.push(pos(413000100 + i, t, lat, lon, 0.1));
      }
      i++;
    }
  }
  return out;
}

/** Where a vessel on `sail` is at time t. */
export function at(lat: number, lon: number, bearing: number, sog: number, hours: number): [number, number] {
  const d = destination(lat, lon, bearing, sog * 1852 * hours);
  return [d.lat, d.lon];
}

export function byTime(records: (Position | Static)[]): (Position | Static)[] {
  return [...records].sort((a, b) => a.t - b.t || a.mmsi - b.mmsi);
}

/** Runs the records (sorted by time) and returns every event emitted, in emission order. */
export function runAll(records: (Position | Static)[], opts: Omit<RunnerOptions, "onEvent"> = {}): Event[] {
  const events: Event[] = [];
  const r = new DetectRunner({ ...opts, onEvent: (e) => events.push(e) });
  for (const rec of byTime(records)) r.push(rec);
  r.end();
  return events;
}

/** Final events only, sorted by id. */
export function finals(events: Event[]): Event[] {
  return events.filter((e) => e.status === "final").sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function run(records: (Position | Static)[], opts: Omit<RunnerOptions, "onEvent"> = {}): Event[] {
  return finals(runAll(records, opts));
}
