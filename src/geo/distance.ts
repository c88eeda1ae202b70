/**
 * Great-circle helpers on a spherical Earth (mean radius). At the distances detectors
 * care about (metres to a few hundred kilometres) the sphere is within 0.5 % of WGS84,
 * far inside AIS position noise, and it is several times faster than a geodesic solve.
 */

export const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_NM = 1852;
/** Knots to metres per second. */
export const KN_TO_MS = METRES_PER_NM / 3600;

const RAD = Math.PI / 180;

/** Haversine distance in metres between two WGS84 points given in degrees. */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial bearing from point 1 to point 2, degrees clockwise from true north in [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** The point reached from (lat, lon) after `distM` metres on initial bearing `bearing` degrees. */
export function destination(
  lat: number,
  lon: number,
  bearing: number,
  distM: number,
): { lat: number; lon: number } {
  const d = distM / EARTH_RADIUS_M;
  const b = bearing * RAD;
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: p2 / RAD, lon: ((((l2 / RAD + 540) % 360) + 360) % 360) - 180 };
}
