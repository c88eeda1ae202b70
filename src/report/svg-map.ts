/**
 * An inline SVG map of tracks and points over the coastline the package ships (Natural
 * Earth 1:50m land from world-atlas): an equirectangular projection scaled by cos(latitude)
 * at the map's centre, which keeps shapes true over the few degrees a case spans. No tiles,
 * no network.
 */
import { naturalEarthRings } from "../geo/land.js";
import { escapeXml as x } from "./xml.js";

export interface MapLine {
  points: [number, number][];
  colour: string;
  label: string;
}

export interface MapPoint {
  lat: number;
  lon: number;
  colour: string;
  radius: number;
  label: string;
}

export interface MapBox {
  south: number;
  north: number;
  west: number;
  east: number;
}

/** The box around the points, padded by a tenth of its size (at least 0.05 degrees). */
export function boxAround(points: [number, number][]): MapBox {
  const lats = points.map((p) => p[0]);
  const lons = points.map((p) => p[1]);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const padLat = Math.max(0.05, (n - s) * 0.1);
  const padLon = Math.max(0.05, (e - w) * 0.1);
  return { south: s - padLat, north: n + padLat, west: w - padLon, east: e + padLon };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function svgMap(box: MapBox, lines: MapLine[], points: MapPoint[], widthPx = 900): string {
  const k = Math.cos((((box.south + box.north) / 2) * Math.PI) / 180);
  const scale = widthPx / ((box.east - box.west) * k);
  const heightPx = Math.max(200, Math.round((box.north - box.south) * scale));
  const px = (lat: number, lon: number): [number, number] => [
    r1((lon - box.west) * k * scale),
    r1(heightPx / 2 - (lat - (box.south + box.north) / 2) * scale),
  ];
  const path = (pts: [number, number][]) => {
    const out: string[] = [];
    let prev: [number, number] | null = null;
    for (const [lat, lon] of pts) {
      const p = px(lat, lon);
      if (prev !== null && Math.abs(p[0] - prev[0]) < 0.5 && Math.abs(p[1] - prev[1]) < 0.5) continue;
      out.push(`${out.length === 0 ? "M" : "L"}${p[0]} ${p[1]}`);
      prev = p;
    }
    return out.join("");
  };
  const land: string[] = [];
  for (const ring of naturalEarthRings("50m")) {
    const lons = ring.map((c) => c[0]);
    const lats = ring.map((c) => c[1]);
    // Rings whose own box misses the map's are left out (most of the world).
    if (Math.max(...lons) < box.west || Math.min(...lons) > box.east) continue;
    if (Math.max(...lats) < box.south || Math.min(...lats) > box.north) continue;
    const d = path(ring.map(([lon, lat]) => [lat, lon] as [number, number]));
    if (d.length > 0) land.push(`${d}Z`);
  }
  const body = [
    `<rect width="${widthPx}" height="${heightPx}" fill="#dfeefa"/>`,
    `<path class="land" d="${land.join("")}" fill="#f2efe6" stroke="#9a9280" stroke-width="0.6"/>`,
    ...lines.map(
      (l) =>
        `<path class="track" d="${path(l.points)}" fill="none" stroke="${l.colour}" stroke-width="1.4"><title>${x(l.label)}</title></path>`,
    ),
    ...points.map((p) => {
      const [cx, cy] = px(p.lat, p.lon);
      return `<circle class="point" cx="${cx}" cy="${cy}" r="${p.radius}" fill="${p.colour}" stroke="#222" stroke-width="0.4"><title>${x(p.label)}</title></circle>`;
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 ${widthPx} ${heightPx}" width="${widthPx}" height="${heightPx}" role="img" aria-label="map of tracks and events">${body.join("")}</svg>`;
}
