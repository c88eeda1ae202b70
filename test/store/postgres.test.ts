/**
 * The PostgreSQL store against the DuckDB one, on a real throwaway cluster
 * (test/support/postgres.ts): the same input gives the same `vessels`, `track`, `stats`
 * and `events`; a re-ingest or a redelivered commit stores nothing twice; a server
 * restarted mid-load loses and duplicates nothing; an unreachable server fails in one
 * line naming it, and one that comes back within --store-retry is waited for.
 * Skipped only when the PostgreSQL or PostGIS binaries are missing (CI installs them).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorageParams } from "../../src/detect/engine/store-detect.js";
import type { Position, Static } from "../../src/model/records.js";
import type { StoreBackend } from "../../src/store/backend.js";
import { PositionColumns } from "../../src/store/batch.js";
import { openStore } from "../../src/store/open.js";
import { PgStore } from "../../src/store/postgres/backend.js";
import { PG_SCHEMA_VERSION } from "../../src/store/postgres/schema.js";
import { type ReplayOptions, replayFrom } from "../../src/store/replay.js";
import { fixtureText } from "../ingest/fixture.js";
import { type PgCluster, postgresMissing, startPostgres } from "../support/postgres.js";
import { typeBHalf } from "../support/static-row.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const ok = (...args: string[]) => {
  const r = run(...args);
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};
/** stats --json without where the store is and how big it is on disk (a file's bytes are not a database's). */
const statsOf = (...where: string[]) => {
  const {
    db: _db,
    fileBytes: _f,
    bytesPerPosition: _b,
    ...rest
  } = JSON.parse(ok("stats", ...where, "--json"));
  return rest;
};

const missing = postgresMissing();
if (missing !== null) console.warn(`skipping the PostgreSQL store tests: ${missing}`);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Two positions of one source in two months (two partitions), lines 10 and 11. */
function twoPositions(sourceId: number): PositionColumns {
  const rows = new PositionColumns(2);
  for (const [i, t] of [Date.UTC(2019, 2, 1, 12), Date.UTC(2019, 3, 1, 0, 0, 0, 250)].entries()) {
    rows.mmsi[i] = 412000001 + i;
    rows.t[i] = t;
    rows.lat[i] = 39 * 600000 + i;
    rows.lon[i] = 124 * 600000 - i;
    rows.sog[i] = 1023;
    rows.cog[i] = 3600;
    rows.heading[i] = 511;
    rows.navStatus[i] = 255;
    rows.msgType[i] = 1;
    rows.second[i] = 60;
    rows.sourceId[i] = sourceId;
    rows.line[i] = 10 + i;
  }
  rows.n = 2;
  return rows;
}

describe.skipIf(missing !== null)("PostgreSQL store", () => {
  let cluster: PgCluster;
  let dir: string;
  let sim: string;
  let duck: string;
  let url: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), "darkfleet-pgstore-"));
    ok("sim", "--scenario", "smoke", "--seed", "1", "--out", dir);
    sim = join(dir, "ais.nmea");
    duck = join(dir, "store.duckdb");
    ok("ingest", sim, "--db", duck);
    ok("detect", "--db", duck);
    url = await cluster.createDatabase("same");
    ok("ingest", sim, "--store", url);
  }, 300_000);
  afterAll(() => {
    cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers vessels, track and stats as the DuckDB store does", () => {
    expect(ok("vessels", "--store", url)).toBe(ok("vessels", "--db", duck));
    const vessels = JSON.parse(ok("vessels", "--store", url, "--json")) as {
      mmsi: number;
      positions: number;
    }[];
    expect(vessels).toEqual(JSON.parse(ok("vessels", "--db", duck, "--json")));
    expect(vessels.length).toBeGreaterThan(3);
    for (const v of vessels.slice(0, 4)) {
      const track = ok("track", String(v.mmsi), "--store", url);
      expect(track).toBe(ok("track", String(v.mmsi), "--db", duck));
      expect(track.trim().split("\n")).toHaveLength(v.positions);
      const times = JSON.parse(ok("track", String(v.mmsi), "--store", url, "--geojson")).features[0]
        .properties.times as number[];
      const mid = new Date(times[Math.floor(times.length / 2)]).toISOString();
      expect(ok("track", String(v.mmsi), "--store", url, "--from", mid)).toBe(
        ok("track", String(v.mmsi), "--db", duck, "--from", mid),
      );
    }
    const stats = statsOf("--store", url);
    expect(stats).toEqual(statsOf("--db", duck));
    expect(stats.positions).toBe(vessels.reduce((a, v) => a + v.positions, 0));
  });

  it("stores events upserted by id and lists them as the DuckDB store does", async () => {
    const fromDuck = await openStore({ db: duck }, { readOnly: true });
    const events = await fromDuck.listEvents();
    await fromDuck.close();
    expect(events.length).toBeGreaterThan(0);
    const store = await openStore({ db: duck, store: url });
    const sink = await store.openEvents();
    // every event twice (a redelivery), and one put then retracted
    for (const e of events) sink.put({ ...e, status: "open" });
    await sink.flush();
    for (const e of events) sink.put(e);
    sink.put({ ...events[0], id: "gone" });
    await sink.flush();
    sink.put({ ...events[0], id: "gone", status: "retracted" });
    await sink.close();
    await store.close();
    for (const args of [
      ["--json"],
      [],
      ["--kinds", events[0].kind],
      ["--mmsi", String(events[0].vessels[0].mmsi)],
    ]) {
      expect(ok("events", "--store", url, ...args)).toBe(ok("events", "--db", duck, ...args));
    }
    const [{ n }] = await query<{ n: string }>(url, "SELECT count(*) AS n FROM events");
    expect(Number(n)).toBe(events.length);
  });

  it("re-ingest stores nothing, and a redelivered commit stores nothing twice", async () => {
    const before = statsOf("--store", url);
    const again = JSON.parse(ok("ingest", sim, "--store", url, "--json"));
    expect(again.sources[0].outcome).toBe("skipped");
    expect(statsOf("--store", url)).toEqual(before);
    // the same rows committed twice (a worker redelivered a batch whose commit it did not see acknowledged)
    const store = await openStore({ db: duck, store: url });
    const source = await store.createSource("redelivered", "file", "fingerprint-of-redelivered");
    const rows = twoPositions(source.sourceId);
    const statics = ([0, 1] as const).map((part) =>
      typeBHalf(part, {
        mmsi: 412000001,
        t: Date.UTC(2019, 2, 1, 12),
        callsign: part === 1 ? "CALL\\1" : null,
        name: part === 0 ? "TAB\tAND\nNEWLINE" : null,
        shipType: part === 1 ? 80 : null,
        sourceId: source.sourceId,
        line: 20 + part,
      }),
    );
    for (let delivery = 0; delivery < 2; delivery++) {
      const writer = await store.openWriter();
      writer.appendPositions(rows);
      writer.appendStatics(statics);
      await writer.commit(source.sourceId, {
        offset: 100,
        line: 30,
        status: "done",
        counts: { position: 2 },
      });
      await writer.close();
    }
    const track = await store.track(412000001);
    await store.close();
    const after = statsOf("--store", url);
    expect(after.positions).toBe(before.positions + 2);
    expect(after.statics).toBe(before.statics + 2);
    expect(track.map((p) => [p.t, p.lat, p.sog])).toEqual([[Date.UTC(2019, 2, 1, 12), 39, null]]);
    const names = await query<{ name: string | null; callsign: string | null }>(
      url,
      `SELECT name, callsign FROM statics WHERE source_id = ${source.sourceId} ORDER BY part`,
    );
    expect(names).toEqual([
      { name: "TAB\tAND\nNEWLINE", callsign: null },
      { name: null, callsign: "CALL\\1" },
    ]);
  });

  it("replays the DuckDB store's records in the same order, in windows of any size, inside a window and box", async () => {
    const fresh = await cluster.createDatabase("replay");
    ok("ingest", sim, "--store", fresh);
    const records = async (s: StoreBackend, o: ReplayOptions) => {
      const out: (Position | Static)[] = [];
      const stats = await replayFrom(await s.openReplay(o), false, (r) => out.push(r));
      return { out, stats };
    };
    const duckStore = await openStore({ db: duck }, { readOnly: true });
    const pgStore = await openStore({ db: duck, store: fresh });
    try {
      const whole = await records(duckStore, {});
      expect(whole.stats.positions).toBeGreaterThan(10_000);
      expect(await records(pgStore, {})).toEqual(whole);
      const first = whole.out.find((r): r is Position => "lat" in r) as Position;
      const mid = whole.out[whole.out.length >> 1].t;
      const options: ReplayOptions[] = [
        { windowRows: 2000 },
        {
          windowRows: 100,
          from: mid - 3_600_000,
          to: mid + 3_600_000,
          box: {
            minLat: first.lat - 0.3,
            maxLat: first.lat + 0.3,
            minLon: first.lon - 0.3,
            maxLon: first.lon + 0.3,
          },
        },
      ];
      for (const o of options) {
        const want = await records(duckStore, o);
        expect(want.stats.windows).toBeGreaterThan(3);
        expect(await records(pgStore, o)).toEqual(want);
      }
    } finally {
      await duckStore.close();
      await pgStore.close();
    }
  });

  it("learns the DuckDB store's anchorages from the same positions, on both sides of the equator and the meridian", async () => {
    const P = anchorageParams();
    const t0 = Date.UTC(2019, 2, 1);
    // [first MMSI, vessels, lat, lon, hours, sog (0.1 kn)]: anchorages in four quadrants, one
    // cell's vessels across a cell border (two cells, too few each), one stay too short
    const groups: [number, number, number, number, number, number][] = [
      [412000000, 5, 38.5011, 125.0011, 13, 1],
      [413000000, 4, -33.8611, 151.2211, 13, 0],
      [414000000, 6, -0.0101, -0.0101, 13, 2],
      [415000000, 4, 51.9511, -1.3311, 13, 1],
      [416000000, 4, 10.0, 20.0, 13, 1],
      [417000000, 8, 20.0111, 30.0111, 6, 1],
    ];
    const rows = new PositionColumns(4096);
    for (const [mmsi0, n, lat, lon, hours, sog] of groups) {
      for (let v = 0; v < n; v++) {
        for (let h = 0; h <= hours; h++) {
          const i = rows.n++;
          rows.mmsi[i] = mmsi0 + v;
          rows.t[i] = t0 + h * 3_600_000 + v * 1000 + 250;
          // the group at (10, 20) sits on a cell corner: its vessels fall in different cells
          const edge = lat === 10 ? (v % 2 === 0 ? -1 : 1) : 1;
          rows.lat[i] = Math.round(lat * 600000) + edge * (v + 1);
          rows.lon[i] = Math.round(lon * 600000) + edge * (v + 1);
          rows.sog[i] = sog;
          rows.cog[i] = 3600;
          rows.heading[i] = 511;
          rows.navStatus[i] = 1;
          rows.msgType[i] = 1;
          rows.second[i] = 0;
          rows.line[i] = i + 1;
        }
      }
    }
    const fresh = await cluster.createDatabase("anchorages");
    const stores = [
      await openStore({ db: join(dir, "anchorages.duckdb") }),
      await openStore({ db: duck, store: fresh }),
    ];
    try {
      const found = [];
      for (const store of stores) {
        const source = await store.createSource("anchorages", "file", "fingerprint-of-anchorages");
        rows.sourceId.fill(source.sourceId, 0, rows.n);
        const writer = await store.openWriter();
        await writer.begin();
        writer.appendPositions(rows);
        await writer.commit(source.sourceId, { offset: 1, line: rows.n, status: "done", counts: {} });
        await writer.close();
        expect(await store.refreshAnchorages(P)).toBe(true);
        expect(await store.refreshAnchorages(P)).toBe(false);
        found.push(await store.readAnchorages(P.cellDeg));
      }
      expect(found[0].map((a) => a.name)).toEqual([
        "anchorage -33.8700,151.2300 (4 vessels)",
        "anchorage -0.0100,-0.0100 (6 vessels)",
        "anchorage 38.5100,125.0100 (5 vessels)",
        "anchorage 51.9500,-1.3300 (4 vessels)",
      ]);
      expect(found[1]).toEqual(found[0]);
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it("keeps partitions by month, a PostGIS point with a spatial index, a (mmsi, t, source_id, line) key and an index on t", async () => {
    const parts = await query<{ name: string }>(
      url,
      "SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'positions'::regclass",
    );
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) expect(p.name).toMatch(/^positions_y\d{4}m\d{2}$/);
    const indexes = (
      await query<{ def: string }>(
        url,
        "SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'positions'",
      )
    ).map((r) => r.def);
    // the replay's windows are time ranges (postgres/replay.ts)
    expect(indexes.some((d) => /positions_t ON .* \(t\)$/.test(d))).toBe(true);
    expect(indexes.some((d) => /USING spgist \(geom\)/.test(d))).toBe(true);
    const key = /UNIQUE INDEX positions_pkey .*\(mmsi, t, source_id, line\)/;
    expect(indexes.some((d) => key.test(d))).toBe(true);
    const [inBox] = await query<{ n: string }>(
      url,
      "SELECT count(*) AS n FROM positions WHERE geom && ST_MakeEnvelope(-180, -90, 180, 90, 4326)",
    );
    expect(Number(inBox.n)).toBe(statsOf("--store", url).positions);
    const [{ version }] = await query<{ version: number }>(
      url,
      "SELECT max(version) AS version FROM schema_version",
    );
    expect(version).toBe(PG_SCHEMA_VERSION);
    // the box query and a vessel's track use their indexes (when the planner may not scan)
    const c = new pg.Client(url);
    await c.connect();
    const plan = async (sql: string) => {
      const { rows } = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    try {
      await c.query("SET enable_seqscan = off");
      const box = "geom && ST_MakeEnvelope(124, 38, 125, 39, 4326)";
      expect(await plan(`SELECT count(*) FROM positions WHERE ${box}`)).toMatch(
        /Index (Only )?Scan (using|on) positions_y\d{4}m\d{2}_geom_idx/,
      );
      expect(await plan("SELECT t FROM positions WHERE mmsi = 412000001 ORDER BY t")).toMatch(
        /Index (Only )?Scan (using|on) positions_y\d{4}m\d{2}_pkey/,
      );
    } finally {
      await c.end();
    }
  });

  it("migrates a version 2 database: its positions kept, still stored once", async () => {
    const v2 = await cluster.createDatabase("v2");
    const old = await PgStore.open(v2, { targetVersion: 2 });
    expect(old.version).toBe(2);
    const source = await old.createSource("old", "file", "fingerprint-of-old");
    const writer = await old.openWriter();
    writer.appendPositions(twoPositions(source.sourceId));
    await writer.commit(source.sourceId, { offset: 100, line: 30, status: "done", counts: { position: 2 } });
    await writer.close();
    await old.close();
    ok("ingest", sim, "--store", v2);
    const store = await PgStore.open(v2);
    expect(store.version).toBe(PG_SCHEMA_VERSION);
    const again = await store.openWriter();
    again.appendPositions(twoPositions(source.sourceId));
    await again.commit(source.sourceId, { offset: 100, line: 30, status: "done", counts: { position: 2 } });
    await again.close();
    const track = await store.track(412000002);
    await store.close();
    expect(statsOf("--store", v2).positions).toBe(statsOf("--db", duck).positions + 2);
    expect(track).toHaveLength(1);
  });

  it("loses and duplicates nothing when PostgreSQL restarts mid-load", async () => {
    const feed = join(dir, "big.nmea");
    writeFileSync(feed, fixtureText({ lines: 150_000, vessels: 30, seed: 3 }));
    const big = join(dir, "big.duckdb");
    ok("ingest", feed, "--db", big);
    const target = await cluster.createDatabase("restart");
    const ingest = spawn(
      process.execPath,
      [CLI, "ingest", feed, "--store", target, "--commit-rows", "2000"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    ingest.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => ingest.on("exit", resolve));
    // restart once the first commit is in: the load is under way
    for (;;) {
      const rows = await query<{ line: string }>(target, "SELECT line FROM ingest_log").catch(() => []);
      if (rows.length > 0 && Number(rows[0].line) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    cluster.restart();
    expect(await exited, stderr).toBe(0);
    expect(stderr).toMatch(/connection lost while ingesting .*big\.nmea; reconnecting to resume/);
    const [{ n, distinct }] = await query<{ n: string; distinct: string }>(
      target,
      "SELECT count(*) AS n, count(DISTINCT (source_id, line)) AS distinct FROM positions",
    );
    expect(Number(distinct)).toBe(Number(n));
    expect(statsOf("--store", target)).toEqual(statsOf("--db", big));
    expect(ok("vessels", "--store", target)).toBe(ok("vessels", "--db", big));
  }, 300_000);

  it("an event sink writes its next batch through a server restart", async () => {
    const fromDuck = await openStore({ db: duck }, { readOnly: true });
    const events = (await fromDuck.listEvents()).slice(0, 4);
    await fromDuck.close();
    const target = await cluster.createDatabase("events_restart");
    const store = await openStore({ db: duck, store: target });
    const sink = await store.openEvents();
    sink.put(events[0]);
    sink.put(events[1]);
    await sink.flush();
    cluster.restart();
    // the sink's connection was cut: this batch goes through a new one
    sink.put(events[1]);
    sink.put(events[2]);
    sink.put(events[3]);
    await sink.close();
    await store.reconnect();
    expect(await store.listEvents()).toEqual(
      [...events].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
    await store.close();
  });

  it("names an unreachable server in one line, and waits for one that comes back", async () => {
    const closed = `postgres://postgres@127.0.0.1:${cluster.port + 1}/nothing`;
    const r = run("vessels", "--store", closed, "--store-retry", "1");
    expect(r.status).not.toBe(0);
    const where = `127\\.0\\.0\\.1:${cluster.port + 1}/nothing`;
    // a notice that it waits, then the error in one line
    expect(r.stderr).toMatch(
      new RegExp(
        `^${where}: connection refused; retrying for up to 1 s\\ndarkfleet: ${where}: cannot connect to PostgreSQL: connection refused[^\\n]*\\n$`,
      ),
    );
    cluster.stopServer();
    const waiting = spawn(
      process.execPath,
      [CLI, "vessels", "--store", url, "--json", "--store-retry", "120"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    waiting.stdout.on("data", (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => waiting.on("exit", resolve));
    // started once the command says it is waiting, so that it does wait
    await new Promise<void>((resolve) => {
      let err = "";
      waiting.stderr.on("data", (d) => {
        err += d;
        if (/connection refused; retrying for up to 120 s/.test(err)) resolve();
      });
    });
    cluster.startServer();
    expect(await exited).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(ok("vessels", "--store", url, "--json")));
  }, 200_000);
});
