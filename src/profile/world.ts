/**
 * The world port layer every profile uses: the World Port Index's ports (profiles/world/ports.csv,
 * public domain, see its README) as circles. A WPI position is a port's reference point, so
 * each port gets a radius standing for its harbour area, from its size (how far the quays,
 * basins and inner anchorages reach) and type (an open roadstead is an anchorage off an
 * open coast: ships lie spread over kilometres). The figures are judged from the ports
 * themselves (Rotterdam, Singapore, Long Beach "Large" spread over 10-20 km; "Very Small"
 * ones are a quay or a slipway), not taken from a published rule; the detectors add their
 * own margin (encounterMinPortDistM, 10 km, GFW) beyond this radius.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Port } from "../geo/zones.js";
import { profilesDir } from "./load.js";

/** Harbour radius by WPI harbour size, km (an empty size counts as "Very Small"). */
export const WORLD_PORT_RADIUS_KM: Readonly<Record<string, number>> = {
  Large: 8,
  Medium: 5,
  Small: 3,
  "Very Small": 2,
};

/** Radius factor by WPI harbour type (others 1): roadsteads spread ships wide. */
export const WORLD_PORT_TYPE_FACTOR: Readonly<Record<string, number>> = {
  "Open Roadstead": 1.5,
};

/** A WPI port's harbour radius, m. */
export function worldPortRadiusM(size: string, type: string): number {
  return (
    (WORLD_PORT_RADIUS_KM[size] ?? WORLD_PORT_RADIUS_KM["Very Small"]) *
    (WORLD_PORT_TYPE_FACTOR[type] ?? 1) *
    1000
  );
}

/** Parses the world ports file; `file` names it in errors. */
export function parseWorldPorts(text: string, file: string): Port[] {
  const lines = text.split(/\r?\n/);
  const head = lines[0].split(",");
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${file}: missing column ${name}`);
    return i;
  };
  const [iName, iCode, iLat, iLon, iSize, iType] = [
    "name",
    "unlocode",
    "lat",
    "lon",
    "harbor_size",
    "harbor_type",
  ].map(col);
  const ports: Port[] = [];
  for (let n = 1; n < lines.length; n++) {
    if (lines[n].trim() === "") continue;
    const f = lines[n].split(",");
    const lat = Number(f[iLat]);
    const lon = Number(f[iLon]);
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
      throw new Error(`${file} line ${n + 1}: bad position`);
    // WPI writes UN/LOCODEs as "NL RTM"; profiles and events write "NLRTM"
    const code = f[iCode].replace(/ /g, "") || null;
    ports.push({
      name: f[iName],
      unlocode: code,
      kind: "world_port",
      // the UN/LOCODE's first two letters are the port state's ISO 3166 code
      country: code === null ? "" : code.slice(0, 2),
      lat,
      lon,
      radiusM: worldPortRadiusM(f[iSize], f[iType]),
    });
  }
  return ports;
}

let cached: Port[] | null = null;

/** The shipped world ports (read once per process). */
export function loadWorldPorts(): Port[] {
  if (cached === null) {
    const file = join(profilesDir(), "world", "ports.csv");
    cached = parseWorldPorts(readFileSync(file, "utf8"), file);
  }
  return cached;
}
