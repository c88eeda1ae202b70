/**
 * AIS messages as gpsd's AIS JSON (one object per line, `gpsdecode -j` field names).
 * darkfleet's own additions: `rxtime` (ISO 8601 UTC) and `station`, written only when known.
 *
 * Hand-written rather than JSON.stringify with a replacer: `decode --json` writes millions
 * of lines and the replacer callback was the larger part of the output cost.
 */
import type { AisMessage } from "../model/ais.js";

/** JSON string literal with every non-ASCII character escaped, so output lines are pure ASCII. */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
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
    out += `,"${key}":${typeof v === "string" ? JSON.stringify(v) : v}`;
  }
  return `${out}}`;
}
