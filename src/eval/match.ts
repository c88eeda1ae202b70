/**
 * Scores detected events against simulator truth. A detection matches a truth event of the
 * same kind when they share at least one vessel (MMSI) and their time spans overlap once
 * each is widened by a slack (detectors see an event a little late or early: reporting
 * intervals, slices, draught entered by hand). Matching is one-to-one, best time overlap
 * first, so a detector that splits one event in two scores one hit and one false event.
 * Unmatched detections are checked against the confounders (same vessel, overlapping time),
 * so the report can say which look-alike fooled a detector: the most specific one, that is
 * one the detection's kind is a look-alike of before any other, then the shortest.
 * Confounder events are counted per confounder name, every name in truth listed (zero
 * included), so "no events from confounders" is a figure.
 */
import {
  CONFOUNDER_NAMES,
  type Confounder,
  type ConfounderName,
  TRUTH_KINDS,
  type Truth,
  type TruthEvent,
  type TruthKind,
} from "../model/truth.js";

/** A detection as read from events JSON lines, times in epoch ms. */
export interface Detection {
  id: string;
  kind: string;
  mmsis: number[];
  start: number;
  end: number;
  /** The line it came from (1-based), for the report. */
  line: number;
}

export interface EvalOptions {
  /** Each span is widened by this on both sides before testing overlap, ms. */
  slackMs: number;
}

export const DEFAULT_EVAL: Readonly<EvalOptions> = { slackMs: 3_600_000 };

export interface KindScore {
  kind: TruthKind;
  truth: number;
  detected: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface FalseDetection {
  detection: Detection;
  /** The confounder it matches, if any. */
  confounder: Confounder | null;
  /** True when it overlaps a truth event that another detection already matched. */
  duplicate: boolean;
}

/** False detections falling on one confounder name (duplicates of a truth event not counted). */
export interface ConfounderEvents {
  name: ConfounderName;
  /** Confounders of this name in truth. */
  confounders: number;
  /** False detections attributed to them. */
  events: number;
  /** Those detections by kind (kinds with none left out). */
  byKind: Partial<Record<string, number>>;
}

export interface EvalResult {
  kinds: KindScore[];
  total: Omit<KindScore, "kind">;
  matched: { truth: TruthEvent; detection: Detection }[];
  missed: TruthEvent[];
  false: FalseDetection[];
  /** Detections of kinds truth does not score (e.g. zone), counted only. */
  unscored: number;
  /** Per confounder name present in truth (and every known name), in CONFOUNDER_NAMES order. */
  confounderEvents: ConfounderEvents[];
  /** The sum of `confounderEvents`: 0 is the goal. */
  confounderEventsTotal: number;
}

interface Span {
  start: number;
  end: number;
  mmsis: number[];
}

function spanOf(x: { start: string; end: string; vessels: { mmsi: number }[] }): Span {
  return { start: Date.parse(x.start), end: Date.parse(x.end), mmsis: x.vessels.map((v) => v.mmsi) };
}

/** Overlap of the two widened spans, ms; negative when they do not meet or share no vessel. */
function overlap(a: Span, d: Detection, slack: number): number {
  if (!a.mmsis.some((m) => d.mmsis.includes(m))) return -1;
  const lo = Math.max(a.start - slack, d.start - slack);
  const hi = Math.min(a.end + slack, d.end + slack);
  return hi >= lo ? hi - lo : -1;
}

function score(kind: TruthKind, truth: number, detected: number, tp: number): KindScore {
  const fp = detected - tp;
  const fn = truth - tp;
  // An empty side is perfect on that side: nothing to find, or nothing claimed.
  const precision = detected === 0 ? 1 : tp / detected;
  const recall = truth === 0 ? 1 : tp / truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { kind, truth, detected, tp, fp, fn, precision, recall, f1 };
}

export function evaluate(
  truth: Truth,
  detections: Detection[],
  opts: EvalOptions = DEFAULT_EVAL,
): EvalResult {
  const slack = opts.slackMs;
  const result: EvalResult = {
    kinds: [],
    total: { truth: 0, detected: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 },
    matched: [],
    missed: [],
    false: [],
    unscored: 0,
    confounderEvents: [],
    confounderEventsTotal: 0,
  };
  const confounderOf = confounderIndex(truth.confounders);
  for (const kind of TRUTH_KINDS) {
    const events = truth.events.filter((e) => e.kind === kind);
    const spans = events.map(spanOf);
    const dets = detections.filter((d) => d.kind === kind);
    // Every candidate pair, best overlap first; ties broken by position for determinism.
    const pairs: [number, number, number][] = [];
    spans.forEach((s, i) => {
      dets.forEach((d, j) => {
        const o = overlap(s, d, slack);
        if (o >= 0) pairs.push([o, i, j]);
      });
    });
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const truthHit = new Array<boolean>(events.length).fill(false);
    const detHit = new Array<boolean>(dets.length).fill(false);
    for (const [, i, j] of pairs) {
      if (truthHit[i] || detHit[j]) continue;
      truthHit[i] = detHit[j] = true;
      result.matched.push({ truth: events[i], detection: dets[j] });
    }
    events.forEach((e, i) => {
      if (!truthHit[i]) result.missed.push(e);
    });
    dets.forEach((d, j) => {
      if (detHit[j]) return;
      const duplicate = spans.some((s) => overlap(s, d, slack) >= 0);
      result.false.push({ detection: d, confounder: confounderOf(d, slack), duplicate });
    });
    const tp = truthHit.filter(Boolean).length;
    result.kinds.push(score(kind, events.length, dets.length, tp));
  }
  result.unscored = detections.filter((d) => !(TRUTH_KINDS as readonly string[]).includes(d.kind)).length;
  const sum = (k: "truth" | "detected" | "tp") => result.kinds.reduce((a, s) => a + s[k], 0);
  const { kind: _, ...total } = score("encounter", sum("truth"), sum("detected"), sum("tp"));
  result.total = total;
  countConfounderEvents(truth, result);
  return result;
}

/** Finds the confounder a detection falls on, through an index by MMSI. */
function confounderIndex(confounders: Confounder[]): (d: Detection, slack: number) => Confounder | null {
  const byMmsi = new Map<number, { c: Confounder; span: Span }[]>();
  for (const c of confounders) {
    const x = { c, span: spanOf(c) };
    for (const m of x.span.mmsis) {
      const list = byMmsi.get(m) ?? [];
      list.push(x);
      byMmsi.set(m, list);
    }
  }
  return (d, slack) => {
    let best: { c: Confounder; span: Span } | null = null;
    let bestRank = 0;
    for (const m of d.mmsis) {
      for (const x of byMmsi.get(m) ?? []) {
        if (overlap(x.span, d, slack) < 0) continue;
        // Look-alikes of this kind first, then the shortest (a bunkering before its whole anchorage).
        const rank = (x.c.looksLike.includes(d.kind as TruthKind) ? 0 : 1e15) + (x.span.end - x.span.start);
        if (best === null || rank < bestRank || (rank === bestRank && x.c.id < best.c.id)) {
          best = x;
          bestRank = rank;
        }
      }
    }
    return best?.c ?? null;
  };
}

function countConfounderEvents(truth: Truth, result: EvalResult): void {
  const rows = new Map<ConfounderName, ConfounderEvents>();
  for (const name of CONFOUNDER_NAMES) rows.set(name, { name, confounders: 0, events: 0, byKind: {} });
  for (const c of truth.confounders) {
    const row = rows.get(c.name) ?? { name: c.name, confounders: 0, events: 0, byKind: {} };
    row.confounders++;
    rows.set(c.name, row);
  }
  for (const f of result.false) {
    if (f.confounder === null || f.duplicate) continue;
    const row = rows.get(f.confounder.name);
    if (row === undefined) continue;
    row.events++;
    row.byKind[f.detection.kind] = (row.byKind[f.detection.kind] ?? 0) + 1;
    result.confounderEventsTotal++;
  }
  result.confounderEvents = [...rows.values()];
}
