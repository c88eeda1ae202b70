/**
 * The query layer over a small hand-written feed ingested for real: tracks in a window,
 * boxes (also across the antimeridian), identity history with Class B halves joined and a
 * rename, latest static data, vessels seen and counts per day. Expected values are
 * written out by hand from the messages below.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toSentences } from "../../src/ais/encode.js";
import type { IngestInput } from "../../src/ingest/inputs.js";
import { ingestInput } from "../../src/ingest/pipeline.js";
import type { AisMessage } from "../../src/model/ais.js";
import {
  countsPerDay,
  identityHistory,
  latestStatic,
  positionsInBox,
  totals,
  track,
  vesselsSeen,
} from "../../src/store/queries.js";
import { Store } from "../../src/store/store.js";

const base = { class: "AIS" as const, repeat: 0, rxtime: null, station: null };
const T0 = Date.UTC(2024, 2, 1, 23, 0, 0);
const A = 412000001;
const B = 412000002;
const C = 636000003;

function posA(mmsi: number, lat: number, lon: number, speed: number | null): AisMessage {
  return {
    ...base,
    type: 1,
    mmsi,
    status: 0,
    turn: null,
    speed,
    accuracy: true,
    lon,
    lat,
    course: 45,
    heading: 44,
    second: 1,
    maneuver: 0,
    raim: false,
    radio: 0,
  };
}

function voyage(mmsi: number, name: string, imo: number, callsign: string): AisMessage {
  return {
    ...base,
    type: 5,
    mmsi,
    ais_version: 0,
    imo,
    callsign,
    shipname: name,
    shiptype: 80,
    to_bow: 100,
    to_stern: 20,
    to_port: 10,
    to_starboard: 12,
    epfd: 1,
    month: 3,
    day: 4,
    hour: 5,
    minute: 6,
    draught: 7.5,
    destination: "NAMPO",
    dte: 0,
  };
}

/** [seconds after T0, message] */
const FEED: [number, AisMessage][] = [
  [0, posA(A, 38.5, 124.5, 10)],
  [60, voyage(A, "CHON MA SAN", 9000001, "HMXX1")],
  [120, posA(A, 38.6, 124.6, null)],
  [3600, posA(A, 38.7, 124.7, 3.5)], // next day (UTC)
  [3700, voyage(A, "SEA STAR", 9000001, "HMXX1")], // renamed
  [200, posA(C, -10, 179.9, 1)],
  [210, posA(C, -10, -179.9, 1)],
  [300, { ...base, type: 24, mmsi: B, partno: 0, shipname: "LITTLE B" }],
  [
    400,
    {
      ...base,
      type: 24,
      mmsi: B,
      partno: 1,
      shiptype: 37,
      vendorid: "ABC",
      model: 1,
      serial: 2,
      callsign: "BBB",
      to_bow: 5,
      to_stern: 6,
      to_port: 2,
      to_starboard: 3,
    },
  ],
];

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-queries-"));
  const text = `${FEED.map(([s, m], i) => toSentences(m, { seqId: i % 10, tagBlock: { c: T0 / 1000 + s } }).join("\n")).join("\n")}\n`;
  const data = Buffer.from(text);
  const input: IngestInput = {
    name: "feed.nmea",
    kind: "file",
    path: null,
    size: data.length,
    live: false,
    fingerprint: async () => "test:queries",
    open: () => ({
      bytesRead: data.length,
      async *[Symbol.asyncIterator]() {
        yield data;
      },
    }),
  };
  store = await Store.open(join(dir, "q.duckdb"));
  await ingestInput(store, input);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("queries", () => {
  it("track: a vessel's positions in time order, within a window, null for not available", async () => {
    const all = await track(store, A);
    expect(all.map((p) => [p.t, p.lat, p.lon, p.sog])).toEqual([
      [T0, 38.5, 124.5, 10],
      [T0 + 120_000, 38.6, 124.6, null],
      [T0 + 3_600_000, 38.7, 124.7, 3.5],
    ]);
    expect(all[0]).toMatchObject({ mmsi: A, cog: 45, heading: 44, navStatus: 0, cls: "A", msgType: 1 });
    const window = await track(store, A, { from: T0 + 120_000, to: T0 + 3_600_000 });
    expect(window.map((p) => p.t)).toEqual([T0 + 120_000, T0 + 3_600_000]);
    expect(await track(store, 999999999)).toEqual([]);
  });

  it("positionsInBox: edges included, and a box across the antimeridian", async () => {
    const box = await positionsInBox(store, { minLat: 38.55, maxLat: 38.7, minLon: 124, maxLon: 124.7 });
    expect(box.map((p) => [p.mmsi, p.lat])).toEqual([
      [A, 38.6],
      [A, 38.7],
    ]);
    const dateline = await positionsInBox(store, { minLat: -11, maxLat: -9, minLon: 179, maxLon: -179 });
    expect(dateline.map((p) => p.lon)).toEqual([179.9, -179.9]);
    const inWindow = await positionsInBox(
      store,
      { minLat: -90, maxLat: 90, minLon: -180, maxLon: 180 },
      { to: T0 + 60_000 },
    );
    expect(inWindow.map((p) => p.mmsi)).toEqual([A]);
  });

  it("identityHistory: every distinct identity with first/last seen and counts; Class B halves joined", async () => {
    const a = await identityHistory(store, A);
    expect(
      a.map((r) => [r.name, r.imo, r.callsign, r.shipType, r.mid, r.firstSeen, r.lastSeen, r.messages]),
    ).toEqual([
      ["CHON MA SAN", 9000001, "HMXX1", 80, 412, T0 + 60_000, T0 + 60_000, 1],
      ["SEA STAR", 9000001, "HMXX1", 80, 412, T0 + 3_700_000, T0 + 3_700_000, 1],
    ]);
    const b = await identityHistory(store, B);
    expect(b.map((r) => [r.name, r.callsign, r.shipType, r.messages])).toEqual([
      ["LITTLE B", null, null, 1],
      ["LITTLE B", "BBB", 37, 1],
    ]);
  });

  it("latestStatic: the newest value of each field", async () => {
    expect(await latestStatic(store, A)).toEqual({
      mmsi: A,
      t: T0 + 3_700_000,
      imo: 9000001,
      callsign: "HMXX1",
      name: "SEA STAR",
      shipType: 80,
      toBow: 100,
      toStern: 20,
      toPort: 10,
      toStarboard: 12,
      draught: 7.5,
      destination: "NAMPO",
      cls: "A",
      msgType: 5,
    });
    expect(await latestStatic(store, B)).toMatchObject({
      name: "LITTLE B",
      callsign: "BBB",
      shipType: 37,
      cls: "B",
    });
    expect(await latestStatic(store, C)).toBeNull();
  });

  it("vesselsSeen, countsPerDay and totals", async () => {
    const v = await vesselsSeen(store);
    expect(v.map((x) => [x.mmsi, x.positions, x.name])).toEqual([
      [A, 3, "SEA STAR"],
      [B, 0, "LITTLE B"],
      [C, 2, null],
    ]);
    expect(v[0]).toMatchObject({ firstSeen: T0, lastSeen: T0 + 3_700_000 });
    expect(await countsPerDay(store)).toEqual([
      { day: "2024-03-01", positions: 4, vessels: 2 },
      { day: "2024-03-02", positions: 1, vessels: 1 },
    ]);
    expect(await totals(store)).toMatchObject({ positions: 5, statics: 4, vessels: 3, sources: 1 });
  });
});
