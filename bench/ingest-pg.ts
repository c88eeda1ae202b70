/**
 * Ingest into PostgreSQL/PostGIS (`--store postgres://`) beside the embedded DuckDB path
 * in the same run: the same generated realistic-mix file (bench/mix.ts) ingested by the
 * CLI into a fresh DuckDB file and into a fresh database on a throwaway local cluster
 * (test/support/postgres.ts, fsync off as in the tests: a durable server costs more per
 * commit). Reports positions/s for each and their ratio, and bytes per position.
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startPostgres } from "../test/support/postgres.js";
import { measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import type { BenchResult } from "./result.js";

export interface IngestPgBenchOptions {
  dir: string;
  cli: string;
  /** Sentences in the file. */
  sentences: number;
}

interface Summary {
  sources: { counts: Record<string, number> }[];
}

export async function benchIngestPostgres(opts: IngestPgBenchOptions): Promise<BenchResult[]> {
  const n = opts.sentences;
  const file = join(opts.dir, `mix-${n}.nmea`);
  if (!existsSync(file)) writeMixFile(file, n, 1);
  const db = join(opts.dir, `ingest-pg-peer-${n}.duckdb`);
  rmSync(db, { force: true });
  const cluster = await startPostgres();
  try {
    const url = await cluster.createDatabase("bench");
    const load = loadavg()[0].toFixed(2);
    const duckSummary = join(opts.dir, `ingest-pg-peer-${n}.json`);
    const pgSummary = join(opts.dir, `ingest-pg-${n}.json`);
    const duck = measure("node", [opts.cli, "ingest", file, "--db", db, "--json"], { stdout: duckSummary });
    const post = measure("node", [opts.cli, "ingest", file, "--store", url, "--json"], { stdout: pgSummary });
    const positions = (path: string) =>
      (JSON.parse(readFileSync(path, "utf8")) as Summary).sources[0].counts.position;
    const stored = positions(pgSummary);
    if (stored !== positions(duckSummary))
      throw new Error("PostgreSQL and DuckDB stored different positions");
    const c = new pg.Client(url);
    await c.connect();
    const {
      rows: [{ bytes }],
    } = await c.query<{ bytes: number }>("SELECT pg_database_size(current_database())::float8 AS bytes");
    await c.end();
    const label = `${n / 1e6}M sentences`;
    return [
      {
        name: `ingest into PostgreSQL (${label})`,
        value: stored / post.seconds,
        unit: "positions/s",
        peer: { name: "ingest into DuckDB", value: stored / duck.seconds },
        ratio: duck.seconds / post.seconds,
        note: `${stored} positions; peak ${post.maxRssMb.toFixed(0)} MB (DuckDB ${duck.maxRssMb.toFixed(0)} MB); load average ${load} at the start`,
      },
      {
        name: `PostgreSQL bytes per position (${label})`,
        value: bytes / stored,
        unit: "bytes",
        peer: { name: "DuckDB file", value: statSync(db).size / stored },
        ratio: bytes / statSync(db).size,
        note: "database size with indexes (PostGIS point, SP-GiST, the (mmsi, t, source_id, line) key), statics included",
      },
    ];
  } finally {
    cluster.destroy();
    rmSync(db, { force: true });
  }
}
