/**
 * Detection on real traffic at fleet scale (issue 15): the real US sample
 * (shared/real/marinecadastre_*.csv.gz: 00:00-00:25 of one day plus a few late rows, so a
 * data hole every day) repeated over five days, each copy a day later, through every
 * detector as `darkfleet detect --db` runs them (store replay order, one core). When the
 * feed stops every vessel falls silent at once, the shape that made a cross-vessel search
 * quadratic. Figures: CPU time per position beside the scale scenario's (same run, same
 * stream size; target within 2x), and per position as the fleet grows: a quarter of it
 * (1x), half (2x) and all of it (4x), each beside the quarter (flat = ratio 1).
 *
 * Both scenarios are played the same way, from records held in memory (a Tape), after one
 * untimed run of each, so that no figure pays for the JIT, the geography's lazily built
 * tables or the store's reading: the ratio is the detectors' alone. (Until issue 19 the
 * scale scenario was replayed from its store, cold, per stored row: its figure held the
 * replay's reading, 700 ns a row, and the real one did not.)
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createReader } from "../src/ais/reader.js";
import { newRunner, type RunnerSettings } from "../src/detect/engine/runner-settings.js";
import { buildNaturalEarth } from "../src/detect/geography.js";
import { compareRecords, isStatic, type StreamRecord } from "../src/model/record-order.js";
import { blankPosition, blankStatic, copyStatic, type Position, type Static } from "../src/model/records.js";
import { type BenchResult, withPeer } from "./result.js";

export interface RealDetectBenchOptions {
  /** The real CSV export (gzip). */
  file: string;
  days: number;
  /** The scale scenario's records, in the runner's order, up to about `n` positions. */
  scaleRecords: (n: number) => Promise<StreamRecord[]>;
}

const DAY = 86_400_000;
const SETTINGS: RunnerSettings = { profile: "dprk", latenessMin: 10 };

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** The export's records, each a copy (the reader may reuse its objects). */
function readExport(file: string): StreamRecord[] {
  const out: StreamRecord[] = [];
  const reader = createReader("csv", {
    onPosition: (p: Position) => out.push({ ...p }),
    onStatic: (s: Static) => out.push({ ...s }),
  });
  reader.push(gunzipSync(readFileSync(file)));
  reader.end();
  return out;
}

/** Numbers a position keeps on the tape (null as NaN, class B as 1). */
const COLS = 10;

/**
 * Records in the runner's order, handed over as a store replay with `reuse` hands them:
 * each kind in one object, refilled for the next record (the runner copies what it keeps),
 * so the benchmark's own record building is a copy of fields, no allocation. Positions are
 * kept in columns, not objects: holding a million objects made every collection of the
 * old generation walk them, a cost of the benchmark, not of detection.
 */
class Tape {
  /** Each record's static, or null where it is a position (its numbers in `cols`). */
  private readonly statics: (Static | null)[];
  private readonly cols: Float64Array;

  constructor(records: readonly StreamRecord[]) {
    this.statics = records.map((r) => (isStatic(r) ? r : null));
    this.cols = new Float64Array(records.length * COLS);
    const num = (x: number | null) => (x === null ? Number.NaN : x);
    records.forEach((r, i) => {
      if (isStatic(r)) return;
      this.cols.set(
        [r.mmsi, r.t, r.lat, r.lon, num(r.sog), num(r.cog), num(r.heading), num(r.navStatus), r.msgType],
        i * COLS,
      );
      this.cols[i * COLS + 9] = r.cls === "B" ? 1 : 0;
    });
  }

  get first(): number {
    const s = this.statics[0];
    return s ? s.t : this.cols[1];
  }

  get last(): number {
    const i = this.statics.length - 1;
    const s = this.statics[i];
    return s ? s.t : this.cols[i * COLS + 1];
  }

  /** The MMSIs of the records. */
  mmsis(): Set<number> {
    return new Set(this.statics.map((s, i) => (s ? s.mmsi : this.cols[i * COLS])));
  }

  /** Hands every record of a vessel `keep` admits to `push`, its time `shift` ms later. */
  play(shift: number, keep: (mmsi: number) => boolean, push: (r: Position | Static) => void): void {
    const p = blankPosition();
    const x = blankStatic();
    const c = this.cols;
    const nul = (x: number) => (Number.isNaN(x) ? null : x);
    for (let i = 0; i < this.statics.length; i++) {
      const s = this.statics[i];
      if (s !== null) {
        if (!keep(s.mmsi)) continue;
        copyStatic(x, s).t += shift;
        push(x);
        continue;
      }
      const o = i * COLS;
      if (!keep(c[o])) continue;
      p.mmsi = c[o];
      p.t = c[o + 1] + shift;
      p.lat = c[o + 2];
      p.lon = c[o + 3];
      p.sog = nul(c[o + 4]);
      p.cog = nul(c[o + 5]);
      p.heading = nul(c[o + 6]);
      p.navStatus = nul(c[o + 7]);
      p.msgType = c[o + 8];
      p.cls = c[o + 9] === 1 ? "B" : "A";
      push(p);
    }
  }
}

/**
 * Every detector over `days` copies of the tape's records of vessels `keep` admits, each
 * copy a day later: CPU ns per position the runner took, and events. The tape spans under
 * a day, so the copies one after another are in the runner's order too.
 */
function detect(
  tape: Tape,
  days: number,
  keep: (mmsi: number) => boolean,
): { ns: number; positions: number; vessels: number; events: number } {
  let events = 0;
  const runner = newRunner(SETTINGS, () => events++);
  const push = (r: Position | Static) => runner.pushOrdered(r);
  const t0 = cpuMicros();
  for (let d = 0; d < days; d++) tape.play(d * DAY, keep, push);
  runner.end();
  const us = cpuMicros() - t0;
  const positions = runner.stats.positions;
  const vessels = [...tape.mmsis()].filter(keep).length;
  return { ns: (us * 1000) / Math.max(1, positions), positions, vessels, events };
}

/** Headline runs of each scenario, one beside the other. */
const PAIRS = 3;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function benchDetectReal(o: RealDetectBenchOptions): Promise<BenchResult[]> {
  if (!existsSync(o.file)) {
    process.stderr.write(`bench: detect-real skipped, ${o.file} missing\n`);
    return [];
  }
  buildNaturalEarth();
  const tape = new Tape(readExport(o.file).sort(compareRecords));
  if (tape.last - tape.first >= DAY)
    throw new Error(`bench: detect-real needs an export spanning under a day (${o.file})`);
  // The top bits of a multiplicative hash of the MMSI (its low bits follow the MMSI's, and
  // many MMSIs end in 0): nested shares, each the one before and as many vessels again.
  const share = (n: number) => (m: number) => Math.imul(m, 0x9e3779b1) >>> 0 < 2 ** 32 / n;
  detect(tape, o.days, share(4));
  const runs = [4, 2, 1].map((n) => {
    gc();
    return { share: n, ...detect(tape, o.days, share(n)) };
  });
  const whole = runs[runs.length - 1];
  const scaleTape = new Tape(await o.scaleRecords(whole.positions));
  const all = () => true;
  detect(scaleTape, 1, all);
  // The headline pair taken PAIRS times, each real run beside a scale run (on a shared
  // machine one run of the scale's second or so swung 1.6-2.5 us), medians reported.
  const real: number[] = [];
  const scales: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    gc();
    real.push(i === 0 ? whole.ns : detect(tape, o.days, all).ns);
    gc();
    scales.push(detect(scaleTape, 1, all).ns);
  }
  const realNs = median(real);
  const scale = median(scales);
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const label = `${o.days} days, ${whole.positions} positions, ${whole.vessels} vessels`;
  const out: BenchResult[] = [
    withPeer({
      name: `detect: real US sample repeated, ${label}: time per position`,
      value: Math.round(realNs),
      unit: "ns",
      peer: { name: "scale scenario, same stream size", value: Math.round(scale) },
      note: `one core, CPU time, median of ${PAIRS} runs each, one beside the other (real ${real.map((x) => Math.round(x)).join("/")}, scale ${scales.map((x) => Math.round(x)).join("/")}); ${whole.events} emissions; max RSS ${maxRssMb} MB (both tapes held in memory included); target ratio ≤ 2`,
    }),
  ];
  const base = runs[0];
  for (const r of runs.slice(1)) {
    out.push(
      withPeer({
        name: `detect: real US sample repeated, ${base.share / r.share}x fleet (${r.vessels} vessels): time per position`,
        value: Math.round(r.ns),
        unit: "ns",
        peer: { name: `1x fleet (${base.vessels} vessels)`, value: Math.round(base.ns) },
        note: "flat as the fleet grows = ratio 1",
      }),
    );
  }
  return out;
}
