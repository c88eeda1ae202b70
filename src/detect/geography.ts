/**
 * What detectors need to know about the Earth's surface: is a point on land, and how far
 * is it from the shore. Pluggable so tests can draw their own coast; the default for
 * real runs is the Natural Earth land mask (geo/land.ts).
 */
import { inlandDistanceNm, landMask, shoreDistanceNm } from "../geo/land.js";

const M_PER_NM = 1852;

export interface Geography {
  /**
   * Whether a fix lies on land. Takes the fix, not two numbers (profile: a double read from
   * a record and passed to a call that is not inlined is boxed: a third of the per-fix
   * garbage).
   */
  isLand(p: { lat: number; lon: number }): boolean;
  /** Distance to the nearest coast in nautical miles (0 on land). */
  shoreDistanceNm(lat: number, lon: number): number;
  /** How far a land point lies from the nearest sea the coastline knows, m (0 at sea). */
  inlandDistanceM(lat: number, lon: number): number;
}

/** No land anywhere: every point is open sea, infinitely far from shore. */
export const OPEN_SEA: Geography = {
  isLand: () => false,
  shoreDistanceNm: () => Number.POSITIVE_INFINITY,
  inlandDistanceM: () => 0,
};

/** Offset of the neighbour probes, degrees (~5.5 km): the mask's 2' cells blur the coast by one cell. */
const INLAND_PROBE_DEG = 0.05;

/**
 * The Natural Earth land mask. A point counts as land only when it and its four
 * neighbours 0.05° away are all land cells, so ships at quays, in river mouths and in
 * narrow straits (which the 2' raster paints as land) are not reported as on land.
 */
export const NATURAL_EARTH: Geography = {
  isLand: ({ lat, lon }) => {
    const m = landMask();
    return (
      m.isLand(lat, lon) &&
      m.isLand(lat + INLAND_PROBE_DEG, lon) &&
      m.isLand(lat - INLAND_PROBE_DEG, lon) &&
      m.isLand(lat, lon + INLAND_PROBE_DEG) &&
      m.isLand(lat, lon - INLAND_PROBE_DEG)
    );
  },
  shoreDistanceNm,
  inlandDistanceM: (lat, lon) => inlandDistanceNm(lat, lon) * M_PER_NM,
};

/**
 * Builds the Natural Earth land mask and shore distances now (about a second), not at the
 * first fix: for a thread that can do it while another reads its input, and for timings
 * that should not include it.
 */
export function buildNaturalEarth(): void {
  NATURAL_EARTH.isLand({ lat: 0, lon: 0 });
  NATURAL_EARTH.shoreDistanceNm(0, 0);
}
