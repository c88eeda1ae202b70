/**
 * Decoding benchmark (issue 2): a realistic mix of at least 5 million sentences, decoded
 * by darkfleet to records and to gpsd JSON, beside `gpsdecode -j` on the same file in
 * the same run. Each runs as its own process so peak memory is its own.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { available, measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import { type BenchResult, withPeer } from "./result.js";

export interface DecodeBenchOptions {
  dir: string;
  sentences: number;
  cli: string;
}

export async function benchDecode(opts: DecodeBenchOptions): Promise<BenchResult[]> {
  const file = join(opts.dir, `mix-${opts.sentences}.nmea`);
  if (!existsSync(file)) await writeMixFile(file, opts.sentences, 1);
  const mb = statSync(file).size / 1e6;
  const n = opts.sentences;

  const records = measure("node", [opts.cli, "decode", file]);
  const json = measure("node", [opts.cli, "decode", "--json", file]);
  const results: BenchResult[] = [];
  const gpsd = available("gpsdecode") ? measure("gpsdecode", ["-j", "-s"], { stdin: file }) : null;
  const peer = (value: number) => (gpsd ? { name: "gpsdecode -j -s", value } : undefined);
  results.push(
    withPeer({
      name: `decode to records (${(n / 1e6).toFixed(0)}M sentences)`,
      value: n / records.seconds,
      unit: "sentences/s",
      peer: peer(n / (gpsd?.seconds ?? 1)),
      note: "gpsdecode also prints JSON",
    }),
    withPeer({
      name: "decode to gpsd JSON",
      value: n / json.seconds,
      unit: "sentences/s",
      peer: peer(n / (gpsd?.seconds ?? 1)),
    }),
    withPeer({
      name: "decode to gpsd JSON",
      value: mb / json.seconds,
      unit: "MB/s",
      peer: peer(mb / (gpsd?.seconds ?? 1)),
    }),
    withPeer({
      name: "decode to gpsd JSON, peak memory",
      value: json.maxRssMb,
      unit: "MB",
      peer: gpsd ? { name: "gpsdecode -j -s", value: gpsd.maxRssMb } : undefined,
    }),
  );
  return results;
}
