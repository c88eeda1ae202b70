/** What a page is sent of a stored batch: each vessel's latest position in it, in degrees and knots. */
import type { PositionData } from "../store/batch.js";
import { LATLON_SCALE, NA_SOG } from "../store/schema.js";

export interface LivePosition {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  sog: number | null;
}

export function latestPerVessel(p: PositionData): LivePosition[] {
  const latest = new Map<number, number>();
  for (let i = 0; i < p.n; i++) {
    const j = latest.get(p.mmsi[i]);
    if (j === undefined || p.t[i] >= p.t[j]) latest.set(p.mmsi[i], i);
  }
  return [...latest.values()].map((i) => ({
    mmsi: p.mmsi[i],
    t: p.t[i],
    lat: p.lat[i] / LATLON_SCALE,
    lon: p.lon[i] / LATLON_SCALE,
    sog: p.sog[i] === NA_SOG ? null : p.sog[i] / 10,
  }));
}
