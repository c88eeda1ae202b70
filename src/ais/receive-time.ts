/**
 * Receive times found around a sentence: the tag block's `c:` field and the leading
 * time stamp feed dumps put before each line (epoch seconds or milliseconds, or ISO 8601).
 */

/** Parses an epoch number in seconds (or milliseconds when it is that large) to ms; null if not one. */
export function epochToMs(text: string): number | null {
  if (!/^\d{9,13}(\.\d+)?$/.test(text)) return null;
  const v = Number(text);
  return v >= 1e11 ? Math.round(v) : Math.round(v * 1000);
}

/** Parses a leading time stamp (epoch or ISO 8601, UTC unless it says otherwise); null if it is not one. */
export function parseLeadingTime(prefix: string): number | null {
  const text = prefix.trim().replace(/[\s,;|]+$/, "");
  if (text === "") return null;
  const epoch = epochToMs(text);
  if (epoch !== null) return epoch;
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text)) return null;
  const iso = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const t = Date.parse(iso.replace(" ", "T"));
  return Number.isNaN(t) ? null : t;
}
