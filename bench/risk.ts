/**
 * Risk ranking quality (issue 16) on simulated scenarios, through the CLI a user runs:
 * `sim` (cut at --until), `ingest`, `detect`, `risk --json`. Until the simulator marks
 * evaders itself, the evaders are the vessels of the truth's evasion events: every kind
 * but port calls, and port calls at the sanctioned state's ports (the profile's ports of
 * the flag table's "state" country). Reported: precision of the top 10 and top 50, and
 * the share of confounder-only vessels (tugs, anchorage clusters, ships alongside, on no
 * evasion event) ranked in the bottom half.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadProfile } from "../src/profile/load.js";
import { loadFlagRisk } from "../src/screen/flags.js";
import type { BenchResult } from "./result.js";

export interface RiskQualityOptions {
  dir: string;
  cli: string;
  scenario: string;
  seeds: number[];
  /** Cut the feed here (ISO 8601), to keep each seed's run short. */
  until: string;
}

interface TruthFile {
  events: { kind: string; vessels: { mmsi: number }[]; detail?: string }[];
  confounders: { vessels: { mmsi: number }[] }[];
}

function cli(o: RiskQualityOptions, args: string[]): string {
  const r = spawnSync(process.execPath, [o.cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export async function benchRiskQuality(o: RiskQualityOptions): Promise<BenchResult[]> {
  const states = new Set(
    [...loadFlagRisk("dprk").values()].filter((f) => f.kind === "state").map((f) => f.iso2),
  );
  const statePorts = loadProfile("dprk")
    .ports.filter((p) => states.has(p.country))
    .map((p) => p.name);
  const per: { p10: number; p50: number; bottom: number; evaders: number }[] = [];
  for (const seed of o.seeds) {
    const dir = join(o.dir, `risk-${o.scenario}-${seed}`);
    const db = join(dir, `s-${Date.now()}.duckdb`);
    cli(o, ["sim", "--scenario", o.scenario, "--seed", String(seed), "--until", o.until, "--out", dir]);
    cli(o, ["ingest", join(dir, "ais.nmea"), "--db", db]);
    cli(o, ["detect", "--db", db]);
    const ranked = (
      JSON.parse(cli(o, ["risk", "--db", db, "--json", "--top", "1000000"])) as { mmsi: number }[]
    ).map((r) => r.mmsi);
    const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as TruthFile;
    const evaders = new Set<number>();
    for (const e of truth.events) {
      const evasion = e.kind !== "port_call" || statePorts.some((p) => e.detail?.includes(p));
      if (evasion) for (const v of e.vessels) evaders.add(v.mmsi);
    }
    const confounders = new Set(truth.confounders.flatMap((c) => c.vessels.map((v) => v.mmsi)));
    const innocent = [...confounders].filter((m) => !evaders.has(m));
    const rank = new Map(ranked.map((m, i) => [m, i]));
    const precision = (k: number) => ranked.slice(0, k).filter((m) => evaders.has(m)).length / k;
    per.push({
      p10: precision(10),
      p50: precision(50),
      bottom:
        innocent.filter((m) => (rank.get(m) ?? ranked.length) >= ranked.length / 2).length / innocent.length,
      evaders: evaders.size,
    });
  }
  const mean = (f: (x: (typeof per)[number]) => number) => per.reduce((s, x) => s + f(x), 0) / per.length;
  const each = (f: (x: (typeof per)[number]) => number) => per.map((x) => f(x).toFixed(2)).join(" ");
  const seeds = `${o.scenario} seeds ${o.seeds.join(",")} until ${o.until}`;
  return [
    {
      name: "risk ranking: precision at 10",
      value: mean((x) => x.p10),
      unit: "",
      note: `${seeds}; per seed ${each((x) => x.p10)}`,
    },
    {
      name: "risk ranking: precision at 50",
      value: mean((x) => x.p50),
      unit: "",
      note: `per seed ${each((x) => x.p50)}; evaders per seed ${per.map((x) => x.evaders).join(" ")}`,
    },
    {
      name: "risk ranking: confounder-only vessels in the bottom half",
      value: mean((x) => x.bottom),
      unit: "share",
      note: `per seed ${each((x) => x.bottom)}`,
    },
  ];
}
