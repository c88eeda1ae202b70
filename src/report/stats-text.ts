/** Human-readable decode summaries for the terminal (stderr), one short line per topic. */
import { type DecodeStats, REJECT_REASONS } from "../model/stats.js";

const fmt = new Intl.NumberFormat("en-US");

export function formatStats(stats: DecodeStats, label = "decoded"): string {
  const byType = Object.entries(stats.decoded)
    .map(([type, n]) => `${type}: ${fmt.format(n)}`)
    .join(", ");
  const rejected = REJECT_REASONS.filter((r) => stats.rejected[r] > 0)
    .map((r) => `${r} ${fmt.format(stats.rejected[r])}`)
    .join(", ");
  const unsupported = Object.entries(stats.unsupported)
    .map(([type, n]) => `${type}: ${fmt.format(n)}`)
    .join(", ");
  const lines = [
    `${label} ${fmt.format(stats.messages)} messages from ${fmt.format(stats.lines)} lines` +
      (byType ? ` (by type ${byType})` : ""),
    `rejected: ${rejected || "none"}`,
  ];
  if (unsupported) lines.push(`unsupported types: ${unsupported}`);
  return `${lines.join("\n")}\n`;
}
