/**
 * `darkfleet serve`'s API over the sample, through a real server on a free port: every
 * endpoint's 200 checked against the CLI's own answers (events, track, stats) or an
 * invariant (thinning keeps every position counted, a simplified track is a subset of the
 * full one), and its 400s with one-line reasons; OpenAPI, rate limit, read-only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/profile/load.js";
import { cli, type Served, sampleStore, serve } from "./serve-process.js";

let dir: string;
let db: string;
let server: Served;

interface Listed {
  id: string;
  kind: string;
  start: number;
  end: number;
  lat: number;
  lon: number;
  vessels: { mmsi: number }[];
  evidencePoints: number;
}

const get = async (path: string) => {
  const res = await fetch(`${server.base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
};
const ok = async <T>(path: string): Promise<T> => {
  const r = await get(path);
  expect(r.status, `${path}: ${r.body.error}`).toBe(200);
  return r.body as T;
};
/** A 400 whose reason is one line naming the parameter. */
const bad = async (path: string, names: string) => {
  const r = await get(path);
  expect(r.status, path).toBe(400);
  expect(r.body.error).toMatch(new RegExp(names));
  expect(r.body.error).not.toContain("\n");
};

const cliEvents = (...args: string[]) =>
  cli("events", "--db", db, "--json", ...args)
    .stdout.split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Listed & { evidence: unknown[] });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-serve-"));
  db = join(dir, "sample.duckdb");
  sampleStore(db);
  server = await serve("--db", db);
});
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe("serve API", () => {
  it("binds 127.0.0.1 and prints its address with a summary", () => {
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.stdout()).toMatch(/664454 positions, 308 vessels; events: .*2 encounter/);
    // Ranked by events other than port calls and zone visits, then by MMSI.
    expect(server.stdout()).toMatch(/\nmost events: STAR SAN 59 \(312139654\): 2 draught\/loitering; HAI 97/);
  });

  it("/api/summary agrees with stats and events", async () => {
    const s = await ok<{ positions: number; vessels: number; events: Record<string, number>; live: boolean }>(
      "/api/summary",
    );
    const stats = JSON.parse(cli("stats", "--db", db, "--json").stdout);
    expect(s.positions).toBe(stats.positions);
    expect(s.vessels).toBe(stats.vessels);
    const perKind: Record<string, number> = {};
    for (const e of cliEvents()) perKind[e.kind] = (perKind[e.kind] ?? 0) + 1;
    expect(s.events).toEqual(perKind);
    expect(s.live).toBe(false);
  });

  it("/api/events: the CLI's events under every filter, evidence left out; GeoJSON too", async () => {
    const all = cliEvents();
    expect(all.length).toBeGreaterThan(600);
    const page = await ok<{ total: number; events: Listed[] }>("/api/events?limit=5000");
    expect(page.total).toBe(all.length);
    expect(page.events.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(page.events[0]).not.toHaveProperty("evidence");
    expect(page.events[0].evidencePoints).toBe(all[0].evidence.length);

    const enc = await ok<{ events: Listed[] }>("/api/events?kinds=encounter,draught&from=2019-03-06T00:00Z");
    expect(enc.events.map((e) => e.id)).toEqual(
      cliEvents("--kinds", "encounter,draught", "--from", "2019-03-06T00:00Z").map((e) => e.id),
    );
    const mmsi = all.find((e) => e.kind === "encounter")!.vessels[0].mmsi;
    const byVessel = await ok<{ events: Listed[] }>(`/api/events?mmsi=${mmsi}&to=${all.at(-1)!.start}`);
    expect(byVessel.events.map((e) => e.id)).toEqual(cliEvents("--mmsi", String(mmsi)).map((e) => e.id));

    const box = "124,29,128,31";
    const inBox = await ok<{ events: Listed[] }>(`/api/events?bbox=${box}`);
    const expected = all.filter((e) => e.lon >= 124 && e.lon <= 128 && e.lat >= 29 && e.lat <= 31);
    expect(expected.length).toBeGreaterThan(0);
    expect(inBox.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));

    const paged = await ok<{ total: number; events: Listed[] }>("/api/events?offset=10&limit=5");
    expect(paged.events.map((e) => e.id)).toEqual(all.slice(10, 15).map((e) => e.id));

    const geo = await ok<{ features: { id: string; geometry: { coordinates: number[] } }[] }>(
      "/api/events?kinds=encounter&format=geojson",
    );
    const encounters = all.filter((e) => e.kind === "encounter");
    expect(geo.features.map((f) => f.id)).toEqual(encounters.map((e) => e.id));
    expect(geo.features[0].geometry.coordinates).toEqual([encounters[0].lon, encounters[0].lat]);
  });

  it("/api/events rejects bad parameters with a one-line reason", async () => {
    await bad("/api/events?kinds=encounter,bogus", "querystring/kinds must be comma-separated event kinds");
    await bad("/api/events?from=yesterday", "querystring/from");
    await bad("/api/events?from=2019-02-30T00:00Z", "querystring/from is not a valid time");
    await bad("/api/events?from=2019-03-02&to=2019-03-01", "querystring/from is after");
    await bad("/api/events?bbox=120,40,130,30", "querystring/bbox S edge");
    await bad("/api/events?bbox=120,30,190,40", "querystring/bbox E edge 190");
    await bad("/api/events?mmsi=12abc", "querystring/mmsi");
    await bad("/api/events?mmsi=1000000000", "querystring/mmsi must be <= 999999999");
    await bad("/api/events?limit=5001", "querystring/limit");
    await bad("/api/events?format=xml", "querystring/format");
    await bad("/api/events?kind=encounter", "querystring must NOT have additional properties");
    await bad("/api/events?mmsi=1;DROP TABLE events", "querystring/mmsi");
  });

  it("/api/events/:id: one event with its evidence; 400 for a malformed id, 404 for an unknown one", async () => {
    const e = cliEvents().find((x) => x.kind === "encounter")!;
    expect(await ok(`/api/events/${e.id}`)).toEqual(e);
    await bad("/api/events/'%20OR%201=1", "params/id");
    expect((await get("/api/events/0123456789abcdef")).status).toBe(404);
  });

  it("/api/vessels: search by MMSI prefix, IMO and any name shown", async () => {
    const byName = await ok<{ vessels: { mmsi: number; name: string; imo: number }[] }>("/api/vessels?q=kum");
    expect(byName.vessels.length).toBeGreaterThan(1);
    for (const v of byName.vessels) expect(v.name).toMatch(/KUM/);
    const kum16 = byName.vessels.find((v) => v.name === "KUM 16")!;
    const byImo = await ok<{ vessels: { mmsi: number }[] }>(`/api/vessels?q=${kum16.imo}`);
    expect(byImo.vessels.map((v) => v.mmsi)).toContain(kum16.mmsi);
    const byMmsi = await ok<{ vessels: { mmsi: number }[] }>(
      `/api/vessels?q=${String(kum16.mmsi).slice(0, 6)}`,
    );
    for (const v of byMmsi.vessels)
      expect(String(v.mmsi).startsWith(String(kum16.mmsi).slice(0, 6))).toBe(true);
    const all = await ok<{ vessels: unknown[] }>("/api/vessels?limit=1000");
    expect(all.vessels).toHaveLength(308);
    // LIKE's wildcards are matched as themselves.
    expect((await ok<{ vessels: unknown[] }>("/api/vessels?q=%25")).vessels).toHaveLength(0);
    await bad(`/api/vessels?q=${"x".repeat(41)}`, "querystring/q must NOT have more than 40 characters");
    await bad("/api/vessels?limit=0", "querystring/limit");
  });

  it("/api/vessels/:mmsi: identity and extent; 400 for a bad MMSI, 404 for an unknown one", async () => {
    const track = cli("track", "273808005", "--db", db).stdout.split("\n").filter(Boolean);
    const v = await ok<{ latest: { name: string }; identities: unknown[]; positions: number }>(
      "/api/vessels/273808005",
    );
    expect(v.latest.name).toBe("KUM 16");
    expect(v.identities.length).toBeGreaterThan(0);
    expect(v.positions).toBe(track.length);
    await bad("/api/vessels/abc", "params/mmsi");
    await bad("/api/vessels/0", "params/mmsi");
    expect((await get("/api/vessels/123456789")).status).toBe(404);
  });

  it("/api/vessels/:mmsi/track (a vessel that went dark): the CLI's track; simplified to the zoom, a subset keeping both ends", async () => {
    const [from, to] = ["2019-03-02T00:00Z", "2019-03-05T00:00Z"];
    const full = JSON.parse(
      cli("track", "445193921", "--db", db, "--geojson", "--from", from, "--to", to).stdout,
    ).features[0];
    type T = {
      properties: { times: number[]; positions: number; breaks: number[] };
      geometry: { coordinates: number[][] };
    };
    const same = await ok<T>(`/api/vessels/445193921/track?from=${from}&to=${to}`);
    expect(same.geometry.coordinates).toEqual(full.geometry.coordinates);
    expect(same.properties.times).toEqual(full.properties.times);
    const z4 = await ok<T>(`/api/vessels/445193921/track?from=${from}&to=${to}&zoom=4`);
    const z10 = await ok<T>(`/api/vessels/445193921/track?from=${from}&to=${to}&zoom=10`);
    expect(z4.properties.positions).toBe(full.geometry.coordinates.length);
    expect(z4.geometry.coordinates.length).toBeLessThan(z10.geometry.coordinates.length);
    expect(z10.geometry.coordinates.length).toBeLessThanOrEqual(full.geometry.coordinates.length);
    const index = new Map<number, number[]>(
      full.properties.times.map((t: number, i: number) => [t, full.geometry.coordinates[i]]),
    );
    for (const [i, t] of z4.properties.times.entries())
      expect(index.get(t)).toEqual(z4.geometry.coordinates[i]);
    expect(z4.properties.times[0]).toBe(full.properties.times[0]);
    // Every silence of an hour or more is a break, at any zoom.
    const silences = full.properties.times.filter(
      (t: number, i: number) => i > 0 && t - full.properties.times[i - 1] >= 3_600_000,
    );
    expect(silences.length).toBeGreaterThan(0);
    for (const b of [same, z4, z10])
      expect(b.properties.breaks.map((i) => b.properties.times[i])).toEqual(silences);
    expect(z4.properties.times.at(-1)).toBe(full.properties.times.at(-1));
    await bad("/api/vessels/445193921/track?zoom=25", "querystring/zoom must be <= 24");
    await bad("/api/vessels/445193921/track?from=2019-03-01T00:00", "querystring/from must be epoch ms");
    await bad("/api/vessels/x/track", "params/mmsi");
    await bad("/api/vessels/445193921/track?darkMinutes=0", "querystring/darkMinutes must be >= 1");
  });

  it("/api/positions: thinned by cell, every position in the box and window still counted", async () => {
    const e = cliEvents("--kinds", "encounter")[0];
    const [w, s, east, n] = [e.lon - 0.5, e.lat - 0.5, e.lon + 0.5, e.lat + 0.5];
    const [from, to] = [e.start - 3_600_000, e.end + 3_600_000];
    type FC = { truncated: boolean; features: { properties: { mmsi: number; n: number } }[] };
    const q = `bbox=${w},${s},${east},${n}&from=${from}&to=${to}`;
    const every = await ok<FC>(`/api/positions?${q}`);
    const thin = await ok<FC>(`/api/positions?${q}&zoom=6`);
    expect(thin.features.length).toBeLessThan(every.features.length);
    const perVessel = (fc: FC) => {
      const m = new Map<number, number>();
      for (const f of fc.features) m.set(f.properties.mmsi, (m.get(f.properties.mmsi) ?? 0) + f.properties.n);
      return m;
    };
    // Oracle: the CLI's track of each vessel of the encounter, cut to the box and window.
    for (const { mmsi } of e.vessels) {
      const inBox = cli("track", String(mmsi), "--db", db, "--from", String(from), "--to", String(to))
        .stdout.split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { lat: number; lon: number })
        .filter((p) => p.lon >= w && p.lon <= east && p.lat >= s && p.lat <= n);
      expect(inBox.length).toBeGreaterThan(0);
      expect(perVessel(every).get(mmsi)).toBe(inBox.length);
      expect(perVessel(thin).get(mmsi)).toBe(inBox.length);
    }
    const capped = await ok<FC>("/api/positions?bbox=-180,-90,180,90&limit=10");
    expect(capped.features).toHaveLength(10);
    expect(capped.truncated).toBe(true);
    await bad("/api/positions", "querystring must have required property 'bbox'");
    await bad("/api/positions?bbox=1,2,3", "querystring/bbox must be W,S,E,N");
    await bad("/api/positions?bbox=0,0,1,1&limit=50001", "querystring/limit");
  });

  it("/api/live: an event stream that says hello (not live without a feed)", async () => {
    const res = await fetch(`${server.base}/api/live`);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('event: hello\ndata: {"live":false}\n\n');
    await reader.cancel();
  });

  it("/api/areas: the profile's areas as GeoJSON, each with its kind and source", async () => {
    const fc = await ok<{
      type: string;
      features: { properties: { name: string; kind: string; source: string }; geometry: { type: string } }[];
    }>("/api/areas");
    expect(fc.type).toBe("FeatureCollection");
    const profile = loadProfile("dprk").zones;
    expect(fc.features.map((f) => f.properties.name)).toEqual(profile.map((z) => z.name));
    expect(fc.features.filter((f) => f.properties.kind === "territorial_sea")).toHaveLength(2);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe("Polygon");
      expect(f.properties.source).not.toBe("");
    }
  });

  it("/openapi.json documents every API route and its parameters", async () => {
    const doc = await ok<{
      openapi: string;
      paths: Record<string, { get: { parameters?: { name: string }[] } }>;
    }>("/openapi.json");
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/areas",
      "/api/events",
      "/api/events/{id}",
      "/api/live",
      "/api/positions",
      "/api/summary",
      "/api/vessels",
      "/api/vessels/{mmsi}",
      "/api/vessels/{mmsi}/track",
    ]);
    const names = doc.paths["/api/events"].get.parameters!.map((p) => p.name).sort();
    expect(names).toEqual(["bbox", "format", "from", "kinds", "limit", "mmsi", "offset", "to"]);
  });

  it("is read-only: no writing method, the file stays readable by others", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await fetch(`${server.base}/api/events`, { method, body: "{}" });
      expect(res.status).toBe(404);
    }
    expect(cliEvents().length).toBe((await ok<{ total: number }>("/api/events")).total);
  });

  it("limits each client's request rate", async () => {
    const limited = await serve("--db", db, "--rate-limit", "3");
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await fetch(`${limited.base}/api/summary`)).status);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      expect(await limited.stop()).toBe(0);
    }
  });

  it("refuses a bad --port with a one-line error and exit 1", () => {
    const r = cli("serve", "--db", db, "--port", "99999");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("darkfleet: bad --port '99999': an integer 0..65535\n");
  });
});
