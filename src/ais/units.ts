/**
 * The units of scaled AIS fields (ITU-R M.1371-5, gpsd's scaling), each declared once: its
 * raw "not available" code, its scale, and both directions of the conversion. Decoding
 * turns the not-available code (and raw values beyond the field's range) into null;
 * encoding turns null into the code and clamps values to the field's range. Encoded
 * results are integers without negative zero (`| 0`), so scaling them back gives 0, not -0.
 * The field tables (fields.ts) name a unit per scaled field; the store keeps positions in
 * the raw units and takes its not-available codes from here.
 */

export interface Unit {
  /** Raw value meaning "not available": what null encodes to. */
  readonly na: number;
  /** Raw units per scaled unit (600 000 per degree for positions, 10 per knot for speed). */
  readonly scale: number;
  /** Raw value to scaled, null for "not available" and for raw values beyond the range. */
  readonly decode: (raw: number) => number | null;
  /** Scaled value to raw, null to `na`; clamped to the field's range. */
  readonly encode: (value: number | null) => number;
}

/** A position in 1/`scale` degree whose magnitude is at most `limit` degrees; `na` is limit + 1. */
function angleUnit(scale: number, limit: number): Unit {
  const max = limit * scale;
  const na = (limit + 1) * scale;
  return {
    na,
    scale,
    decode: (raw) => (raw > max || raw < -max ? null : raw / scale),
    encode: (v) => (v === null ? na : Math.round(v * scale) | 0),
  };
}

/** Longitude in 1/10000 minute: 181° means not available. */
export const LON = angleUnit(600_000, 180);
/** Latitude in 1/10000 minute: 91° means not available. */
export const LAT = angleUnit(600_000, 90);
/** Type 27 longitude in 1/10 minute. */
export const LON_LONG = angleUnit(600, 180);
/** Type 27 latitude in 1/10 minute. */
export const LAT_LONG = angleUnit(600, 90);

/** A magnitude in 1/`scale` unit: `na` means not available, na - 1 "that or more". */
function magnitudeUnit(scale: number, na: number): Unit {
  return {
    na,
    scale,
    decode: (raw) => (raw === na ? null : raw / scale),
    encode: (v) => (v === null ? na : Math.min(na - 1, Math.max(0, Math.round(v * scale)))),
  };
}

/** Speed over ground in 1/10 knot: 1023 not available, 102.2 "102.2 or more". */
export const SPEED = magnitudeUnit(10, 1023);
/** Type 9 speed in whole knots: 1023 not available, 1022 "1022 or more". */
export const SAR_SPEED = magnitudeUnit(1, 1023);
/** Type 9 altitude in whole metres: 4095 not available, 4094 "4094 or more". */
export const ALTITUDE = magnitudeUnit(1, 4095);
/** Type 27 speed in whole knots: 63 not available, 62 "62 or more". */
export const SPEED_LONG = magnitudeUnit(1, 63);

/** A direction in 1/`scale` degree below 360°; `na` and every raw value from 360° up mean not available. */
function directionUnit(scale: number, na: number): Unit {
  const full = 360 * scale;
  return {
    na,
    scale,
    decode: (raw) => (raw >= full ? null : raw / scale),
    encode: (v) => (v === null ? na : (Math.round(v * scale) % full) | 0),
  };
}

/** Course over ground in 1/10 degree: 3600 not available (and above it invalid). */
export const COURSE = directionUnit(10, 3600);
/** True heading in whole degrees: 511 not available (360-510 invalid). */
export const HEADING = directionUnit(1, 511);
/** Type 27 course in whole degrees: 511 not available. */
export const COURSE_LONG = directionUnit(1, 511);

/**
 * Rate of turn, degrees per minute, as gpsd scales it: ROT_AIS = 4.733·√ROT, rounded
 * (ITU-R M.1371 table 45). -128 is "not available"; ±127 ("turning faster than 5° per
 * 30 s", no sensor) has no figure, so it is given as ±720, above every measurable value
 * (±708), and ±720 or more encodes back to ±127.
 */
export const TURN: Unit = {
  na: -128,
  scale: 1,
  decode: (raw) => {
    if (raw === -128) return null;
    if (raw === 127 || raw === -127) return raw > 0 ? 720 : -720;
    const rot = Math.round((raw / 4.733) ** 2);
    return raw < 0 ? -rot : rot;
  },
  encode: (v) => {
    if (v === null) return -128;
    if (Math.abs(v) >= 720) return v > 0 ? 127 : -127;
    const raw = Math.min(126, Math.round(4.733 * Math.sqrt(Math.abs(v))));
    return v < 0 ? -raw | 0 : raw;
  },
};

/** Static draught in 1/10 metre, 25.5 meaning "25.5 or more"; 0 is "not available" but stays 0. */
export const DRAUGHT: Unit = {
  na: 0,
  scale: 10,
  decode: (raw) => raw / 10,
  encode: (v) => Math.min(255, Math.max(0, Math.round((v ?? 0) * 10))),
};

/** UTC second field (types 1-3, 9, 18, 19, 21): 60 means "time stamp not available". */
export const SECOND_NA = 60;
