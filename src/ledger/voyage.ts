/** What voyages share: which port a fix lies in, which port a course points at, the draught then. */
import { bearingDeg, distanceM, METRES_PER_NM } from "../geo/distance.js";
import type { Port } from "../geo/zones.js";
import type { Position } from "../model/records.js";
import type { DraughtReport } from "../store/queries.js";

export const portAt = (ports: Port[], p: Position) =>
  ports.find((q) => distanceM(p.lat, p.lon, q.lat, q.lon) <= q.radiusM) ?? null;

/** Course is taken over at least this distance: fixes seconds apart wobble. */
const COURSE_BASE_M = 1_000;

/**
 * The port the course at `track[i]` points at, among `ports`, if any is in range: the course
 * from the last fix at least COURSE_BASE_M before it.
 */
export function headingFor(
  ports: Port[],
  track: Position[],
  i: number,
  s: { headingToleranceDeg: number; headingRangeNm: number },
): Port | null {
  const fix = track[i];
  let j = i - 1;
  while (j >= 0 && distanceM(track[j].lat, track[j].lon, fix.lat, fix.lon) < COURSE_BASE_M) j--;
  if (j < 0) return null;
  const course = bearingDeg(track[j].lat, track[j].lon, fix.lat, fix.lon);
  let best: Port | null = null;
  let bestM = s.headingRangeNm * METRES_PER_NM;
  for (const q of ports) {
    const d = distanceM(fix.lat, fix.lon, q.lat, q.lon);
    const off = Math.abs(((bearingDeg(fix.lat, fix.lon, q.lat, q.lon) - course + 540) % 360) - 180);
    if (d <= bestM && off <= s.headingToleranceDeg) [best, bestM] = [q, d];
  }
  return best;
}

/** The draught reported at or before `t` (the latest), or null. */
export function draughtAt(reports: DraughtReport[], t: number): number | null {
  let d: number | null = null;
  for (const r of reports) {
    if (r.t > t) break;
    d = r.draught;
  }
  return d;
}
