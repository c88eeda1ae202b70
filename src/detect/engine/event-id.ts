/** Event ids: a hash of kind, sorted vessel MMSIs and start, so re-runs give the same id. */
import { createHash } from "node:crypto";
import type { EventKind } from "../../model/event.js";

/** 16 hex digits of SHA-256 over "kind|mmsi,mmsi|start" (discriminator appended when given). */
export function eventId(
  kind: EventKind,
  mmsis: readonly number[],
  start: number,
  discriminator = "",
): string {
  const sorted = [...mmsis].sort((a, b) => a - b);
  const text = `${kind}|${sorted.join(",")}|${start}${discriminator ? `|${discriminator}` : ""}`;
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
