/**
 * The store's commands as a user runs them (built CLI): ingest, vessels, track, stats,
 * their JSON forms, and the one-line refusals with a non-zero exit for a database that
 * is missing, not a database, or locked by a running ingest.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText } from "../ingest/fixture.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
let dir: string;
let db: string;
let nmea: string;

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-cli-"));
  db = join(dir, "x.duckdb");
  nmea = join(dir, "feed.nmea");
  writeFileSync(nmea, fixtureText({ lines: 3000, vessels: 8, seed: 5 }));
  const r = run("ingest", nmea, "--db", db, "--json");
  expect(r.status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("store commands", () => {
  it("ingest --json, vessels --json, track --geojson and stats --json agree", () => {
    const again = JSON.parse(run("ingest", nmea, "--db", db, "--json").stdout);
    expect(again.sources[0].outcome).toBe("skipped");
    const vessels = JSON.parse(run("vessels", "--db", db, "--json").stdout) as {
      mmsi: number;
      positions: number;
    }[];
    expect(vessels).toHaveLength(8);
    const stats = JSON.parse(run("stats", "--db", db, "--json").stdout);
    expect(stats.positions).toBe(vessels.reduce((a, v) => a + v.positions, 0));
    expect(stats.vessels).toBe(8);
    expect(stats.bytesPerPosition).toBeGreaterThan(0);
    const geo = JSON.parse(run("track", String(vessels[0].mmsi), "--db", db, "--geojson").stdout);
    const line = geo.features[0];
    expect(line.geometry.type).toBe("LineString");
    expect(line.geometry.coordinates).toHaveLength(vessels[0].positions);
    const times = line.properties.times as number[];
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const mid = new Date(times[Math.floor(times.length / 2)]).toISOString();
    const later = run("track", String(vessels[0].mmsi), "--db", db, "--from", mid).stdout.trim().split("\n");
    expect(later.length).toBe(times.filter((t) => t >= Date.parse(mid)).length);
  });

  it("refuses a missing database and a file that is not one, in one line, exit non-zero", () => {
    const missing = run("vessels", "--db", join(dir, "nope.duckdb"));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/^darkfleet: .*nope\.duckdb: no such database\n$/);
    const bad = run("ingest", nmea, "--db", nmea);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^darkfleet: .*feed\.nmea: not a readable darkfleet database[^\n]*\n$/);
  });

  it("refuses a database locked by a running ingest", async () => {
    // The ingest opens the database before it connects to its feed, so once our feed
    // server sees the connection the file is held: no polling (a polling reader could
    // take the lock first and make the ingest itself fail to open).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const connected = new Promise<Socket>((resolve) => server.once("connection", resolve));
    const slow = spawn(process.execPath, [CLI, "ingest", `tcp://127.0.0.1:${port}`, "--db", db], {
      stdio: "ignore",
    });
    try {
      const socket = await connected;
      const r = run("stats", "--db", db);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/^darkfleet: .*x\.duckdb: locked by another process[^\n]*\n$/);
      socket.destroy();
    } finally {
      (slow as ChildProcess).kill("SIGTERM");
      await new Promise((resolve) => slow.on("exit", resolve));
      server.close();
    }
    expect(run("stats", "--db", db).status).toBe(0);
  });
});
