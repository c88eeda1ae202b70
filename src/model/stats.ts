/**
 * Counts kept while decoding, by outcome. "other_sentence" counts well-formed NMEA that is
 * not AIS (GPS fixes and the like in a mixed feed): not an error, but not kept. Every input line lands in exactly one of the
 * reject reasons or contributes to a decoded message, so the numbers add up and can be
 * reported per source.
 */
export const REJECT_REASONS = [
  "bad_checksum",
  "malformed",
  "overlong_line",
  "bad_fill_bits",
  "truncated_payload",
  "orphan_fragment",
  "expired_fragment",
  "unsupported_type",
  "invalid_field",
  "other_sentence",
  "comment",
] as const;

/**
 * Reasons that are not faults in the input: other NMEA sentences, comment lines and valid
 * messages of types darkfleet does not decode. Reports list them as skipped, not rejected.
 */
export const SKIP_REASONS: readonly RejectReason[] = ["other_sentence", "comment", "unsupported_type"];

export type RejectReason = (typeof REJECT_REASONS)[number];

export interface DecodeStats {
  lines: number;
  sentences: number;
  messages: number;
  /** Decoded messages by AIS message type (or "csv" rows). */
  decoded: Record<string, number>;
  rejected: Record<RejectReason, number>;
  /** Unsupported message types seen, by type number. */
  unsupported: Record<string, number>;
  /**
   * Decoded messages by where their time came from: the line's tag block, a leading stamp,
   * a field after the checksum, a `$PGHP` line before it, the stream's base-station
   * reports, the moment it was read, or nowhere (untimed: not stored, not detected).
   */
  times: Record<"tag_block" | "prefix" | "trailing" | "pghp" | "base_station" | "receive" | "none", number>;
  /** Tag blocks whose checksum was the placeholder `*00`, taken because their sentence checked. */
  placeholder_tag_checksums: number;
}

function emptyTimes(): DecodeStats["times"] {
  return { tag_block: 0, prefix: 0, trailing: 0, pghp: 0, base_station: 0, receive: 0, none: 0 };
}

export function emptyStats(): DecodeStats {
  const rejected = {} as Record<RejectReason, number>;
  for (const r of REJECT_REASONS) rejected[r] = 0;
  return {
    lines: 0,
    sentences: 0,
    messages: 0,
    decoded: {},
    rejected,
    unsupported: {},
    times: emptyTimes(),
    placeholder_tag_checksums: 0,
  };
}

/** Adds b's counts into a (for merging per-source stats into a total). */
export function addStats(a: DecodeStats, b: DecodeStats): void {
  a.lines += b.lines;
  a.sentences += b.sentences;
  a.messages += b.messages;
  for (const [k, v] of Object.entries(b.decoded)) a.decoded[k] = (a.decoded[k] ?? 0) + v;
  for (const r of REJECT_REASONS) a.rejected[r] += b.rejected[r];
  for (const [k, v] of Object.entries(b.unsupported)) a.unsupported[k] = (a.unsupported[k] ?? 0) + v;
  for (const k of Object.keys(a.times) as (keyof DecodeStats["times"])[]) a.times[k] += b.times[k];
  a.placeholder_tag_checksums += b.placeholder_tag_checksums;
}
