/**
 * Bus benchmark (issue 19): a generated realistic-mix NMEA file (bench/mix.ts) through
 * `ingest --bus` into a real nats-server with JetStream (bench/nats-server.ts), then one
 * storing-only `darkfleet worker` draining it into a fresh DuckDB file, beside the
 * embedded `ingest --db` of the same file in the same run. Publishing and draining are
 * timed one after the other (each as its own process), so the bus path's figure is their
 * sum: what one machine's two cores give when the stages do not overlap. The worker's time
 * includes about 2 s of idle checks before --until-idle lets it stop. Then the two side by
 * side, as a deployment runs them: the ingest and a worker started together on a fresh
 * server, timed until the worker has acknowledged everything.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { connect } from "nats";
import { DURABLE } from "../src/bus/connect.js";
import { STREAM } from "../src/bus/wire.js";
import { measure } from "./measure.js";
import { writeMixFile } from "./mix.js";
import { NatsServer, natsMissing } from "./nats-server.js";
import type { BenchResult } from "./result.js";

export interface BusBenchOptions {
  dir: string;
  cli: string;
  sentences: number;
}

/** Seconds from starting `ingest --bus` and a worker together until the worker has acknowledged every message. */
async function sideBySide(cli: string, file: string, db: string): Promise<number> {
  const nats = await NatsServer.start();
  try {
    const started = performance.now();
    const worker = spawn("node", [cli, "worker", "--bus", nats.url, "--db", db, "--no-detect"], {
      stdio: "ignore",
    });
    const stopped = new Promise((resolve) => worker.on("exit", resolve));
    const ingest = spawn("node", [cli, "ingest", file, "--bus", nats.url], { stdio: "ignore" });
    const code = await new Promise((resolve) => ingest.on("exit", resolve));
    if (code !== 0) throw new Error(`ingest --bus exited ${code}`);
    const nc = await connect({ servers: nats.url.slice("nats://".length) });
    const jsm = await nc.jetstreamManager();
    for (;;) {
      const info = await jsm.consumers.info(STREAM, DURABLE).catch(() => null);
      if (info !== null && info.num_pending === 0 && info.num_ack_pending === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await nc.close();
    worker.kill("SIGTERM");
    await stopped;
    return seconds;
  } finally {
    await nats.stop();
  }
}

export async function benchBus(opts: BusBenchOptions): Promise<BenchResult[]> {
  if (natsMissing) {
    process.stderr.write(`bench bus: skipped: ${natsMissing}\n`);
    return [];
  }
  const n = opts.sentences;
  const file = join(opts.dir, `mix-${n}.nmea`);
  if (!existsSync(file)) writeMixFile(file, n, 1);
  const embeddedDb = join(opts.dir, "bus-embedded.duckdb");
  const busDb = join(opts.dir, "bus-worker.duckdb");
  for (const f of [embeddedDb, busDb]) for (const x of [f, `${f}.wal`]) rmSync(x, { force: true });
  const load = loadavg()[0].toFixed(2);
  const summaryFile = join(opts.dir, "bus-embedded.json");
  const embedded = measure("node", [opts.cli, "ingest", file, "--db", embeddedDb, "--json"], {
    stdout: summaryFile,
  });
  const positions = JSON.parse(readFileSync(summaryFile, "utf8")).sources[0].counts.position as number;
  const nats = await NatsServer.start();
  try {
    const publish = measure("node", [opts.cli, "ingest", file, "--bus", nats.url]);
    const drain = measure("node", [
      opts.cli,
      "worker",
      "--bus",
      nats.url,
      "--db",
      busDb,
      "--no-detect",
      "--until-idle",
    ]);
    const embeddedRate = positions / embedded.seconds;
    for (const x of [busDb, `${busDb}.wal`]) rmSync(x, { force: true });
    const together = await sideBySide(opts.cli, file, busDb);
    const label = `${n / 1e6}M sentences, ${positions} positions`;
    return [
      {
        name: `bus: ingest --bus and 1 worker side by side (${label})`,
        value: positions / together,
        unit: "positions/s",
        peer: { name: "embedded ingest --db", value: embeddedRate },
        ratio: embedded.seconds / together,
        note: "started together, timed until the worker acknowledged the last message",
      },
      {
        name: `bus: ingest --bus then 1 worker (${label})`,
        value: positions / (publish.seconds + drain.seconds),
        unit: "positions/s",
        peer: { name: "embedded ingest --db", value: embeddedRate },
        ratio: embedded.seconds / (publish.seconds + drain.seconds),
        note: `stages timed one after the other; load average ${load} at the start`,
      },
      {
        name: `bus: ingest --bus publishing (${label})`,
        value: positions / publish.seconds,
        unit: "positions/s",
        peer: { name: "embedded ingest --db", value: embeddedRate },
        ratio: embedded.seconds / publish.seconds,
        note: `peak memory ${publish.maxRssMb.toFixed(0)} MB`,
      },
      {
        name: `bus: 1 worker storing into DuckDB (${label})`,
        value: positions / drain.seconds,
        unit: "positions/s",
        peer: { name: "embedded ingest --db", value: embeddedRate },
        ratio: embedded.seconds / drain.seconds,
        note: `peak memory ${drain.maxRssMb.toFixed(0)} MB`,
      },
    ];
  } finally {
    await nats.stop();
    for (const f of [embeddedDb, busDb]) for (const x of [f, `${f}.wal`]) rmSync(x, { force: true });
  }
}
