/**
 * Loads a profile directory (profiles/NAME/): profile.json, ports.csv and zones.geojson.
 * Profiles are data only; this module turns them into the typed places detectors use.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Port, ringsBbox, type Zone } from "../geo/zones.js";

export interface Profile {
  name: string;
  /** Every known port and anchorage: encounters and loitering near them are ignored. */
  ports: Port[];
  /** Countries whose port visits become port_call events. */
  portCallCountries: string[];
  zones: Zone[];
}

/**
 * The profiles/ folder shipped with the package, beside package.json: found by walking up
 * from this module, which sits at another depth in src/, dist/ and the benchmarks' build.
 */
export function profilesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return join(dir, "profiles");
}

/** A profile's folder: a path as given, or a name under profilesDir(). */
export function profileDir(nameOrDir: string): string {
  return nameOrDir.includes("/") ? nameOrDir : join(profilesDir(), nameOrDir);
}

function parsePorts(text: string): Port[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const head = lines[0].split(",");
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`ports.csv: missing column ${name}`);
    return i;
  };
  const [iName, iCode, iKind, iCountry, iLat, iLon, iRadius] = [
    "name",
    "unlocode",
    "kind",
    "country",
    "lat",
    "lon",
    "radius_km",
  ].map(col);
  return lines.slice(1).map((line, n) => {
    const f = line.split(",");
    const port: Port = {
      name: f[iName],
      unlocode: f[iCode] || null,
      kind: f[iKind],
      country: f[iCountry],
      lat: Number(f[iLat]),
      lon: Number(f[iLon]),
      radiusM: Number(f[iRadius]) * 1000,
    };
    if (!Number.isFinite(port.lat) || !Number.isFinite(port.lon) || !(port.radiusM > 0)) {
      throw new Error(`ports.csv line ${n + 2}: bad position or radius`);
    }
    return port;
  });
}

interface GeoJsonFeature {
  properties: { name?: unknown; kind?: unknown; source?: unknown };
  geometry: { type: string; coordinates: number[][][] };
}

/**
 * The profile's areas (zones.geojson): Polygons of [lon, lat] rings, each closed, with a
 * name, a kind (territorial_sea, eez, area, sts_area: what risk rules test) and a source.
 * A bad feature is an error naming the file and the feature.
 */
export function parseZones(text: string, file: string): Zone[] {
  const fc = JSON.parse(text) as { features: GeoJsonFeature[] };
  return fc.features.map((f, i) => {
    const { name, kind, source } = f.properties ?? {};
    const what = `${file}: feature ${i + 1}${typeof name === "string" ? ` (${name})` : ""}`;
    if (typeof name !== "string" || typeof kind !== "string" || typeof source !== "string")
      throw new Error(`${what}: needs name, kind and source`);
    if (f.geometry?.type !== "Polygon") throw new Error(`${what}: not a Polygon`);
    const rings = f.geometry.coordinates;
    for (const ring of rings) {
      const [a, z] = [ring[0], ring[ring.length - 1]];
      if (ring.length < 4 || a[0] !== z[0] || a[1] !== z[1]) throw new Error(`${what}: a ring is not closed`);
      if (ring.some(([lon, lat]) => !(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)))
        throw new Error(`${what}: a position is not [lon, lat] in degrees`);
    }
    return { name, kind, source, rings, bbox: ringsBbox(rings) };
  });
}

export function loadProfile(nameOrDir: string): Profile {
  const dir = profileDir(nameOrDir);
  const meta = JSON.parse(readFileSync(join(dir, "profile.json"), "utf8")) as {
    name: string;
    portCallCountries?: string[];
  };
  return {
    name: meta.name,
    ports: parsePorts(readFileSync(join(dir, "ports.csv"), "utf8")),
    portCallCountries: meta.portCallCountries ?? [],
    zones: parseZones(readFileSync(join(dir, "zones.geojson"), "utf8"), join(dir, "zones.geojson")),
  };
}
