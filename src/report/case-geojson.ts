/**
 * A case as GeoJSON (RFC 7946): WGS84 [lon, lat], no `crs` member. One LineString per
 * vessel's track, one Point per event (its centroid) and one Point per evidence position,
 * each with the properties a GIS user filters on.
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { CaseFile } from "./case-data.js";

const iso = (t: number) => new Date(t).toISOString();

export function caseGeoJson(c: CaseFile): FeatureCollection<Geometry | null> {
  // Geometry | null: an event without a place is a feature with a null geometry (RFC 7946 3.2).
  const features: Feature<Geometry | null>[] = [];
  for (const v of c.vessels) {
    if (v.track.length === 0) continue;
    const last = v.identities.at(-1);
    features.push({
      type: "Feature",
      geometry:
        v.track.length === 1
          ? { type: "Point", coordinates: [v.track[0].lon, v.track[0].lat] }
          : { type: "LineString", coordinates: v.track.map((p) => [p.lon, p.lat]) },
      properties: {
        layer: "track",
        mmsi: v.mmsi,
        name: last?.name ?? null,
        imo: last?.imo ?? null,
        start: iso(v.track[0].t),
        end: iso(v.track[v.track.length - 1].t),
        positions: v.track.length,
      },
    });
  }
  for (const e of c.events) {
    const common = { event: e.id, kind: e.kind, mmsis: e.vessels.map((x) => x.mmsi).join(" ") };
    features.push({
      type: "Feature",
      id: e.id,
      geometry: e.lat === null || e.lon === null ? null : { type: "Point", coordinates: [e.lon, e.lat] },
      properties: {
        layer: "event",
        ...common,
        status: e.status,
        start: iso(e.start),
        end: iso(e.end),
        detector: e.detector,
        attributes: JSON.stringify(e.attributes),
      },
    });
    for (const [t, lat, lon, sog, mmsi] of e.evidence) {
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [lon, lat] },
        properties: { layer: "evidence", ...common, mmsi, time: iso(t), sog },
      });
    }
  }
  return { type: "FeatureCollection", features };
}
