/**
 * Bus into PostgreSQL (issue 19's speed figures): a generated realistic-mix NMEA file
 * (bench/mix.ts) published by `ingest --bus` to a real nats-server with JetStream, then
 * drained by 1 and by 2 storing workers (`worker --store postgres:// --no-detect
 * --until-idle`) into a fresh database on a throwaway cluster (test/support/postgres.ts,
 * fsync off as in the tests), beside the embedded `ingest --db` of the same file in the
 * same run; then `detect --db` over that DuckDB copy and `detect --store` over the first
 * drain's database, the same events from each (test/bus/postgres.test.ts). Each drain is timed from starting the workers until the last one exits, so
 * it includes about 2 s of idle checks. The workers share the 2 cores with PostgreSQL and
 * nats-server: the 2-worker figure is what this machine gives, not what 2 cores each give.
 * Also the stored bytes per position, split into heap and each index.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startPostgres } from "../test/support/postgres.js";
import { measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import { NatsServer, natsMissing } from "./nats-server.js";
import type { BenchResult } from "./result.js";

export interface BusPgBenchOptions {
  dir: string;
  cli: string;
  sentences: number;
  /** Worker counts to drain with, each on a fresh bus and database. */
  workers: number[];
}

interface Drained {
  seconds: number;
  /** Positions each worker appended and committed (its closing summary line). */
  perWorker: number[];
}

/** Starts `n` workers together and waits for all to exit (--until-idle). */
async function drain(cli: string, n: number, bus: string, store: string): Promise<Drained> {
  const started = performance.now();
  const runs = Array.from({ length: n }, () => {
    const w = spawn("node", [cli, "worker", "--bus", bus, "--store", store, "--no-detect", "--until-idle"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    w.stderr.on("data", (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    return new Promise<number>((resolve, reject) =>
      w.on("exit", (code) => {
        const m = /worker: \d+ messages stored \((\d+) positions/.exec(err);
        if (code !== 0 || m === null) reject(new Error(`worker exited ${code}: ${err}`));
        else resolve(Number(m[1]));
      }),
    );
  });
  const perWorker = await Promise.all(runs);
  return { seconds: (performance.now() - started) / 1000, perWorker };
}

async function storedPositions(url: string): Promise<number> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<{ n: number }>("SELECT count(*)::float8 AS n FROM positions")).rows[0].n;
  } finally {
    await c.end();
  }
}

/** Bytes of the positions partitions (heap and TOAST) and of each of their indexes, and of the whole database. */
async function sizes(url: string): Promise<{ db: number; heap: number; indexes: Map<string, number> }> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const {
      rows: [{ db, heap }],
    } = await c.query<{ db: number; heap: number }>(
      `SELECT pg_database_size(current_database())::float8 AS db,
         (SELECT sum(pg_table_size(relid))::float8 FROM pg_partition_tree('positions')) AS heap`,
    );
    const { rows } = await c.query<{ name: string; bytes: number }>(
      `SELECT pi.indexrelname AS name, sum(pg_relation_size(pi.indexrelid))::float8 AS bytes
       FROM pg_partition_tree('positions') p JOIN pg_index i ON i.indrelid = p.relid
       JOIN pg_stat_all_indexes pi ON pi.indexrelid = i.indexrelid
       GROUP BY pi.indexrelname`,
    );
    const indexes = new Map<string, number>();
    // partition indexes are named after the partition: fold them by what follows the table name
    for (const r of rows) {
      const kind = r.name.replace(/^positions_y\d{4}m\d{2}_?/, "");
      indexes.set(kind, (indexes.get(kind) ?? 0) + r.bytes);
    }
    return { db, heap, indexes };
  } finally {
    await c.end();
  }
}

export async function benchBusPostgres(opts: BusPgBenchOptions): Promise<BenchResult[]> {
  if (natsMissing) {
    process.stderr.write(`bench bus-pg: skipped: ${natsMissing}\n`);
    return [];
  }
  const n = opts.sentences;
  const file = join(opts.dir, `mix-${n}.nmea`);
  if (!existsSync(file)) writeMixFile(file, n, 1);
  const duckDb = join(opts.dir, "bus-pg-peer.duckdb");
  for (const x of [duckDb, `${duckDb}.wal`]) rmSync(x, { force: true });
  const load = () => loadavg()[0].toFixed(2);
  const summaryFile = join(opts.dir, "bus-pg-peer.json");
  const loadAtStart = load();
  const embedded = measure("node", [opts.cli, "ingest", file, "--db", duckDb, "--json"], {
    stdout: summaryFile,
  });
  const positions = JSON.parse(readFileSync(summaryFile, "utf8")).sources[0].counts.position as number;
  const embeddedRate = positions / embedded.seconds;
  const peer = { name: "embedded ingest --db", value: embeddedRate };
  const label = `${n / 1e6}M sentences, ${positions} positions`;
  const out: BenchResult[] = [];
  const cluster = await startPostgres();
  let firstUrl: string | null = null;
  try {
    for (const workers of opts.workers) {
      const url = await cluster.createDatabase(`bus${workers}`);
      firstUrl ??= url;
      const nats = await NatsServer.start();
      try {
        const publish = measure("node", [opts.cli, "ingest", file, "--bus", nats.url]);
        const loadBefore = load();
        const d = await drain(opts.cli, workers, nats.url, url);
        const stored = await storedPositions(url);
        if (stored !== positions)
          throw new Error(`${workers} workers stored ${stored} positions, not ${positions}`);
        // a worker's count includes rows it stored again that another worker's transaction had (redelivered)
        const again = d.perWorker.reduce((a, b) => a + b, 0) - positions;
        const rate = positions / d.seconds;
        out.push({
          name: `bus-pg: ${workers} worker${workers > 1 ? "s" : ""} storing into PostgreSQL (${label})`,
          value: rate,
          unit: "positions/s",
          peer,
          ratio: embedded.seconds / d.seconds,
          note: `per worker ${(rate / workers).toFixed(0)}/s (applied ${d.perWorker.join(" + ")}${again > 0 ? `: ${again} again, redelivered` : ""}); publishing took ${publish.seconds.toFixed(1)} s; load ${loadBefore} before`,
        });
        if (workers === opts.workers[0]) {
          const s = await sizes(url);
          const per = (b: number) => (b / positions).toFixed(1);
          const parts = [`heap ${per(s.heap)}`, ...[...s.indexes].map(([k, b]) => `${k} ${per(b)}`)];
          out.push({
            name: `bus-pg: PostgreSQL bytes per position (${label})`,
            value: s.db / positions,
            unit: "bytes",
            peer: { name: "DuckDB file", value: statSync(duckDb).size / positions },
            ratio: s.db / statSync(duckDb).size,
            note: `whole database; positions: ${parts.join(", ")}`,
          });
        }
      } finally {
        await nats.stop();
      }
    }
    const detect = measure("node", [opts.cli, "detect", "--db", duckDb]);
    const detectPeer = { name: "detect --db over the DuckDB copy", value: positions / detect.seconds };
    out.push({
      name: `bus-pg: detect --db over the DuckDB copy (${label})`,
      value: detectPeer.value,
      unit: "positions/s",
      peer,
      ratio: embedded.seconds / detect.seconds,
      note: `${detect.seconds.toFixed(1)} s, peak ${detect.maxRssMb.toFixed(0)} MB; load ${loadAtStart} at the start`,
    });
    if (firstUrl !== null) {
      const loadBefore = load();
      const onPg = measure("node", [opts.cli, "detect", "--store", firstUrl]);
      out.push({
        name: `bus-pg: detect --store over PostgreSQL (${label})`,
        value: positions / onPg.seconds,
        unit: "positions/s",
        peer: detectPeer,
        ratio: detect.seconds / onPg.seconds,
        note: `${onPg.seconds.toFixed(1)} s, peak ${onPg.maxRssMb.toFixed(0)} MB; load ${loadBefore} before`,
      });
    }
  } finally {
    cluster.destroy();
    for (const x of [duckDb, `${duckDb}.wal`]) rmSync(x, { force: true });
  }
  return out;
}
