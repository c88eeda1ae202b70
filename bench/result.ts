/** The shape every benchmark reports in, and how the runner prints it. */

export interface BenchResult {
  /** What was measured, e.g. "decode to records". */
  name: string;
  value: number;
  unit: string;
  /** The same measure for a peer tool or baseline, taken in the same run. */
  peer?: { name: string; value: number };
  /** value / peer.value. */
  ratio?: number;
  note?: string;
}

const num = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function withPeer(r: Omit<BenchResult, "ratio">): BenchResult {
  return r.peer ? { ...r, ratio: r.value / r.peer.value } : r;
}

export function formatResults(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${num.format(r.value)} ${r.unit}`,
    r.peer ? `${r.peer.name}: ${num.format(r.peer.value)} ${r.unit}` : "",
    r.ratio !== undefined ? `${num.format(r.ratio)}×` : "",
    r.note ?? "",
  ]);
  const header = ["benchmark", "darkfleet", "peer (same run)", "ratio", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
