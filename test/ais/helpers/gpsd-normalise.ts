/**
 * gpsd's AIS JSON (`gpsdecode -j -s`, gpsd 3.22) brought into darkfleet's representation,
 * so the two can be compared value for value. This is the ONLY place where the two are
 * allowed to differ, and only in how a value is written, never in what it is. Worked out
 * by running gpsdecode on the encoder's edge cases:
 *
 * 1. `class`, `device` and `scaled` are not message data. Ignored. (The `*_text` labels
 *    are compared as they are: darkfleet writes gpsd's.)
 * 2. Printed precision: gpsd prints lat/lon with 6 decimals (type 27 with 1), speed,
 *    course and draught with 1. A number matches when within half its last printed digit.
 * 3. Not available: gpsd prints the raw sentinel or a word, darkfleet null:
 *    turn "nan"; speed "nan" (types 1-3, 9), 102.3 (types 18, 19: printed raw), 63 (type
 *    27); alt "nan"; lat 91 and lon 181, and anything beyond ±90/±180 (printed raw);
 *    course 360 and above (type 27: 511), printed raw; heading 511, and 360-510 (invalid,
 *    printed raw).
 * 4. Words for limits: turn "fastright"/"fastleft" (ROT_AIS ±127, no turn indicator) is
 *    darkfleet's documented ±720; speed "fast" is 102.2 kn (type 9: 1022 kn); alt "high"
 *    is 4094 m.
 * 5. Times packed in one string: type 4/11 `timestamp` "YYYY-MM-DDTHH:MM:SSZ" is year,
 *    month, day, hour, minute, second; type 5 `eta` "MM-DDTHH:MMZ" is month, day, hour,
 *    minute. darkfleet writes both the string (compared as it is) and the parts.
 * 6. Type 24 (with -s, halves reported separately): `part` "A"/"B" is partno 0/1.
 *    gpsd reads `vendorid` as 7 characters over the vendor id, unit model and serial
 *    number (the layout before ITU-R M.1371-4); the vendor id is its first 3, trailing
 *    spaces trimmed.
 * 7. Type 27 `status` is printed as its label in scaled output: the number is taken from
 *    gpsd's own unscaled output (-u) of the same sentence.
 * 8. gpsd 3.22 prints turn as (ROT_AIS / 4.733)² and loses the sign (a port turn of 5°/min
 *    prints as 5): the magnitude is gpsd's scaled value, the sign that of gpsd's own raw
 *    indicator from its unscaled output.
 */

export interface GpsdRecord {
  values: Record<string, unknown>;
  /** Digits after the decimal point of each number as printed. */
  decimals: Record<string, number>;
}

/** Parses one line of gpsd JSON, keeping how many decimals each number was printed with. */
export function parseGpsd(line: string): GpsdRecord {
  const decimals: Record<string, number> = {};
  for (const m of line.matchAll(/"(\w+)":-?\d+(?:\.(\d+))?(?=[,}])/g)) decimals[m[1]] = m[2]?.length ?? 0;
  return { values: JSON.parse(line) as Record<string, unknown>, decimals };
}

/** A value in darkfleet's representation and the tolerance its printed precision allows. */
export interface Normalised {
  field: string;
  value: unknown;
  tolerance: number;
  /** Other darkfleet values the reference cannot tell apart from this one. */
  alike?: readonly unknown[];
}

const IGNORED = new Set(["class", "device", "scaled"]);

function tolerance(rec: GpsdRecord, key: string): number {
  const d = rec.decimals[key];
  return d === undefined ? 0 : 0.5 * 10 ** -d;
}

/** Beyond ±limit (a sentinel such as lat 91, or an invalid raw value): darkfleet's null. */
export function within(value: unknown, limit: number): unknown {
  return typeof value === "number" && Math.abs(value) > limit ? null : value;
}

/** An angle of 360 or more (sentinel or invalid raw value): darkfleet's null. */
export function angle(value: unknown): unknown {
  return typeof value === "number" && value >= 360 ? null : value;
}

/** Rules 3-4 for one field of a message of `type`; `raw` is the same field in gpsd's unscaled output. */
function normaliseValue(type: number, key: string, value: unknown, raw: unknown): unknown {
  switch (key) {
    case "turn":
      if (value === "nan") return null;
      if (value === "fastright") return 720;
      if (value === "fastleft") return -720;
      return typeof value === "number" && typeof raw === "number" && raw < 0 ? -value : value;
    case "speed":
      if (value === "nan") return null;
      if (value === "fast") return type === 9 ? 1022 : 102.2;
      if (type === 27) return value === 63 ? null : value;
      return (type === 18 || type === 19) && value === 102.3 ? null : value;
    case "alt":
      if (value === "nan") return null;
      return value === "high" ? 4094 : value;
    case "lat":
      return within(value, 90);
    case "lon":
      return within(value, 180);
    case "course":
    case "heading":
      return angle(value);
    case "status":
      return type === 27 ? raw : value;
    default:
      return value;
  }
}

/** Rule 5: a packed time string as its parts. */
function timeParts(text: string, names: readonly string[]): Normalised[] {
  const parts = text.match(/\d+/g) ?? [];
  return names.map((field, i) => ({
    field,
    value: parts[i] === undefined ? undefined : Number(parts[i]),
    tolerance: 0,
  }));
}

/** Every data field of a gpsd record in darkfleet's representation; `unscaled` is the same message from `gpsdecode -u`. */
export function normaliseGpsd(rec: GpsdRecord, unscaled: Record<string, unknown>): Normalised[] {
  const type = rec.values.type as number;
  const out: Normalised[] = [];
  for (const [key, value] of Object.entries(rec.values)) {
    if (IGNORED.has(key)) continue;
    if (key === "timestamp" && typeof value === "string") {
      out.push({ field: key, value, tolerance: 0 });
      out.push(...timeParts(value, ["year", "month", "day", "hour", "minute", "second"]));
    } else if (key === "eta" && typeof value === "string") {
      out.push({ field: key, value, tolerance: 0 });
      out.push(...timeParts(value, ["month", "day", "hour", "minute"]));
    } else if (key === "part") {
      out.push({ field: "partno", value: value === "A" ? 0 : value === "B" ? 1 : value, tolerance: 0 });
    } else if (key === "vendorid" && typeof value === "string") {
      out.push({ field: key, value: value.slice(0, 3).trimEnd(), tolerance: 0 });
    } else {
      out.push({
        field: key,
        value: normaliseValue(type, key, value, unscaled[key]),
        tolerance: tolerance(rec, key),
      });
    }
  }
  return out;
}
