/**
 * A track from the API (one LineString with a time and speed per vertex) as the segments
 * the map draws: each coloured by its speed, dashed where the vessel was silent.
 */
import type { TrackFeature } from "./api.js";

/** Silence this long between two positions is drawn dashed (a dark stretch). */
export const DARK_MS = 60 * 60_000;

export function trackSegments(track: TrackFeature, casing: string): GeoJSON.Feature[] {
  const { coordinates: c } = track.geometry;
  const { times, sogs, mmsi } = track.properties;
  const out: GeoJSON.Feature[] = [];
  for (let i = 1; i < c.length; i++) {
    out.push({
      type: "Feature",
      properties: { mmsi, sog: sogs[i] ?? sogs[i - 1], gap: times[i] - times[i - 1] >= DARK_MS, casing },
      geometry: { type: "LineString", coordinates: [c[i - 1], c[i]] },
    });
  }
  return out;
}
