/**
 * The ports ships sail between: the DPRK profile's port list (profiles/dprk/ports.csv,
 * which also carries the Chinese, Korean and Russian ports of the region's trade), each
 * with a berth, the nearest sea cell to the port's position, since a port's charted point
 * is often on land at the land mask's resolution.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { distanceM } from "../geo/distance.js";
import { landMask } from "../geo/land.js";
import { profilesDir } from "../profile/load.js";
import { type LatLon, nearestSea } from "./route.js";

export interface Port {
  name: string;
  country: string;
  lat: number;
  lon: number;
  radiusKm: number;
  /** Where ships lie in port: a sea cell inside the port's radius. */
  berth: LatLon;
}

const PORTS_CSV = join(profilesDir(), "dprk", "ports.csv");

/** Reads the port list; a port whose berth would fall outside its radius is left out. */
export function loadPorts(file = PORTS_CSV): Port[] {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  const at = (name: string) => cols.indexOf(name);
  const ports: Port[] = [];
  for (const row of rows) {
    // No quoted fields in the profile's CSV; names carry parentheses, not commas.
    const f = row.split(",");
    const lat = Number(f[at("lat")]);
    const lon = Number(f[at("lon")]);
    const radiusKm = Number(f[at("radius_km")]);
    const berth = nearestSea({ lat, lon }, landMask());
    if (!berth || distanceM(lat, lon, berth.lat, berth.lon) > radiusKm * 1000 * 0.7) continue;
    ports.push({ name: f[at("name")], country: f[at("country")], lat, lon, radiusKm, berth });
  }
  return ports;
}
