/**
 * libais (`aisdecode --gpsd`, Debian libais-tools 0.17) brought into darkfleet's
 * representation: the second opinion, above all where gpsd is silent (the `assigned` flag
 * of types 9, 18 and 21, the sign of the rate of turn, type 27 positions at full
 * precision, tag-block time and station). Worked out by running aisdecode on the corpus:
 *
 * - Names: libais keeps some of its own in gpsd mode: `part_num` (partno), `vendor_id`
 *   (vendorid), type 18 `unit` (cs: carrier-sense unit) and `mode` (assigned),
 *   `tagblock_timestamp` (rxtime) and `tagblock_station` (station).
 * - Numbers are single-precision floats (102.30000305): compared within 1e-4; lat/lon
 *   are doubles, compared within 5e-7° since darkfleet prints 6 decimals (as gpsd does).
 * - Not available: the raw sentinels (speed 102.3 or 1023 or 63, alt 4095, lat 91, lon
 *   181, course 360 or 511, heading 511) and invalid raw values beyond them (printed
 *   raw, as gpsd does) are darkfleet's null. libais gives turn null both
 *   for "no information" (-128) and for "turning fast, no indicator" (±127), darkfleet
 *   null and ±720; other turns are unrounded, so compared within 0.5.
 * - Type 27 `gnss`: libais reports "current GNSS position", the inverse of the raw bit
 *   that gpsd and darkfleet report.
 * - `imo` is a string; type 4/11 `timestamp` packs year to second.
 * - Text is not compared: libais's six-bit table differs from the standard (' becomes `,
 *   _ becomes -), it strips leading spaces and keeps '@'. gpsd is the text oracle.
 * - Type 24B of an auxiliary craft: libais reads dimensions where the mother ship's MMSI
 *   is, so those dimensions are not compared.
 */
import { angle, type Normalised, within } from "./gpsd-normalise.js";

const FLOAT = 1e-4;
const DEGREES = 5e-7;

/** Sentinel → null. */
function unless(value: unknown, ...sentinels: number[]): unknown {
  return typeof value === "number" && sentinels.includes(value) ? null : value;
}

function isoTime(value: unknown): unknown {
  return typeof value === "string" ? new Date(Date.parse(value)).toISOString() : value;
}

/** The fields of one libais record that darkfleet also emits, in darkfleet's representation. */
export function normaliseLibais(rec: Record<string, unknown>): Normalised[] {
  const type = rec.type as number;
  const out: Normalised[] = [];
  const put = (field: string, value: unknown, tolerance = 0, alike: readonly unknown[] = []) => {
    if (value !== undefined) out.push({ field, value, tolerance, alike });
  };
  for (const f of ["type", "repeat", "mmsi", "accuracy", "raim", "second", "maneuver", "epfd", "dte"])
    put(f, rec[f]);
  for (const f of ["ais_version", "shiptype", "aid_type", "off_position", "virtual_aid", "assigned"])
    put(f, rec[f]);
  for (const f of ["display", "dsc", "band", "msg22"]) put(f, rec[f]);
  if (type !== 24 || rec.part_num === 0 || Math.floor((rec.mmsi as number) / 1e7) !== 98) {
    for (const f of ["to_bow", "to_stern", "to_port", "to_starboard"]) put(f, rec[f]);
  }
  if (type !== 9) put("regional", type === 21 ? rec.regional : undefined);
  put("status", rec.status);
  put("lat", within(rec.lat, 90), DEGREES);
  put("lon", within(rec.lon, 180), DEGREES);
  put("heading", angle(rec.heading));
  put("course", angle(rec.course), FLOAT);
  put("speed", unless(rec.speed, type === 9 ? 1023 : type === 27 ? 63 : 102.30000305175781), FLOAT);
  put("alt", unless(rec.alt, 4095));
  put("draught", rec.draught, FLOAT);
  put("imo", typeof rec.imo === "string" ? Number(rec.imo) : rec.imo);
  put("partno", rec.part_num);
  if (typeof rec.vendor_id === "string")
    put("vendorid", rec.vendor_id.slice(0, 3).replace(/@.*$/, "").trimEnd());
  if (type === 18) {
    put("cs", rec.unit);
    put("assigned", rec.mode);
  }
  if (type === 27 && typeof rec.gnss === "boolean") put("gnss", !rec.gnss);
  if ("turn" in rec) put("turn", rec.turn, 0.5, rec.turn === null ? [720, -720] : []);
  if ((type === 4 || type === 11) && typeof rec.timestamp === "string") {
    const parts = rec.timestamp.match(/\d+/g) ?? [];
    ["year", "month", "day", "hour", "minute", "second"].forEach((f, i) => {
      put(f, Number(parts[i]));
    });
  }
  put("rxtime", isoTime(rec.tagblock_timestamp));
  put("station", rec.tagblock_station);
  return out;
}
