/**
 * Storing workers over PostgreSQL, against a real nats-server and a real PostgreSQL
 * cluster (test/support): the smoke simulation (bad lines included) through `ingest --bus`
 * and one or two concurrent `worker --store postgres://... --no-detect` gives the vessels,
 * tracks and stats that `ingest --store postgres://` gives, every position once; also when
 * one of two workers is SIGKILLed mid-stream and started again.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  vessels: string;
  stats: Record<string, unknown>;
  tracks: string[];
}

/** What the store answers: vessels, stats without where and how big, every vessel's track. */
function storeView(url: string): View {
  const vessels = ok("vessels", "--store", url, "--json");
  const {
    db: _db,
    fileBytes: _f,
    bytesPerPosition: _b,
    ...stats
  } = JSON.parse(ok("stats", "--store", url, "--json"));
  const mmsis = (JSON.parse(vessels) as { mmsi: number }[]).map((v) => String(v.mmsi));
  return { vessels, stats, tracks: mmsis.map((m) => ok("track", m, "--store", url)) };
}

function startWorker(bus: string, url: string, ...args: string[]) {
  return startCli("worker", "--bus", bus, "--store", url, "--no-detect", "--until-idle", ...args);
}

describe.skipIf(missing !== null)(
  `storing workers over PostgreSQL give the embedded store${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let cluster: PgCluster;
    let dir = "";
    let nmea = "";
    let want: View;

    beforeAll(async () => {
      cluster = await startPostgres();
      dir = mkdtempSync(join(tmpdir(), "darkfleet-bus-pg-"));
      expect(run("sim", "--scenario", "smoke", "--seed", "1", "--out", dir).status).toBe(0);
      nmea = join(dir, "ais.nmea");
      const url = await cluster.createDatabase("embedded");
      ok("ingest", nmea, "--store", url);
      want = storeView(url);
      expect(want.tracks.length).toBeGreaterThan(5);
    }, 120_000);
    afterAll(() => {
      cluster?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("a worker over PostgreSQL without --no-detect is refused in one line", async () => {
      const url = await cluster.createDatabase("refused");
      const r = run("worker", "--bus", "nats://127.0.0.1:1", "--store", url);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/only stores .*add --no-detect/);
    });

    for (const workers of [1, 2]) {
      it(`${workers} storing worker(s): the same store, every position once`, async () => {
        const nats = await NatsServer.start();
        try {
          const url = await cluster.createDatabase(`workers${workers}`);
          ok("ingest", nmea, "--bus", nats.url, "--bus-rows", "256");
          const all = Array.from({ length: workers }, () => startWorker(nats.url, url, "--batch", "4"));
          for (const w of all) expect(await w.exited, w.log()).toBe(0);
          expect(storeView(url)).toEqual(want);
        } finally {
          await nats.stop();
        }
      }, 120_000);
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
        expect(storeView(url)).toEqual(want);
      } finally {
        await nats.stop();
      }
    }, 180_000);
  },
);
