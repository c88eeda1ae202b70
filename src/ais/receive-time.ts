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

/**
 * The same as epochToMs for bytes `buf[start, end)`, without making a string: tag block
 * times are on every line of a feed.
 */
export function epochBytesToMs(buf: Uint8Array, start: number, end: number): number | null {
  let whole = 0;
  let i = start;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  const digits = i - start;
  if (digits < 9 || digits > 13) return null;
  let frac = 0;
  let scale = 1;
  if (i < end && buf[i] === 46) {
    for (i++; i < end; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) return null;
      frac = frac * 10 + d;
      scale *= 10;
    }
    if (scale === 1) return null;
  }
  if (i !== end) return null;
  const v = whole + frac / scale;
  return v >= 1e11 ? Math.round(v) : Math.round(v * 1000);
}
