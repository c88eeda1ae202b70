/**
 * `darkfleet serve --store postgres://...` against `serve --db FILE` over the same input,
 * on a real throwaway cluster (test/support/postgres.ts): the smoke sim ingested into both
 * (and detected in the file, its events put into PostgreSQL through the PostgreSQL event
 * sink), plus a few rows with millisecond times and Class B halves written to both through
 * the store interface; then every API route's answer is the same text from both servers,
 * and the page shows the same events. An unreachable database fails serve in one line
 * naming it; a database that goes away while serving answers 503 naming it, and serving
 * resumes when it is back. Skipped only when the PostgreSQL or PostGIS binaries are missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { PositionColumns } from "../../src/store/batch.js";
import { openStore, type StoreTarget } from "../../src/store/open.js";
import { type PgCluster, postgresMissing, startPostgres } from "../support/postgres.js";
import { typeBHalf } from "../support/static-row.js";
import { cli, type Served, serve } from "./serve-process.js";

const missing = postgresMissing();
if (missing !== null) console.warn(`skipping the serve over PostgreSQL tests: ${missing}`);

const ok = (...args: string[]) => {
  const r = cli(...args);
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

/** MMSIs of the rows written beside the sim (not in it). */
const EXTRA = [412000001, 412000002];
const T0 = Date.UTC(2019, 2, 1, 12);

/** Positions at millisecond times (the window is on whole seconds) and a Class B identity in halves. */
async function writeExtra(target: StoreTarget): Promise<void> {
  const store = await openStore(target);
  try {
    const source = await store.createSource("extra", "file", "fingerprint-of-extra");
    const times = [T0, T0 + 250, T0 + 1_750, T0 + 60_000, T0 + 61_500];
    const rows = new PositionColumns(times.length);
    for (const [i, t] of times.entries()) {
      rows.mmsi[i] = EXTRA[i % 2];
      rows.t[i] = t;
      rows.lat[i] = 39 * 600000 + 1000 * i;
      rows.lon[i] = -(179 * 600000 + 500 * i);
      rows.sog[i] = i === 0 ? 1023 : 10 * i;
      rows.cog[i] = 3600;
      rows.heading[i] = 511;
      rows.navStatus[i] = 255;
      rows.msgType[i] = 18;
      rows.second[i] = 60;
      rows.sourceId[i] = source.sourceId;
      rows.line[i] = 1 + i;
    }
    rows.n = times.length;
    const half = (part: 0 | 1, t: number, line: number, name: string | null, callsign: string | null) =>
      typeBHalf(part, {
        mmsi: EXTRA[0],
        t,
        name,
        callsign,
        shipType: part === 1 ? 80 : null,
        sourceId: source.sourceId,
        line,
      });
    const statics = [
      half(0, T0 + 100, 10, "Ocean_Star 100%", null),
      half(1, T0 + 200, 11, null, "CALL1"),
      half(0, T0 + 90_000, 12, "OCEAN STAR II", null),
    ];
    const writer = await store.openWriter();
    await writer.begin();
    writer.appendPositions(rows);
    writer.appendStatics(statics);
    await writer.commit(source.sourceId, { offset: 100, line: 20, status: "done", counts: { position: 5 } });
    await writer.close();
  } finally {
    await store.close();
  }
}

describe.skipIf(missing !== null)("serve over PostgreSQL", () => {
  let cluster: PgCluster;
  let dir: string;
  let duck: string;
  let url: string;
  let fromDuck: Served;
  let fromPg: Served;
  let events: Event[];

  beforeAll(async () => {
    cluster = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), "darkfleet-pgserve-"));
    ok("sim", "--scenario", "smoke", "--seed", "1", "--out", dir);
    const sim = join(dir, "ais.nmea");
    duck = join(dir, "store.duckdb");
    url = await cluster.createDatabase("served");
    ok("ingest", sim, "--db", duck);
    ok("ingest", sim, "--store", url);
    await writeExtra({ db: duck });
    await writeExtra({ db: duck, store: url });
    ok("detect", "--db", duck);
    // detect --store is not built: the file's events, through the PostgreSQL event sink
    const file = await openStore({ db: duck }, { readOnly: true });
    events = await file.listEvents();
    await file.close();
    const pg = await openStore({ db: duck, store: url });
    const sink = await pg.openEvents();
    for (const e of events) sink.put(e);
    await sink.close();
    await pg.close();
    fromDuck = await serve("--db", duck);
    fromPg = await serve("--store", url);
  }, 300_000);
  afterAll(async () => {
    await fromDuck?.stop();
    await fromPg?.stop();
    cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = async (base: string, path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.text() };
  };
  /** The same status and the same text from both servers; the parsed answer. */
  const same = async <T>(path: string, status = 200): Promise<T> => {
    const [d, p] = await Promise.all([text(fromDuck.base, path), text(fromPg.base, path)]);
    expect(d.status, `${path}: ${d.body.slice(0, 200)}`).toBe(status);
    expect({ path, status: p.status }).toEqual({ path, status: d.status });
    if (p.body !== d.body) {
      // where the texts part, not the whole of both (an answer may be megabytes)
      let at = 0;
      while (d.body[at] === p.body[at]) at++;
      const around = (body: string) => body.slice(Math.max(0, at - 150), at + 150);
      expect({ path, at, text: around(p.body) }).toEqual({ path, at, text: around(d.body) });
    }
    return JSON.parse(d.body) as T;
  };

  it("prints the same summary of the store", () => {
    // the address and the store's location differ; the rest is the same
    const strip = (s: string) => s.replace(/^darkfleet serve: \S+ \(.*?: (?=\d+ positions)/, "");
    expect(events.length).toBeGreaterThan(5);
    expect(strip(fromPg.stdout())).toBe(strip(fromDuck.stdout()));
    expect(fromPg.stdout()).toContain(`(127.0.0.1:${cluster.port}/served: `);
    expect(fromPg.stdout()).toMatch(/\nmost events: /);
  });

  it("answers the summary, areas and events routes alike", async () => {
    const summary = await same<{ positions: number; events: Record<string, number> }>("/api/summary");
    expect(summary.positions).toBeGreaterThan(1000);
    await same("/api/areas");
    await same("/openapi.json");
    const all = await same<{ total: number }>("/api/events?limit=5000");
    expect(all.total).toBe(events.length);
    // read several at once through the pool: each the same answer
    const at = await Promise.all(
      Array.from({ length: 8 }, () => text(fromPg.base, "/api/events?limit=5000")),
    );
    for (const r of at) expect(r).toEqual(at[0]);
    await same("/api/events?format=geojson&limit=5000");
    await same("/api/events?offset=3&limit=4");
    const kinds = [...new Set(events.map((e) => e.kind))];
    for (const k of kinds) await same(`/api/events?kinds=${k}`);
    await same(`/api/events?kinds=${kinds.join(",")}&format=geojson`);
    const mid = events[Math.floor(events.length / 2)];
    await same(`/api/events?from=${mid.start}`);
    await same(`/api/events?to=${new Date(mid.start).toISOString()}`);
    await same(`/api/events?mmsi=${mid.vessels[0].mmsi}`);
    const placed = events.find((e) => e.lat !== null && e.lon !== null)!;
    const box = [placed.lon! - 1, placed.lat! - 1, placed.lon! + 1, placed.lat! + 1].join(",");
    expect((await same<{ total: number }>(`/api/events?bbox=${box}`)).total).toBeGreaterThan(0);
    for (const e of events.slice(0, 5)) await same(`/api/events/${e.id}`);
    await same("/api/events/nosuchevent", 404);
    await same("/api/events?kinds=bogus", 400);
  });

  it("answers the vessel routes alike: search, identity, extent, tracks", async () => {
    const vessels = JSON.parse(ok("vessels", "--db", duck, "--json")) as {
      mmsi: number;
      name: string | null;
      positions: number;
    }[];
    expect(vessels.length).toBeGreaterThan(3);
    const listed = await same<{ vessels: unknown[] }>("/api/vessels?limit=1000");
    expect(listed.vessels).toHaveLength(vessels.length);
    const named = vessels.find((v) => v.name !== null && !EXTRA.includes(v.mmsi))!;
    for (const q of [
      String(named.mmsi).slice(0, 3),
      named.name!.slice(1, 4).toLowerCase(),
      "star",
      "_star 1",
      "100%",
      "412",
    ])
      await same(`/api/vessels?q=${encodeURIComponent(q)}&limit=20`);
    for (const v of vessels) {
      await same(`/api/vessels/${v.mmsi}`);
      await same(`/api/vessels/${v.mmsi}/track`);
      await same(`/api/vessels/${v.mmsi}/track?zoom=7&darkMinutes=10`);
    }
    const extra = await same<{ identities: unknown[]; positions: number; latest: { name: string } }>(
      `/api/vessels/${EXTRA[0]}`,
    );
    expect(extra.identities).toHaveLength(3);
    expect(extra.latest.name).toBe("OCEAN STAR II");
    for (const w of [`from=${T0 + 200}`, `from=${T0 + 1_000}&to=${T0 + 60_000}`, `to=${T0 + 250}`])
      await same(`/api/vessels/${EXTRA[1]}/track?${w}`);
    await same("/api/vessels/999999999", 404);
    await same("/api/vessels/0", 400);
  });

  it("answers the positions route alike: every position, thinned by zoom, sampled, across the antimeridian", async () => {
    const world = "bbox=-180,-90,180,90";
    const every = await same<{ features: unknown[]; truncated: boolean }>(
      `/api/positions?${world}&limit=50000`,
    );
    expect(every.features.length).toBeGreaterThan(1000);
    for (const zoom of [0, 3, 6, 9, 12]) await same(`/api/positions?${world}&zoom=${zoom}&limit=50000`);
    const sampled = await same<{ features: unknown[]; truncated: boolean }>(
      `/api/positions?${world}&zoom=8&limit=25`,
    );
    expect(sampled.truncated).toBe(true);
    await same(`/api/positions?${world}&limit=25`);
    // the extra rows sit just east of the antimeridian, at millisecond times
    const across = "bbox=170,38,-170,40";
    const crossing = await same<{ features: unknown[] }>(`/api/positions?${across}`);
    expect(crossing.features).toHaveLength(5);
    for (const w of [`from=${T0 + 200}`, `from=${T0 + 1_000}&to=${T0 + 60_000}`, `to=${T0 + 250}`]) {
      await same(`/api/positions?${across}&${w}`);
      await same(`/api/positions?${across}&${w}&zoom=14`);
    }
    await same("/api/positions?bbox=1,2,3", 400);
  });

  it.skipIf(!existsSync("/usr/bin/chromium"))(
    "shows the same events and summary on the page",
    async () => {
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [
          "--no-sandbox",
          "--use-angle=swiftshader",
          "--enable-unsafe-swiftshader",
          "--ignore-gpu-blocklist",
        ],
      });
      try {
        const shown = async (base: string) => {
          const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
          await context.route("**/*", (route) =>
            route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort(),
          );
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          await page.goto(`${base}/`);
          await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
          const listed = await page.$$eval("#events li", (lis) =>
            lis.map((li) => (li as HTMLElement).dataset.id),
          );
          const summary = await page.textContent("#summary");
          await context.close();
          return { errors, listed, summary };
        };
        const d = await shown(fromDuck.base);
        expect(d.errors).toEqual([]);
        expect(d.listed.length).toBeGreaterThan(0);
        expect(await shown(fromPg.base)).toEqual(d);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it("fails in one line naming an unreachable database, and refuses --feed over PostgreSQL", () => {
    const closed = `postgres://postgres@127.0.0.1:${cluster.port + 1}/nowhere`;
    const r = cli("serve", "--port", "0", "--store", closed, "--store-retry", "0");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(
        `^darkfleet: 127\\.0\\.0\\.1:${cluster.port + 1}/nowhere: cannot connect to PostgreSQL: [^\\n]*\\n$`,
      ),
    );
    const feed = cli("serve", "--port", "0", "--store", url, "--feed", "tcp://127.0.0.1:1");
    expect(feed.status).toBe(1);
    expect(feed.stderr).toMatch(
      /^darkfleet: 127\.0\.0\.1:\d+\/served: serve --feed stores and detects in the DuckDB file only[^\n]*\n$/,
    );
  });

  it("answers 503 naming the database while it is down, and serves again once it is back", async () => {
    const before = await text(fromPg.base, "/api/summary");
    cluster.stopServer();
    try {
      const down = await text(fromPg.base, "/api/summary");
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body).error).toBe(
        `127.0.0.1:${cluster.port}/served: the store is unreachable; try again later`,
      );
    } finally {
      cluster.startServer();
    }
    expect(await text(fromPg.base, "/api/summary")).toEqual(before);
  });
});
