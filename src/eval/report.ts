/**
 * The evaluator's text report: a per-kind table of precision, recall and F1, the missed
 * truth events, the false detections (with the confounder that produced each, if any),
 * and a one-line total. Deterministic: the same result prints the same bytes.
 */
import type { ConfounderEvents, Detection, EvalResult, KindScore } from "./match.js";

const f3 = (x: number) => x.toFixed(3);
const isoOf = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

function table(kinds: KindScore[]): string[] {
  const header = ["kind", "truth", "detected", "tp", "fp", "fn", "precision", "recall", "f1"];
  const rows = kinds.map((k) => [
    k.kind,
    String(k.truth),
    String(k.detected),
    String(k.tp),
    String(k.fp),
    String(k.fn),
    f3(k.precision),
    f3(k.recall),
    f3(k.f1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [row(header, widths), ...rows.map((r) => row(r, widths))];
}

/** Events per confounder name: every name, zero included, with the kinds that fired. */
function confounderTable(rows: ConfounderEvents[]): string[] {
  const header = ["confounder", "in truth", "events", "kinds"];
  const cells = rows.map((c) => [
    c.name,
    String(c.confounders),
    String(c.events),
    Object.entries(c.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const fmt = (r: string[]) => row(r, widths).trimEnd();
  return [fmt(header), ...cells.map(fmt)];
}

function detection(d: Detection): string {
  return `${d.kind} [${d.mmsis.join(",")}] ${isoOf(d.start)} .. ${isoOf(d.end)} (line ${d.line}, id ${d.id})`;
}

export function formatReport(r: EvalResult): string {
  const out = table(r.kinds);
  out.push("", `missed (${r.missed.length}):`);
  for (const e of r.missed) {
    const vs = e.vessels.map((v) => v.mmsi).join(",");
    out.push(`  ${e.id} ${e.kind} [${vs}] ${e.start} .. ${e.end}${e.detail ? ` (${e.detail})` : ""}`);
  }
  out.push("", `false (${r.false.length}):`);
  for (const f of r.false) {
    const why = f.confounder
      ? ` <- confounder ${f.confounder.name} (${f.confounder.id})`
      : f.duplicate
        ? " <- duplicate"
        : "";
    out.push(`  ${detection(f.detection)}${why}`);
  }
  const names = r.confounderEvents.filter((c) => c.events > 0).map((c) => c.name);
  out.push(
    "",
    `confounders that produced events: ${r.confounderEventsTotal}${names.length ? ` (${names.join(", ")})` : ""}`,
    ...confounderTable(r.confounderEvents),
  );
  if (r.unscored > 0) out.push(`unscored detections (kinds without truth): ${r.unscored}`);
  const t = r.total;
  out.push(
    `total: precision ${f3(t.precision)} recall ${f3(t.recall)} f1 ${f3(t.f1)} (tp ${t.tp}, fp ${t.fp}, fn ${t.fn}; ${t.truth} truth, ${t.detected} detected)`,
  );
  return `${out.join("\n")}\n`;
}
