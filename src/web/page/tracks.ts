/**
 * A track from the API (one LineString with a time and speed per vertex, and the vertices
 * that follow a silence) as the segments the map draws: each coloured by its speed, dashed
 * across a silence.
 */
import type { TrackFeature } from "./api.js";

export function trackSegments(track: TrackFeature, casing: string): GeoJSON.Feature[] {
  const { coordinates: c } = track.geometry;
  const { sogs, mmsi } = track.properties;
  const silent = new Set(track.properties.breaks);
  const out: GeoJSON.Feature[] = [];
  for (let i = 1; i < c.length; i++) {
    out.push({
      type: "Feature",
      properties: { mmsi, sog: sogs[i] ?? sogs[i - 1], gap: silent.has(i), casing },
      geometry: { type: "LineString", coordinates: [c[i - 1], c[i]] },
    });
  }
  return out;
}
