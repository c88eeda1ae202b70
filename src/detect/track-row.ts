/**
 * The numbers of a track's row (state-rows.ts), in order: the track's own, its loitering,
 * gap and port-call states', then the gap's ring of recent fix times and the entry and
 * last times of each profile zone. One row, so that a fix reads all of them from adjacent
 * cache lines.
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

export const PORT_NUMBERS = ["enterT", "lastInT", "stoppedMs", "prevT", "cell"] as const;

export const LOITER_AT = TRACK_NUMBERS.length;
export const GAP_AT = LOITER_AT + LOITER_NUMBERS.length;
export const PORT_AT = GAP_AT + GAP_NUMBERS.length;
export const RING_AT = PORT_AT + PORT_NUMBERS.length;

/** Size of the gap ring for `gapDenseFixes`. */
export const ringSize = (gapDenseFixes: number): number => Math.max(1, gapDenseFixes);

/** Where the zone times start, after a ring for `gapDenseFixes`: entry and last time of zone i at 2i and 2i + 1. */
export const zonesAt = (gapDenseFixes: number): number => RING_AT + ringSize(gapDenseFixes);

/** Numbers per track row for a gap ring for `gapDenseFixes` and `zones` profile zones. */
export const trackRowStride = (gapDenseFixes: number, zones: number): number =>
  zonesAt(gapDenseFixes) + 2 * zones;

/** The numbers of a vessel's row. */
export const VESSEL_NUMBERS = ["lastT", "draughtT", "draughtAtT", "nearPortT"] as const;
