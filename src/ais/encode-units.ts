/**
 * Scaled units to raw AIS field values (ITU-R M.1371-5), the encoder's half of the unit
 * conversions; null becomes the standard's "not available" value. Out-of-range values
 * are clamped to the nearest valid one. Results are integers without negative zero
 * (`| 0`), so scaling them back gives 0, not -0.
 */

/** Degrees to 1/10000 minute; null → 181° (longitude). */
export function lonRaw(lon: number | null): number {
  return lon === null ? 108_600_000 : Math.round(lon * 600_000) | 0;
}

/** Degrees to 1/10000 minute; null → 91° (latitude). */
export function latRaw(lat: number | null): number {
  return lat === null ? 54_600_000 : Math.round(lat * 600_000) | 0;
}

/** Knots to 1/10 knot, 102.2 meaning "102.2 or more"; null → 1023. */
export function speedRaw(speed: number | null): number {
  return speed === null ? 1023 : Math.min(1022, Math.max(0, Math.round(speed * 10)));
}

/** Degrees to 1/10 degree in [0, 3600); null → 3600. */
export function courseRaw(course: number | null): number {
  return course === null ? 3600 : (Math.round(course * 10) % 3600) | 0;
}

/** Whole degrees; null → 511. */
export function headingRaw(heading: number | null): number {
  return heading === null ? 511 : (Math.round(heading) % 360) | 0;
}

/**
 * Rate of turn in degrees per minute to the indicator ROT_AIS = 4.733·√|ROT| (gpsd's
 * scaling, ITU-R M.1371 table 45): ±126 at most for a measured value; ±720 (darkfleet's
 * stand-in for "turning fast, no sensor") → ±127; null → -128.
 */
export function turnRaw(turn: number | null): number {
  if (turn === null) return -128;
  if (Math.abs(turn) >= 720) return turn > 0 ? 127 : -127;
  const raw = Math.min(126, Math.round(4.733 * Math.sqrt(Math.abs(turn))));
  return turn < 0 ? -raw | 0 : raw;
}

/** Static draught in metres to 1/10 metre, 25.5 meaning "25.5 or more". */
export function draughtRaw(draught: number): number {
  return Math.min(255, Math.max(0, Math.round(draught * 10)));
}

/** Type 9 altitude in whole metres, 4094 meaning "4094 or more"; null → 4095. */
export function altitudeRaw(alt: number | null): number {
  return alt === null ? 4095 : Math.min(4094, Math.max(0, Math.round(alt)));
}

/** Type 9 speed in whole knots, 1022 meaning "1022 or more"; null → 1023. */
export function sarSpeedRaw(speed: number | null): number {
  return speed === null ? 1023 : Math.min(1022, Math.max(0, Math.round(speed)));
}

/** Type 27 longitude in 1/10 minute; null → 181°. */
export function lonRawLong(lon: number | null): number {
  return lon === null ? 108_600 : Math.round(lon * 600) | 0;
}

/** Type 27 latitude in 1/10 minute; null → 91°. */
export function latRawLong(lat: number | null): number {
  return lat === null ? 54_600 : Math.round(lat * 600) | 0;
}

/** Type 27 speed in whole knots, 62 meaning "62 or more"; null → 63. */
export function speedRawLong(speed: number | null): number {
  return speed === null ? 63 : Math.min(62, Math.max(0, Math.round(speed)));
}

/** Type 27 course in whole degrees; null → 511. */
export function courseRawLong(course: number | null): number {
  return course === null ? 511 : (Math.round(course) % 360) | 0;
}

/** ASCII code → six-bit value (ITU-R M.1371 table 47); lower case is upper-cased, anything else is '?'. */
const TO_SIXBIT = new Uint8Array(128).fill(63);
for (let c = 32; c < 64; c++) TO_SIXBIT[c] = c;
for (let c = 64; c < 96; c++) TO_SIXBIT[c] = c - 64;
for (let c = 97; c <= 122; c++) TO_SIXBIT[c] = c - 96;

/** The six-bit value a text character is sent as. */
export function sixbitValue(charCode: number): number {
  return charCode < 128 ? TO_SIXBIT[charCode] : 63;
}
