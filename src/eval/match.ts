/**
 * Scores detected events against simulator truth. A detection matches a truth event of the
 * same kind when they share at least one vessel (MMSI) and their time spans overlap once
 * each is widened by a slack (detectors see an event a little late or early: reporting
 * intervals, slices, draught entered by hand). Matching is one-to-one, best time overlap
 * first, so a detector that splits one event in two scores one hit and one false event.
 * Unmatched detections are checked against the confounders, so the report can say which
 * look-alike fooled a detector.
 */
import { type Confounder, TRUTH_KINDS, type Truth, type TruthEvent, type TruthKind } from "../model/truth.js";

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

export interface EvalResult {
  kinds: KindScore[];
  total: Omit<KindScore, "kind">;
  matched: { truth: TruthEvent; detection: Detection }[];
  missed: TruthEvent[];
  false: FalseDetection[];
  /** Detections of kinds truth does not score (e.g. zone), counted only. */
  unscored: number;
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
  };
  const confounders = truth.confounders.map((c) => ({ c, span: spanOf(c) }));
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
      const conf = confounders.find((x) => x.c.looksLike.includes(kind) && overlap(x.span, d, slack) >= 0);
      result.false.push({ detection: d, confounder: conf?.c ?? null, duplicate });
    });
    const tp = truthHit.filter(Boolean).length;
    result.kinds.push(score(kind, events.length, dets.length, tp));
  }
  result.unscored = detections.filter((d) => !(TRUTH_KINDS as readonly string[]).includes(d.kind)).length;
  const sum = (k: "truth" | "detected" | "tp") => result.kinds.reduce((a, s) => a + s[k], 0);
  const { kind: _, ...total } = score("encounter", sum("truth"), sum("detected"), sum("tp"));
  result.total = total;
  return result;
}
