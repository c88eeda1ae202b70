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

/**
 * Where the variable parts of a track row lie for one config and profile: the gap's ring
 * of fix times (`gapDenseFixes` long), then the entry and last times of each profile zone
 * (zone i at 2i and 2i + 1). One layout per run, so that no state needs to know how long
 * the parts before its own are.
 */
export class TrackRowLayout {
  readonly ringSize: number;
  readonly zonesAt: number;
  /** Numbers per track row. */
  readonly stride: number;

  constructor(gapDenseFixes: number, zones: number) {
    this.ringSize = Math.max(1, gapDenseFixes);
    this.zonesAt = RING_AT + this.ringSize;
    this.stride = this.zonesAt + 2 * zones;
  }
}

/** The numbers of a vessel's row. */
export const VESSEL_NUMBERS = ["lastT", "draughtT", "draughtAtT", "nearPortT"] as const;
