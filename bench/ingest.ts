/**
 * Ingest benchmark (issue 3): generated realistic-mix NMEA files (bench/mix.ts) of each
 * size are ingested into a fresh DuckDB file by the CLI, as its own process. Reports
 * sentences/s end to end beside decoding alone (`darkfleet decode`) on the same file,
 * peak memory, bytes on disk per position, and seconds per million sentences at each size
 * (flat means the ingest does not slow down as the database grows).
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import type { BenchResult } from "./result.js";

export interface IngestBenchOptions {
  dir: string;
  cli: string;
  /** File sizes in sentences, smallest first; default 5M and 20M. */
  sizes?: number[];
}

interface Summary {
  sources: { counts: Record<string, number> }[];
}

export async function benchIngest(opts: IngestBenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const n of opts.sizes ?? [5_000_000, 20_000_000]) {
    const label = `${n / 1e6}M sentences`;
    const file = join(opts.dir, `mix-${n}.nmea`);
    if (!existsSync(file)) writeMixFile(file, n, 1);
    const db = join(opts.dir, `ingest-${n}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const summaryFile = join(opts.dir, `ingest-${n}.json`);
    // Two threads want both cores: other work on the machine shows in wall time, so say how busy it was.
    const load = loadavg()[0].toFixed(2);
    const ingest = measure("node", [opts.cli, "ingest", file, "--db", db, "--json"], { stdout: summaryFile });
    const decode = measure("node", [opts.cli, "decode", file]);
    const { sources } = JSON.parse(readFileSync(summaryFile, "utf8")) as Summary;
    const positions = sources[0].counts.position;
    const dbBytes = statSync(db).size;
    results.push(
      {
        name: `ingest end to end (${label})`,
        value: n / ingest.seconds,
        unit: "sentences/s",
        peer: { name: "darkfleet decode alone", value: n / decode.seconds },
        ratio: decode.seconds / ingest.seconds,
        note: `${positions} positions stored; load average ${load} at the start`,
      },
      { name: `ingest time per million sentences (${label})`, value: (ingest.seconds * 1e6) / n, unit: "s" },
      { name: `ingest peak memory (${label})`, value: ingest.maxRssMb, unit: "MB" },
      {
        name: `bytes on disk per position (${label})`,
        value: dbBytes / positions,
        unit: "bytes",
        note: `${(dbBytes / 1e6).toFixed(0)} MB file, static reports included`,
      },
    );
    rmSync(db, { force: true });
  }
  return results;
}
