/**
 * Workers over PostgreSQL, against a real nats-server and a real PostgreSQL cluster
 * (test/support), one cluster for the file: the smoke simulation (bad lines included)
 * through `ingest --bus` and N = 1, 2 or 4 concurrent `worker --store postgres://...`
 * gives the events of the embedded `ingest --db` then `detect --db`, byte for byte (ids
 * and contents), its vessels and stats, and the positions and static reports of the
 * embedded `ingest --store`, every one once. The same when one of two workers is SIGKILLed
 * mid-stream and started again, when nats-server restarts mid-stream, and when PostgreSQL
 * restarts (pg_ctl restart -m fast) while the workers store. A database that cannot be
 * reached fails the worker in one line naming it. `detect --store` and `ingest --store
 * --detect` print the events `detect --db` prints.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, startCli } from "../support/cli-process.js";
import { NatsServer, natsMissing } from "../support/nats.js";
import { type PgCluster, postgresMissing, startPostgres } from "../support/postgres.js";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
const ok = (...args: string[]) => {
  const r = run(...args);
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

const missing = natsMissing ?? postgresMissing();

interface View {
  events: string;
  vessels: string;
  stats: Record<string, unknown>;
}

/** What the store answers: its events and vessels as JSON, its stats without where and how big. */
function storeView(...where: string[]): View {
  const {
    db: _db,
    fileBytes: _f,
    bytesPerPosition: _b,
    ...stats
  } = JSON.parse(ok("stats", ...where, "--json"));
  return { events: ok("events", ...where, "--json"), vessels: ok("vessels", ...where, "--json"), stats };
}

interface Rows {
  positions: unknown[][];
  statics: unknown[][];
}

/** Every stored position and static report (but the source's number), each as often as stored. */
async function storedRows(url: string): Promise<Rows> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const all = async (sql: string) => (await c.query({ text: sql, rowMode: "array" })).rows as unknown[][];
    return {
      positions: await all(
        "SELECT line, t::text, mmsi, lat, lon, sog, cog, heading, nav_status, msg_type, second FROM positions ORDER BY line, t",
      ),
      statics: await all(
        "SELECT line, msg_type, part, t::text, mmsi, imo, callsign, name, ship_type, draught_dm, destination FROM statics ORDER BY line, msg_type, part",
      ),
    };
  } finally {
    await c.end();
  }
}

function startWorker(bus: string, url: string, ...args: string[]) {
  return startCli("worker", "--bus", bus, "--store", url, "--until-idle", ...args);
}

describe.skipIf(missing !== null)(
  `workers over PostgreSQL give the embedded store and events${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let cluster: PgCluster;
    let dir = "";
    let nmea = "";
    let want: View;
    let wantRows: Rows;

    /** The store `url` the workers filled, against the embedded answers. */
    async function expectEmbedded(url: string): Promise<void> {
      expect(storeView("--store", url)).toEqual(want);
      expect(await storedRows(url)).toEqual(wantRows);
    }

    beforeAll(async () => {
      cluster = await startPostgres();
      dir = mkdtempSync(join(tmpdir(), "darkfleet-bus-pg-"));
      expect(run("sim", "--scenario", "smoke", "--seed", "1", "--out", dir).status).toBe(0);
      nmea = join(dir, "ais.nmea");
      const db = join(dir, "embedded.duckdb");
      ok("ingest", nmea, "--db", db);
      ok("detect", "--db", db);
      want = storeView("--db", db);
      expect(want.events.split("\n").length).toBeGreaterThan(10);
      const url = await cluster.createDatabase("embedded");
      ok("ingest", nmea, "--store", url);
      wantRows = await storedRows(url);
      expect(wantRows.positions.length).toBeGreaterThan(10_000);
    }, 180_000);
    afterAll(() => {
      cluster?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("detect --store and ingest --store --detect give detect --db's events byte for byte, and store them", async () => {
      const url = await cluster.createDatabase("detect");
      const lines = ok("detect", "--db", join(dir, "embedded.duckdb"), "--json");
      expect(ok("ingest", nmea, "--store", url, "--detect", "--json")).toBe(lines);
      expect(ok("detect", "--store", url, "--json")).toBe(lines);
      expect(ok("events", "--store", url, "--json")).toBe(want.events);
      // a rerun replaces the run's scope: the same events, none twice
      ok("detect", "--store", url, "--threads", "1");
      expect(ok("events", "--store", url, "--json")).toBe(want.events);
    }, 120_000);

    it("a worker whose database cannot be reached fails in one line naming it", async () => {
      const nats = await NatsServer.start();
      try {
        const r = run(
          "worker",
          "--bus",
          nats.url,
          "--store",
          "postgres://postgres@127.0.0.1:1/nowhere",
          "--store-retry",
          "1",
        );
        expect(r.status).not.toBe(0);
        const lines = r.stderr.trim().split("\n");
        expect(lines.at(-1)).toMatch(
          /^darkfleet: 127\.0\.0\.1:1\/nowhere: cannot connect to PostgreSQL: connection refused/,
        );
        expect(lines.length).toBeLessThanOrEqual(2);
      } finally {
        await nats.stop();
      }
    }, 60_000);

    for (const workers of [1, 2, 4]) {
      it(`${workers} worker(s) storing and detecting: the embedded events and rows, each once`, async () => {
        const nats = await NatsServer.start();
        try {
          const url = await cluster.createDatabase(`workers${workers}`);
          ok("ingest", nmea, "--bus", nats.url, "--bus-rows", "256");
          const all = Array.from({ length: workers }, () => startWorker(nats.url, url, "--batch", "4"));
          for (const w of all) expect(await w.exited, w.log()).toBe(0);
          const runs = all.map((w) => [...w.log().matchAll(/worker: detecting over the store/g)].length);
          expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
          await expectEmbedded(url);
        } finally {
          await nats.stop();
        }
      }, 180_000);
    }

    it("one of two workers SIGKILLed mid-stream and started again: nothing lost, nothing stored twice", async () => {
      const nats = await NatsServer.start();
      try {
        const url = await cluster.createDatabase("killed");
        // Small messages, one per transaction: hundreds of commits, so the kill lands among them.
        ok("ingest", nmea, "--bus", nats.url, "--bus-rows", "64");
        const first = startWorker(nats.url, url, "--batch", "1");
        const other = startWorker(nats.url, url, "--batch", "1");
        await first.seen(/worker: stored 1 messages/);
        first.proc.kill("SIGKILL");
        await first.exited;
        const again = startWorker(nats.url, url, "--batch", "1");
        expect(await other.exited, other.log()).toBe(0);
        expect(await again.exited, again.log()).toBe(0);
        await expectEmbedded(url);
      } finally {
        await nats.stop();
      }
    }, 180_000);

    it("nats-server restarted mid-stream under two workers: the same events and rows", async () => {
      const nats = await NatsServer.start();
      try {
        const url = await cluster.createDatabase("natsrestart");
        ok("ingest", nmea, "--bus", nats.url, "--bus-rows", "64");
        const all = [1, 2].map(() => startWorker(nats.url, url, "--batch", "1"));
        await all[0].seen(/worker: stored 1 messages/);
        await nats.down();
        await nats.up();
        for (const w of all) expect(await w.exited, w.log()).toBe(0);
        await expectEmbedded(url);
      } finally {
        await nats.stop();
      }
    }, 180_000);

    it("PostgreSQL restarted mid-load under two workers: they reconnect, nothing lost or stored twice", async () => {
      const nats = await NatsServer.start();
      try {
        const url = await cluster.createDatabase("pgrestart");
        ok("ingest", nmea, "--bus", nats.url, "--bus-rows", "64");
        const all = [1, 2].map(() => startWorker(nats.url, url, "--batch", "1"));
        await all[0].seen(/worker: stored 1 messages/);
        cluster.restart();
        for (const w of all) expect(await w.exited, w.log()).toBe(0);
        expect(all.map((w) => w.log()).join("")).toMatch(/connection lost .*; reconnecting/);
        await expectEmbedded(url);
      } finally {
        await nats.stop();
      }
    }, 180_000);
  },
);
