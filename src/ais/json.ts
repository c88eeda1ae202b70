/**
 * AIS messages as gpsd's AIS JSON (one object per line, `gpsdecode -j` field names).
 * darkfleet's own additions: `rxtime` (ISO 8601 UTC) and `station`, written only when known.
 *
 * Hand-written rather than JSON.stringify with a replacer: `decode --json` writes millions
 * of lines and the replacer callback was the larger part of the output cost.
 */
import type { AisMessage } from "../model/ais.js";

/** JSON string literal with every non-ASCII character escaped, so output lines are pure ASCII. */
export function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Degrees with 6 decimals, as gpsd prints them. Lossless: AIS positions come in steps of
 * 1/600000 degree, wider than the 1e-6 rounding. Formatting the scaled integer is several
 * times faster than printing the shortest round-trip double.
 */
function fixed6(deg: number): string {
  const micro = Math.round(Math.abs(deg) * 1e6);
  const whole = Math.floor(micro / 1e6);
  const frac = String(micro - whole * 1e6);
  return `${deg < 0 && micro !== 0 ? "-" : ""}${whole}.${"000000".slice(frac.length)}${frac}`;
}

/** One message as a line of gpsd AIS JSON; pure ASCII (six-bit text cannot hold anything else). */
export function toGpsdJson(msg: AisMessage): string {
  let out = '{"class":"AIS"';
  const rec = msg as unknown as Record<string, unknown>;
  for (const key in rec) {
    const v = rec[key];
    switch (key) {
      case "class":
        continue;
      case "rxtime":
        if (v !== null) out += `,"rxtime":"${new Date(v as number).toISOString()}"`;
        continue;
      case "station":
        if (v !== null) out += `,"station":${asciiJson(v as string)}`;
        continue;
    }
    if (typeof v === "string") out += `,"${key}":${JSON.stringify(v)}`;
    else if ((key === "lat" || key === "lon") && v !== null) out += `,"${key}":${fixed6(v as number)}`;
    else out += `,"${key}":${v}`;
  }
  return `${out}}`;
}
