/**
 * The numbers of a track's row (state-rows.ts), in order: the track's own, its loitering
 * state's, its gap state's, then the gap's ring of recent fix times. One row, so that a
 * fix reads all of them from adjacent cache lines.
 */
export const TRACK_NUMBERS = [
  "lastT",
  "lastLat",
  "lastLon",
  "firstT",
  "nFix",
  "cosLat",
  "cosLatAt",
  "receptionT",
  "trailT",
  "placeCheckT",
] as const;

export const LOITER_NUMBERS = [
  "bin",
  "binEndT",
  "binFirstT",
  "binLastT",
  "sogSum",
  "sogN",
  "binShoreNm",
  "epBins",
  "epFirstT",
  "epLastT",
  "epLastBin",
  "epShoreSum",
  "epSogSum",
  "epSogN",
  "epPartnerBins",
] as const;

export const GAP_NUMBERS = ["n", "next", "lastT", "lastLat", "lastLon"] as const;

export const LOITER_AT = TRACK_NUMBERS.length;
export const GAP_AT = LOITER_AT + LOITER_NUMBERS.length;
export const RING_AT = GAP_AT + GAP_NUMBERS.length;

/** Numbers per track row for a gap ring of `ring` fix times. */
export const trackRowStride = (ring: number): number => RING_AT + Math.max(1, ring);

/** The numbers of a vessel's row. */
export const VESSEL_NUMBERS = ["lastT", "draughtT", "draughtAtT", "nearPortT"] as const;
