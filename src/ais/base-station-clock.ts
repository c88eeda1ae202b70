/**
 * Times for a raw receiver log that carries none (a receiver's serial output saved to a
 * file): base-station reports (types 4 and 11) in the same stream carry full UTC date and
 * time, and most other reports their own UTC second. A message is timed at the moment
 * nearest the latest base-station time whose second is its own; one without a second field
 * (or with "not available") takes the base-station time as it is. Works on the bits, so
 * the ingest's fast path (position reports as bits) is timed alike.
 */
import type { BitReader } from "./bits.js";
import { BASE_STATION, fieldOf, LAYOUTS } from "./fields.js";

const DATE = ["year", "month", "day", "hour", "minute", "second"].map((n) => fieldOf(BASE_STATION, n));

/** Offset of the UTC second field by message type, where the type has one. */
const SECOND_AT = new Map<number, number>();
for (const [type, layouts] of Object.entries(LAYOUTS)) {
  const f = layouts[0].fields.find((x) => "name" in x && x.name === "second");
  if (f !== undefined) SECOND_AT.set(Number(type), f.start);
}

export class BaseStationClock {
  /** The latest valid base-station time (epoch ms), null before the first. */
  private base: number | null = null;

  /** The time of a message whose line carried none; null before any base-station time. */
  timeOf(b: BitReader, type: number): number | null {
    if (type === 4 || type === 11) {
      const t = baseStationTime(b);
      if (t !== null) this.base = t;
    }
    const base = this.base;
    if (base === null) return null;
    const at = SECOND_AT.get(type);
    if (at === undefined || type === 4 || type === 11) return base;
    const second = b.u(at, 6);
    if (second >= 60) return base;
    // The instant with this second nearest the base time: within half a minute either side.
    const minute = base - (base % 60_000);
    let t = minute + second * 1000;
    if (t - base > 30_000) t -= 60_000;
    else if (base - t > 30_000) t += 60_000;
    return t;
  }
}

/** A type 4 or 11's UTC time, or null when any part is "not available" or out of range. */
function baseStationTime(b: BitReader): number | null {
  const [year, month, day, hour, minute, second] = DATE.map((f) => b.u(f.start, f.bits));
  if (year < 1980 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const t = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(t).getUTCDate() === day ? t : null;
}
