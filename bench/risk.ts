/**
 * Risk ranking quality (issue 16) on simulated scenarios, through the CLI a user runs:
 * `sim` (cut at --until), `ingest`, `detect`, `risk --json`, scored by eval/risk.ts against
 * the truth's vessel roles: precision of the top 10 and top 50 against the evaders (every
 * vessel of an evasion behaviour, watchlist vessels in disguise among them), and the share
 * of innocent confounder vessels (tugs, fishing fleets, ships at anchor together,
 * bunkering, harbour craft...; data artefacts such as feed outages are not vessels' doing
 * and not counted) ranked in the bottom half, tied scores at their group's middle rank.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RiskQuality, riskQuality } from "../src/eval/risk.js";
import type { Truth } from "../src/model/truth.js";
import type { BenchResult } from "./result.js";

export interface RiskQualityOptions {
  dir: string;
  cli: string;
  scenario: string;
  seeds: number[];
  /** Cut the feed here (ISO 8601), to keep each seed's run short. */
  until: string;
}

function cli(o: RiskQualityOptions, args: string[]): string {
  const r = spawnSync(process.execPath, [o.cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export async function benchRiskQuality(o: RiskQualityOptions): Promise<BenchResult[]> {
  const per: RiskQuality[] = [];
  for (const seed of o.seeds) {
    const dir = join(o.dir, `risk-${o.scenario}-${seed}`);
    const db = join(dir, `s-${Date.now()}.duckdb`);
    cli(o, ["sim", "--scenario", o.scenario, "--seed", String(seed), "--until", o.until, "--out", dir]);
    cli(o, ["ingest", join(dir, "ais.nmea"), "--db", db]);
    cli(o, ["detect", "--db", db]);
    const ranked = JSON.parse(cli(o, ["risk", "--db", db, "--json", "--top", "1000000"])) as {
      mmsi: number;
      score: number;
    }[];
    const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
    per.push(riskQuality(ranked, truth));
  }
  const mean = (f: (x: RiskQuality) => number) => per.reduce((s, x) => s + f(x), 0) / per.length;
  const each = (f: (x: RiskQuality) => number) => per.map((x) => f(x).toFixed(2)).join(" ");
  const seeds = `${o.scenario} seeds ${o.seeds.join(",")} until ${o.until}`;
  return [
    {
      name: "risk ranking: precision at 10",
      value: mean((x) => x.precisionAt[10]),
      unit: "",
      note: `${seeds}; per seed ${each((x) => x.precisionAt[10])}`,
    },
    {
      name: "risk ranking: precision at 50",
      value: mean((x) => x.precisionAt[50]),
      unit: "",
      note: `per seed ${each((x) => x.precisionAt[50])}; evaders seen per seed ${per.map((x) => x.evaders).join(" ")} of ${per.map((x) => x.vessels).join(" ")} vessels`,
    },
    {
      name: "risk ranking: innocent confounder vessels in the bottom half",
      value: mean((x) => x.innocentsInBottomHalf),
      unit: "share",
      note: `per seed ${each((x) => x.innocentsInBottomHalf)}; innocents per seed ${per.map((x) => x.innocents).join(" ")}`,
    },
  ];
}
