/** Human-readable decode summaries for the terminal (stderr), one short line per topic. */
import { type DecodeStats, REJECT_REASONS, SKIP_REASONS } from "../model/stats.js";

const fmt = new Intl.NumberFormat("en-US");

export function formatStats(stats: DecodeStats, label = "decoded"): string {
  const byType = Object.entries(stats.decoded)
    .map(([type, n]) => `${type}: ${fmt.format(n)}`)
    .join(", ");
  const listed = (reasons: readonly string[]) =>
    reasons
      .filter((r) => stats.rejected[r as keyof DecodeStats["rejected"]] > 0)
      .map((r) => `${r} ${fmt.format(stats.rejected[r as keyof DecodeStats["rejected"]])}`)
      .join(", ");
  const rejected = listed(REJECT_REASONS.filter((r) => !SKIP_REASONS.includes(r)));
  const skipped = listed(SKIP_REASONS);
  const times = Object.entries(stats.times)
    .filter(([k, n]) => n > 0 && k !== "none")
    .map(([k, n]) => `${k} ${fmt.format(n)}`)
    .join(", ");
  const unsupported = Object.entries(stats.unsupported)
    .map(([type, n]) => `${type}: ${fmt.format(n)}`)
    .join(", ");
  const lines = [
    `${label} ${fmt.format(stats.messages)} messages from ${fmt.format(stats.lines)} lines` +
      (byType ? ` (by type ${byType})` : ""),
    `rejected: ${rejected || "none"}`,
  ];
  if (skipped) lines.push(`skipped: ${skipped}`);
  if (times || stats.times.none > 0)
    lines.push(
      `times: ${times || "none"}${stats.times.none > 0 ? `; untimed ${fmt.format(stats.times.none)}` : ""}`,
    );
  if (stats.placeholder_tag_checksums > 0)
    lines.push(`tag blocks with placeholder checksum *00: ${fmt.format(stats.placeholder_tag_checksums)}`);
  if (unsupported) lines.push(`unsupported types: ${unsupported}`);
  return `${lines.join("\n")}\n`;
}
