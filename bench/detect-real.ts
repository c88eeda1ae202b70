/**
 * Detection on real traffic at fleet scale (issue 15): the real US sample
 * (shared/real/marinecadastre_*.csv.gz: 00:00-00:25 of one day plus a few late rows, so a
 * data hole every day) repeated over five days, each copy a day later, through every
 * detector as `darkfleet detect --db` runs them (store replay order, one core). When the
 * feed stops every vessel falls silent at once, the shape that made a cross-vessel search
 * quadratic. Figures: CPU time per position beside the scale scenario's (same run, same
 * stream size; target within 2x), and per position as the fleet grows: a quarter of it
 * (1x), half (2x) and all of it (4x), each beside the quarter (flat = ratio 1). The quarter
 * runs once untimed first, so that no figure pays for the JIT or the geography's lazily
 * built tables.
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createReader } from "../src/ais/reader.js";
import { newRunner, type RunnerSettings } from "../src/detect/engine/runner-settings.js";
import { buildNaturalEarth } from "../src/detect/geography.js";
import { compareRecords, isStatic, type StreamRecord } from "../src/model/record-order.js";
import { blankPosition, copyPosition, type Position, type Static } from "../src/model/records.js";
import { type BenchResult, withPeer } from "./result.js";

export interface RealDetectBenchOptions {
  /** The real CSV export (gzip). */
  file: string;
  days: number;
  /** CPU ns per position of the scale scenario over a stream of about `n` positions. */
  scalePerPosition: (n: number) => Promise<number>;
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

/**
 * Every detector over `days` copies of the records of vessels `keep` admits, each copy a
 * day later: CPU ns per position, and events. Records are made as a store replay makes
 * them (`detect --db`): positions in one reused object, statics fresh, none held (holding
 * five copies, a million objects, made every collection of the old generation walk them,
 * a cost of the benchmark, not of detection). `records` is in the runner's order and spans
 * under a day, so the copies one after another are too.
 */
function detect(
  records: readonly StreamRecord[],
  days: number,
  keep: (mmsi: number) => boolean,
): { ns: number; positions: number; vessels: number; events: number } {
  let events = 0;
  const runner = newRunner(SETTINGS, () => events++);
  const reused = blankPosition();
  const t0 = cpuMicros();
  for (let d = 0; d < days; d++) {
    for (const r of records) {
      if (!keep(r.mmsi)) continue;
      if (isStatic(r)) runner.pushOrdered({ ...r, t: r.t + d * DAY });
      else {
        copyPosition(reused, r).t += d * DAY;
        runner.pushOrdered(reused);
      }
    }
  }
  runner.end();
  const us = cpuMicros() - t0;
  const positions = runner.stats.positions;
  const vessels = new Set(records.filter((r) => keep(r.mmsi)).map((r) => r.mmsi)).size;
  return { ns: (us * 1000) / Math.max(1, positions), positions, vessels, events };
}

export async function benchDetectReal(o: RealDetectBenchOptions): Promise<BenchResult[]> {
  if (!existsSync(o.file)) {
    process.stderr.write(`bench: detect-real skipped, ${o.file} missing\n`);
    return [];
  }
  buildNaturalEarth();
  const records = readExport(o.file).sort(compareRecords);
  if (records.length > 0 && records[records.length - 1].t - records[0].t >= DAY)
    throw new Error(`bench: detect-real needs an export spanning under a day (${o.file})`);
  // The top bits of a multiplicative hash of the MMSI (its low bits follow the MMSI's, and
  // many MMSIs end in 0): nested shares, each the one before and as many vessels again.
  const share = (n: number) => (m: number) => Math.imul(m, 0x9e3779b1) >>> 0 < 2 ** 32 / n;
  detect(records, o.days, share(4));
  const runs = [4, 2, 1].map((n) => {
    (globalThis as { gc?: () => void }).gc?.();
    return { share: n, ...detect(records, o.days, share(n)) };
  });
  const whole = runs[runs.length - 1];
  const scale = await o.scalePerPosition(whole.positions);
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const label = `${o.days} days, ${whole.positions} positions, ${whole.vessels} vessels`;
  const out: BenchResult[] = [
    withPeer({
      name: `detect: real US sample repeated, ${label}: time per position`,
      value: Math.round(whole.ns),
      unit: "ns",
      peer: { name: "scale scenario, same stream size", value: Math.round(scale) },
      note: `one core, CPU time; ${whole.events} emissions; ${((whole.ns * whole.positions) / 1e9).toFixed(1)} s; max RSS ${maxRssMb} MB (the export's records held in memory included); target ratio ≤ 2`,
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
