/**
 * The bus contract, against a real nats-server (test/support/nats.ts) and the built CLI:
 * the smoke simulation (bad lines included) through `ingest --bus` and `darkfleet worker`
 * gives the store and the events that the embedded `ingest` then `detect --db` gives: ids
 * and contents, every position once, the same counts by reason. Also when the worker is
 * SIGKILLed mid-stream and started again, when nats-server restarts mid-stream, when the
 * ingest is run twice, and when the bus is unreachable (one-line error) or comes back late.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, startCli } from "../support/cli-process.js";
import { freePort, NatsServer, natsMissing } from "../support/nats.js";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });

let dir = "";
let nmea = "";
/** The embedded path's stored events (JSON lines, sorted) and store summary. */
let wantEvents = "";
let wantStats: Record<string, unknown> = {};

function storeView(db: string): { events: string; stats: Record<string, unknown> } {
  const events = run("events", "--db", db, "--json");
  expect(events.status, events.stderr).toBe(0);
  const stats = run("stats", "--db", db, "--json");
  expect(stats.status, stats.stderr).toBe(0);
  const { db: _db, fileBytes: _f, bytesPerPosition: _b, ...rest } = JSON.parse(stats.stdout);
  return { events: events.stdout.split("\n").filter(Boolean).sort().join("\n"), stats: rest };
}

/** A worker as a child process, with its stderr collected and a promise of the first line matching. */
function startWorker(bus: string, db: string, ...args: string[]) {
  return startCli("worker", "--bus", bus, "--db", db, ...args);
}

const stored = (log: string) =>
  [...log.matchAll(/worker: stored (\d+) messages/g)].reduce((a, m) => a + Number(m[1]), 0);

beforeAll(() => {
  if (natsMissing) return;
  dir = mkdtempSync(join(tmpdir(), "darkfleet-bus-"));
  expect(run("sim", "--scenario", "smoke", "--seed", "1", "--out", dir).status).toBe(0);
  nmea = join(dir, "ais.nmea");
  const db = join(dir, "embedded.duckdb");
  expect(run("ingest", nmea, "--db", db).status).toBe(0);
  expect(run("detect", "--db", db).status).toBe(0);
  const want = storeView(db);
  wantEvents = want.events;
  wantStats = want.stats;
  expect(wantEvents.split("\n").length).toBeGreaterThan(10);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(natsMissing !== null)(
  `bus and worker give the embedded answers${natsMissing ? ` (skipped: ${natsMissing})` : ""}`,
  () => {
    it("one worker: the same events and store; a second ingest adds nothing", async () => {
      const nats = await NatsServer.start();
      try {
        const db = join(dir, "one.duckdb");
        const ingest = run("ingest", nmea, "--bus", nats.url, "--json");
        expect(ingest.status, ingest.stderr).toBe(0);
        const summary = JSON.parse(ingest.stdout).sources[0];
        expect(summary.counts).toEqual(wantStats.counts);
        expect(summary.bus.duplicates).toBe(0);
        // Something not darkfleet's among the records: refused with a line, the rest stored.
        const nc = await connect({ servers: nats.url.slice("nats://".length) });
        await nc.jetstream().publish("darkfleet.records.3", new TextEncoder().encode("hello, world"));
        await nc.close();
        const worker = run("worker", "--bus", nats.url, "--db", db, "--until-idle");
        expect(worker.status, worker.stderr).toBe(0);
        expect(worker.stderr).toMatch(/worker: DARKFLEET message \d+ on darkfleet\.records\.3 refused: /);
        expect(worker.stderr).toContain("1 messages refused as not darkfleet's");
        expect(storeView(db)).toEqual({ events: wantEvents, stats: wantStats });
        // Again: JetStream drops every message as a duplicate; the worker stores nothing.
        const again = run("ingest", nmea, "--bus", nats.url, "--json");
        expect(again.status).toBe(0);
        const bus = JSON.parse(again.stdout).sources[0].bus;
        expect(bus.duplicates).toBe(bus.messages);
        const idle = run("worker", "--bus", nats.url, "--db", db, "--until-idle");
        expect(idle.status, idle.stderr).toBe(0);
        expect(idle.stderr).toContain("worker: 0 messages stored");
        // Cut differently (past the duplicate window, say): the source is done, nothing is stored twice.
        expect(run("ingest", nmea, "--bus", nats.url, "--bus-rows", "500").status).toBe(0);
        const recut = run("worker", "--bus", nats.url, "--db", db, "--until-idle");
        expect(recut.status, recut.stderr).toBe(0);
        expect(recut.stderr).toMatch(/worker: 0 messages stored .*, [1-9]\d* stored before/);
        expect(storeView(db)).toEqual({ events: wantEvents, stats: wantStats });
      } finally {
        await nats.stop();
      }
    }, 120_000);

    it("a worker SIGKILLed mid-stream and started again: nothing lost, nothing stored twice", async () => {
      const nats = await NatsServer.start();
      try {
        const db = join(dir, "killed.duckdb");
        // Small messages, one per transaction: hundreds of commits, so the kill lands among them.
        expect(run("ingest", nmea, "--bus", nats.url, "--bus-rows", "64").status).toBe(0);
        const first = startWorker(nats.url, db, "--batch", "1");
        await first.seen(/worker: stored 1 messages/);
        first.proc.kill("SIGKILL");
        await first.exited;
        expect(first.log()).not.toMatch(/complete/);
        // Published again cut another way (messages holding other rows): refused, not stored twice.
        expect(run("ingest", nmea, "--bus", nats.url, "--bus-rows", "500").status).toBe(0);
        const second = run("worker", "--bus", nats.url, "--db", db, "--batch", "50", "--until-idle");
        expect(second.status, second.stderr).toBe(0);
        expect(stored(second.stderr)).toBeGreaterThan(0);
        expect(second.stderr).toMatch(/refused \(the source was stored cut into messages of another size\)/);
        expect(storeView(db)).toEqual({ events: wantEvents, stats: wantStats });
      } finally {
        await nats.stop();
      }
    }, 120_000);

    it("a worker SIGKILLed while detecting: the job goes to the next worker, the events are the same", async () => {
      const nats = await NatsServer.start();
      try {
        const db = join(dir, "killed-detecting.duckdb");
        expect(run("ingest", nmea, "--bus", nats.url).status).toBe(0);
        const first = startWorker(nats.url, db, "--until-idle");
        await first.seen(/worker: detecting over the store/);
        first.proc.kill("SIGKILL");
        await first.exited;
        const second = run("worker", "--bus", nats.url, "--db", db, "--until-idle");
        expect(second.status, second.stderr).toBe(0);
        expect(second.stderr).toContain("worker: detecting over the store (1 sources done)");
        expect(second.stderr).toContain("worker: 0 messages stored");
        expect(storeView(db)).toEqual({ events: wantEvents, stats: wantStats });
      } finally {
        await nats.stop();
      }
    }, 120_000);

    it("nats-server restarted mid-stream: the worker reconnects and the answers are the same", async () => {
      const nats = await NatsServer.start();
      try {
        const db = join(dir, "restarted.duckdb");
        expect(run("ingest", nmea, "--bus", nats.url, "--bus-rows", "64").status).toBe(0);
        const worker = startWorker(nats.url, db, "--batch", "1", "--until-idle");
        await worker.seen(/worker: stored 1 messages/);
        await nats.down();
        await nats.up();
        expect(await worker.exited, worker.log()).toBe(0);
        expect(storeView(db)).toEqual({ events: wantEvents, stats: wantStats });
      } finally {
        await nats.stop();
      }
    }, 120_000);

    it("nats-server restarted while ingest --bus is publishing: it exits 0 and the answers are the same", async () => {
      const nats = await NatsServer.start();
      try {
        const db = join(dir, "restarted-publishing.duckdb");
        const text = readFileSync(nmea);
        const half = text.indexOf(10, text.length >> 1) + 1;
        // Fed through stdin, so the second half comes only once the server has restarted.
        const ingest = spawn(process.execPath, [CLI, "ingest", "-", "--bus", nats.url, "--bus-rows", "64"], {
          stdio: ["pipe", "ignore", "pipe"],
        });
        let log = "";
        ingest.stderr?.on("data", (d: Buffer) => {
          log += d.toString();
        });
        const exited = new Promise<number | null>((resolve) => ingest.on("exit", (code) => resolve(code)));
        ingest.stdin?.write(text.subarray(0, half));
        const nc = await connect({ servers: nats.url.slice("nats://".length) });
        const jsm = await nc.jetstreamManager();
        const held = async () => (await jsm.streams.info("DARKFLEET").catch(() => null))?.state.messages ?? 0;
        while ((await held()) === 0) await new Promise((r) => setTimeout(r, 100));
        await nc.close();
        await nats.down();
        await nats.up();
        ingest.stdin?.end(text.subarray(half));
        expect(await exited, log).toBe(0);
        const worker = run("worker", "--bus", nats.url, "--db", db, "--until-idle");
        expect(worker.status, worker.stderr).toBe(0);
        const got = storeView(db);
        expect(got.events).toBe(wantEvents);
        expect(got.stats.positions).toBe(wantStats.positions);
        expect(got.stats.counts).toEqual(wantStats.counts);
      } finally {
        await nats.stop();
      }
    }, 120_000);

    it("an unreachable bus: a one-line error naming it, after bounded tries; a bus that comes up in time is used", async () => {
      const port = await freePort();
      const url = `nats://127.0.0.1:${port}`;
      const down = run("ingest", nmea, "--bus", url, "--bus-tries", "2");
      expect(down.status).not.toBe(0);
      const lines = down.stderr.trim().split("\n");
      expect(lines.at(-1)).toMatch(
        new RegExp(`^darkfleet: ${url}: bus unreachable after 2 tries in [\\d.]+ s \\(`),
      );
      expect(
        run("worker", "--bus", url, "--db", join(dir, "none.duckdb"), "--bus-tries", "1").stderr,
      ).toMatch(new RegExp(`^darkfleet: ${url}: bus unreachable after 1 tries`));
      // The worker keeps trying while the server starts.
      const nats = await NatsServer.start();
      await nats.stop();
      const late = startWorker(nats.url, join(dir, "late.duckdb"), "--until-idle", "--bus-tries", "20");
      await late.seen(/trying again/);
      await nats.up();
      try {
        expect(await late.exited, late.log()).toBe(0);
      } finally {
        await nats.stop();
      }
    }, 120_000);
  },
);
