/**
 * What detectors need to know about the Earth's surface: is a point on land, and how far
 * is it from the shore. Pluggable so tests can draw their own coast and the land mask
 * (geo/land.ts) can be swapped for a finer one.
 */

export interface Geography {
  isLand(lat: number, lon: number): boolean;
  /** Distance to the nearest coast in nautical miles (0 on land). */
  shoreDistanceNm(lat: number, lon: number): number;
}

/** No land anywhere: every point is open sea, infinitely far from shore. */
export const OPEN_SEA: Geography = {
  isLand: () => false,
  shoreDistanceNm: () => Number.POSITIVE_INFINITY,
};
