/**
 * Detector benchmarks. Throughput from the store (issue 5): a `scale` scenario simulated
 * and ingested into a DuckDB file outside the timed part (kept for the next run), then
 * replayed through all detectors together, as `darkfleet detect --db` does, for the first
 * 10M, 20M and 40M positions; time per position should stay flat as history grows. Peers
 * in the same run: the replay read alone (no detectors) over the same positions, and the
 * detectors alone over a synthetic stream of Class A ships held in memory (steaming,
 * drifting, pairs lying alongside, some going dark). Quality: precision and recall per
 * kind against the simulator's truth.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createReader } from "../src/ais/reader.js";
import { DetectRunner } from "../src/detect/engine/runner.js";
import { newRunner, type RunnerSettings } from "../src/detect/engine/runner-settings.js";
import { detectFromStore } from "../src/detect/engine/store-detect.js";
import { buildNaturalEarth, NATURAL_EARTH } from "../src/detect/geography.js";
import { evaluate } from "../src/eval/match.js";
import { parseEvents, readTruth } from "../src/eval/read.js";
import type { Position, Static } from "../src/model/records.js";
import { loadProfile } from "../src/profile/load.js";
import { runSim } from "../src/sim/run.js";
import { loadScenario } from "../src/sim/scenario.js";
import { type ReplayStats, replay } from "../src/store/replay.js";
import { STREAMING_MEMORY_LIMIT, Store } from "../src/store/store.js";
import { Prng } from "../src/util/prng.js";
import { type BenchResult, withPeer } from "./result.js";

export interface DetectBenchOptions {
  /** Scratch folder for the scale scenario's feed and database. */
  dir: string;
  cli: string;
  /** Stream sizes to measure, positions, smallest first (the scenario is sized for the largest). */
  sizes: number[];
  /** Vessels of the scale scenario (days follow from the largest size). */
  vessels: number;
}

const T0 = Date.UTC(2019, 2, 1);
const REPORT_MS = 10_000;
const CHUNK = 500_000;

/** Ship states advanced one report interval at a time; every 20th ship pairs with the next. */
class Fleet {
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly sog: Float64Array;
  private readonly cog: Float64Array;
  private readonly darkUntil: Float64Array;
  private t = T0;
  private next = 0;
  private readonly prng = new Prng(42);
  private readonly rand = () => this.prng.next();

  constructor(readonly n: number) {
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.sog = new Float64Array(n);
    this.cog = new Float64Array(n);
    this.darkUntil = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.lat[i] = 30 + this.rand() * 10;
      this.lon[i] = 121 + this.rand() * 8;
      this.sog[i] = i % 20 < 2 ? 0.5 : 4 + this.rand() * 10;
      this.cog[i] = this.rand() * 360;
      if (i % 20 === 1) {
        this.lat[i] = this.lat[i - 1] + 0.002;
        this.lon[i] = this.lon[i - 1];
        this.cog[i] = this.cog[i - 1];
      }
    }
  }

  /** The next `count` positions in time order (ships staggered inside each interval). */
  chunk(count: number): Position[] {
    const out: Position[] = new Array(count);
    const n = this.n;
    for (let k = 0; k < count; k++) {
      const i = this.next;
      const t = this.t + Math.floor((i * REPORT_MS) / n);
      this.next++;
      if (this.next === n) {
        this.next = 0;
        this.t += REPORT_MS;
        if ((this.t - T0) % 3_600_000 === 0) this.hourly();
      }
      const d = (this.sog[i] * REPORT_MS) / 3_600_000 / 60;
      const c = (this.cog[i] * Math.PI) / 180;
      this.lat[i] += d * Math.cos(c);
      this.lon[i] += (d * Math.sin(c)) / Math.cos((this.lat[i] * Math.PI) / 180);
      if (t < this.darkUntil[i]) {
        k--;
        continue;
      }
      out[k] = {
        mmsi: 412_000_000 + i,
        t,
        lat: this.lat[i],
        lon: this.lon[i],
        sog: Math.round(this.sog[i] * 10) / 10,
        cog: Math.round(this.cog[i] * 10) / 10,
        heading: null,
        navStatus: 0,
        cls: "A",
        msgType: 1,
      };
    }
    return out;
  }

  /** Hourly behaviour changes: new courses and speeds, and now and then a ship goes dark. */
  private hourly(): void {
    for (let i = 0; i < this.n; i++) {
      if (i % 20 < 2) continue;
      this.cog[i] = (this.cog[i] + (this.rand() - 0.5) * 60 + 360) % 360;
      this.sog[i] = this.rand() < 0.1 ? 1 : 4 + this.rand() * 10;
      if (this.rand() < 0.002) this.darkUntil[i] = this.t + 14 * 3_600_000;
    }
  }
}

/** CPU microseconds (user + system, all threads of this process) so far. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Positions per CPU-second through every detector from memory, for one synthetic stream of `size` positions. */
function fromMemory(size: number, vessels: number): number {
  const fleet = new Fleet(vessels);
  buildNaturalEarth();
  const runner = new DetectRunner({
    onEvent: () => undefined,
    geography: NATURAL_EARTH,
    places: loadProfile("dprk"),
    config: { latenessMs: 0 },
  });
  let us = 0;
  for (let done = 0; done < size; done += CHUNK) {
    const batch = fleet.chunk(Math.min(CHUNK, size - done));
    // Pay the generator's garbage outside the timed section when the runtime allows it.
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = cpuMicros();
    for (let k = 0; k < batch.length; k++) runner.push(batch[k]);
    us += cpuMicros() - t0;
  }
  const t0 = cpuMicros();
  runner.end();
  us += cpuMicros() - t0;
  return size / (us / 1e6);
}

/** Positions of the scale scenario per vessel-day (measured: 2000 vessels, 0.5 days, 4.25M). */
const POSITIONS_PER_VESSEL_DAY = 4200;

/** The scale scenario's database, simulated and ingested unless an earlier run left it. */
function scaleStore(o: DetectBenchOptions): string {
  const largest = o.sizes[o.sizes.length - 1];
  const days = Math.ceil((largest * 1.1 * 10) / (o.vessels * POSITIONS_PER_VESSEL_DAY)) / 10;
  const name = `detect-scale-${o.vessels}v-${days}d`;
  const db = join(o.dir, `${name}.duckdb`);
  if (existsSync(db)) return db;
  const out = join(o.dir, name);
  const node = (args: string[]) => {
    const r = spawnSync(process.execPath, [o.cli, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`darkfleet ${args[0]} failed (exit ${r.status})`);
  };
  node([
    "sim",
    "--scenario",
    "scale",
    "--vessels",
    String(o.vessels),
    "--days",
    String(days),
    "--seed",
    "1",
    "--out",
    out,
  ]);
  node(["ingest", join(out, "ais.nmea"), "--db", `${db}.part`]);
  rmSync(out, { recursive: true, force: true });
  renameSync(`${db}.part`, db);
  return db;
}

/** The end of the first minute by which the store holds `n` positions (or its last minute). */
async function cutFor(store: Store, n: number): Promise<number> {
  const [r] = await store.rows<{ t: number | null }>(
    `WITH m AS (SELECT date_trunc('minute', t::TIMESTAMP) AS m, count(*) AS c FROM positions GROUP BY 1),
       s AS (SELECT m, sum(c) OVER (ORDER BY m) AS upto FROM m)
     SELECT epoch_ms(coalesce(min(m) FILTER (WHERE upto >= $1), max(m)))::DOUBLE + 59999 AS t FROM s`,
    [n],
  );
  return r.t ?? 0;
}

/** What `darkfleet detect --db` runs with by default. */
const SETTINGS: RunnerSettings = { profile: "dprk", latenessMin: 10 };

/** CPU and wall seconds of `work`, and the stored positions it reports. */
async function timed(
  work: () => Promise<ReplayStats>,
): Promise<{ positions: number; cpuS: number; wallS: number }> {
  const t0 = cpuMicros();
  const w0 = performance.now();
  const s = await work();
  // every stored row counts, copies the replay skips included (a file's detect reads them too)
  return {
    positions: s.positions + s.duplicates,
    cpuS: (cpuMicros() - t0) / 1e6,
    wallS: (performance.now() - w0) / 1000,
  };
}

/** One replay of the store up to `to`, through `push`, then `end`. */
function timedReplay(
  store: Store,
  to: number,
  push: (r: Position | Static) => void,
  end: () => void = () => undefined,
) {
  return timed(async () => {
    const s = await replay(store, { to, reuse: true }, push);
    end();
    return s;
  });
}

/**
 * The scale scenario's records up to the minute its store holds `size` positions, in the
 * runner's order (a store replay, one object each), for a benchmark to play from memory.
 */
export async function scaleRecords(opts: DetectBenchOptions, size: number): Promise<(Position | Static)[]> {
  const store = await Store.open(scaleStore(opts), { readOnly: true, memoryLimit: STREAMING_MEMORY_LIMIT });
  await store.con.run("SET threads = 1");
  try {
    const out: (Position | Static)[] = [];
    await replay(store, { to: await cutFor(store, size) }, (r) => out.push(r));
    return out;
  } finally {
    store.close();
  }
}

export async function benchDetect(opts: DetectBenchOptions): Promise<BenchResult[]> {
  const db = scaleStore(opts);
  const store = await Store.open(db, { readOnly: true, memoryLimit: STREAMING_MEMORY_LIMIT });
  // One core: DuckDB's own threads would otherwise add CPU time in parallel.
  await store.con.run("SET threads = 1");
  buildNaturalEarth();
  const out: BenchResult[] = [];
  /** CPU nanoseconds per stored position through every detector, per size measured. */
  const perPosition: { label: string; ns: number }[] = [];
  try {
    for (const size of opts.sizes) {
      const to = await cutFor(store, size);
      const label = `${(size / 1e6).toFixed(size < 1e6 ? 1 : 0)}M positions`;
      let events = 0;
      const runner = newRunner(SETTINGS, () => events++);
      const detect = await timedReplay(
        store,
        to,
        (r) => runner.pushOrdered(r),
        () => runner.end(),
      );
      const read = await timedReplay(store, to, () => undefined);
      const twoThreads = await timed(
        async () => (await detectFromStore(store, { to, threads: 2 }, SETTINGS, () => undefined)).replay,
      );
      perPosition.push({ label, ns: (detect.cpuS * 1e9) / detect.positions });
      out.push(
        withPeer({
          name: `detect from the store: all detectors, scale scenario, ${label}`,
          value: Math.round(detect.positions / detect.cpuS),
          unit: "positions/s",
          peer: { name: "replay read alone", value: Math.round(read.positions / read.cpuS) },
          note: `one core (DuckDB threads=1), CPU time; ${detect.positions} positions, ${opts.vessels} vessels, ${events} emissions; target 2,000,000/s`,
        }),
      );
      out.push(
        withPeer({
          name: `detect from the store on two threads (replay | detectors), ${label}`,
          value: Math.round(twoThreads.positions / twoThreads.wallS),
          unit: "positions/s wall",
          peer: { name: "one thread, wall", value: Math.round(detect.positions / detect.wallS) },
          note: `darkfleet detect --db's default; CPU ${twoThreads.cpuS.toFixed(1)} s on both threads against ${detect.cpuS.toFixed(1)} s on one`,
        }),
      );
      const memory = fromMemory(size, 2000);
      out.push(
        withPeer({
          name: `detect from the store vs from memory, ${label}`,
          value: Math.round(detect.positions / detect.cpuS),
          unit: "positions/s",
          peer: { name: "detectors alone, synthetic fleet in memory", value: Math.round(memory) },
          note: "GFW's gap step alone ≈ 2.8M msgs/s (published, not re-run)",
        }),
      );
    }
  } finally {
    store.close();
  }
  if (perPosition.length > 1) {
    // Flatness as one figure: the largest stream's time per position over the smallest's.
    const first = perPosition[0];
    const last = perPosition[perPosition.length - 1];
    out.push(
      withPeer({
        name: `detect from the store: time per position, ${last.label}`,
        value: Math.round(last.ns),
        unit: "ns",
        peer: { name: first.label, value: Math.round(first.ns) },
        note: "flat as history grows = ratio 1; above 1 = slower per position",
      }),
    );
  }
  return out;
}

export interface DetectQualityOptions {
  /** Built-in scenario name (see sim/scenario.ts). */
  scenario: string;
  seeds: number[];
  /** Scratch folder for the simulated feeds. */
  dir: string;
}

/**
 * Detection quality: simulates each seed, runs every detector over the feed exactly as
 * `darkfleet detect` does, scores the events against the simulator's truth, and reports
 * precision and recall per kind summed over the seeds (target ≥ 0.95 each, issue 5), and
 * the false events falling on each confounder name, every name listed (target 0 each,
 * issue 15), with the kinds that fired: what still fires, and on what. Each seed's feed
 * (about 750 MB for dprk-2019) is removed once scored.
 */
export async function benchDetectQuality(opts: DetectQualityOptions): Promise<BenchResult[]> {
  const lines: string[] = [];
  const totals = new Map<string, { tp: number; fp: number; fn: number }>();
  const confounders = new Map<string, { instances: number; events: number; byKind: Map<string, number> }>();
  for (const seed of opts.seeds) {
    const dir = join(opts.dir, `${opts.scenario}-${seed}`);
    const sim = runSim(loadScenario(opts.scenario), seed, dir);
    const runner = new DetectRunner({
      onEvent: (e) => lines.push(JSON.stringify(e)),
      geography: NATURAL_EARTH,
      places: loadProfile("dprk"),
    });
    const push = (r: Position | Static) => runner.push(r);
    const reader = createReader("nmea", { onPosition: push, onStatic: push });
    for await (const chunk of createReadStream(sim.nmeaFile)) reader.push(chunk as Buffer);
    reader.end();
    runner.end();
    const result = evaluate(readTruth(sim.truthFile), parseEvents(lines.join("\n")));
    lines.length = 0;
    rmSync(dir, { recursive: true, force: true });
    for (const k of result.kinds) {
      const t = totals.get(k.kind) ?? { tp: 0, fp: 0, fn: 0 };
      t.tp += k.tp;
      t.fp += k.fp;
      t.fn += k.fn;
      totals.set(k.kind, t);
    }
    for (const c of result.confounderEvents) {
      const sum = confounders.get(c.name) ?? { instances: 0, events: 0, byKind: new Map<string, number>() };
      sum.instances += c.confounders;
      sum.events += c.events;
      for (const [kind, n] of Object.entries(c.byKind))
        sum.byKind.set(kind, (sum.byKind.get(kind) ?? 0) + (n ?? 0));
      confounders.set(c.name, sum);
    }
  }
  const seeds = `${opts.scenario} seeds ${opts.seeds.join(",")}`;
  const out: BenchResult[] = [];
  for (const [kind, t] of totals) {
    const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
    const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
    out.push({ name: `detect quality: ${kind} precision`, value: precision, unit: "", note: seeds });
    out.push({
      name: `detect quality: ${kind} recall`,
      value: recall,
      unit: "",
      note: `tp ${t.tp} fp ${t.fp} fn ${t.fn}`,
    });
  }
  let total = 0;
  for (const [name, c] of confounders) {
    total += c.events;
    const kinds = [...c.byKind].map(([k, n]) => `${k} ${n}`).join(", ");
    out.push({
      name: `detect quality: events on confounder ${name}`,
      value: c.events,
      unit: "events",
      note: `${c.instances} in truth${kinds ? `; ${kinds}` : ""}`,
    });
  }
  out.push({
    name: "detect quality: events from confounders",
    value: total,
    unit: "events",
    note: seeds,
  });
  return out;
}
