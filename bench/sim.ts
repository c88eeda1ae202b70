/**
 * Simulator benchmark (issue 4): `darkfleet sim --scenario scale` writing NMEA to a file,
 * run as its own process so wall time and peak memory are its own. The peer is the
 * encoder's plain feed-mix writer (bench/mix.ts) writing as many sentences in the same
 * run: what encoding alone costs, without ships, routes, receivers or ordering.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Truth } from "../src/model/truth.js";
import { measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import { type BenchResult, withPeer } from "./result.js";

export interface SimBenchOptions {
  dir: string;
  cli: string;
  vessels: number;
  days: number;
}

export async function benchSim(opts: SimBenchOptions): Promise<BenchResult[]> {
  const out = join(opts.dir, "sim-scale");
  const run = measure("node", [
    opts.cli,
    "sim",
    "--scenario",
    "scale",
    "--vessels",
    String(opts.vessels),
    "--days",
    String(opts.days),
    "--seed",
    "1",
    "--out",
    out,
  ]);
  const truth = JSON.parse(readFileSync(join(out, "truth.json"), "utf8")) as Truth;
  const n = truth.sentences;
  const mb = statSync(join(out, "ais.nmea")).size / 1e6;
  const peerFile = join(opts.dir, "sim-peer-mix.nmea");
  const t0 = performance.now();
  writeMixFile(peerFile, n, 1);
  const peerSeconds = (performance.now() - t0) / 1000;
  const label = `sim scale (${opts.vessels} vessels, ${opts.days} d, ${(n / 1e6).toFixed(1)}M sentences)`;
  return [
    withPeer({
      name: label,
      value: n / run.seconds,
      unit: "sentences/s",
      peer: { name: "encoder mix writer", value: n / peerSeconds },
      note: "includes land mask, routes and planning",
    }),
    { name: "sim scale, output", value: mb / run.seconds, unit: "MB/s" },
    { name: "sim scale, peak memory", value: run.maxRssMb, unit: "MB" },
  ];
}
