/**
 * Anchorages learned in the store, with the detectors' figures (config.ts): cells where at
 * least 4 distinct vessels lay stationary for 12 h are found, fewer vessels or shorter
 * stays are not, the table is recomputed only when positions were added, and the result
 * does not depend on the order rows arrived in (nor on the vessel numbers that order gave
 * them). Of the cells found, the detectors get those off a port or inside the territorial
 * sea, not a cluster far out at sea (where transfers are held); farther out, a queue of 8
 * vessels within 120 km of a port is an anchorage (the Yangtze estuary's), a meeting of a
 * few ships there is not, nor a queue far from every port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { anchorageParams, learnedAnchorages } from "../../src/detect/engine/store-detect.js";
import { readAnchorages, refreshAnchorages } from "../../src/store/anchorages.js";
import { LATLON_SCALE } from "../../src/store/schema.js";
import { Store } from "../../src/store/store.js";

const dir = mkdtempSync(join(tmpdir(), "darkfleet-anchorages-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const P = anchorageParams();
const T0 = Date.UTC(2019, 2, 1) / 1000;

/** [mmsi, t (s), lat, lon, sog kn] */
type Row = [number, number, number, number, number];

/** `n` vessels from `mmsi0` lying within one cell at (lat, lon), a fix every hour for `hours`. */
function group(mmsi0: number, n: number, lat: number, lon: number, hours: number, sog = 0.1): Row[] {
  const rows: Row[] = [];
  for (let v = 0; v < n; v++) {
    for (let h = 0; h <= hours; h++) rows.push([mmsi0 + v, T0 + h * 3600 + v, lat + v * 1e-5, lon, sog]);
  }
  return rows;
}

const ROWS: Row[] = [
  ...group(412000000, 5, 38.5011, 125.0011, 13), // an anchorage
  ...group(413000000, 3, 38.6011, 125.0011, 13), // one vessel short
  ...group(414000000, 8, 38.7011, 125.0011, 6), // stays too short
  ...group(415000000, 8, 38.8011, 125.0011, 13, 3), // moving, not stationary
];

async function storeWith(name: string, rows: Row[]): Promise<Store> {
  const store = await Store.open(join(dir, name));
  const vids = new Map<number, number>();
  for (const [mmsi] of rows) if (!vids.has(mmsi)) vids.set(mmsi, vids.size + 1);
  for (const [mmsi, vid] of vids) await store.con.run(`INSERT INTO vessels VALUES (${vid}, ${mmsi})`);
  const values = rows.map(
    ([mmsi, t, lat, lon, sog], i) =>
      `(${vids.get(mmsi)}, to_timestamp(${t})::TIMESTAMP_S, 0, ${Math.round(lat * LATLON_SCALE)}, ${Math.round(lon * LATLON_SCALE)}, ${Math.round(sog * 10)}, 3600, 511, 1, 1, 60, 1, ${i + 1})`,
  );
  await store.con.run(`INSERT INTO positions VALUES ${values.join(",")}`);
  return store;
}

describe("learned anchorages", () => {
  it("uses cells of 0.02 degrees and 4 vessels stationary below 0.5 kn for 12 h", () => {
    expect(P).toEqual({ cellDeg: 0.02, maxSpeedKn: 0.5, minStayMs: 12 * 3_600_000, minVessels: 4 });
  });

  it("finds the cell where 5 vessels lay stationary 12 h, and no other", async () => {
    const store = await storeWith("a.duckdb", ROWS);
    try {
      expect(await refreshAnchorages(store, P)).toBe(true);
      const found = await readAnchorages(store, P.cellDeg);
      expect(found).toHaveLength(1);
      expect(found[0].lat).toBeCloseTo(38.51, 6);
      expect(found[0].lon).toBeCloseTo(125.01, 6);
      expect(found[0].kind).toBe("anchorage");
      // the cell's circumcircle: 0.02 deg * 111.195 km * sqrt(2) / 2
      expect(found[0].radiusM).toBeGreaterThan(1565);
      expect(found[0].radiusM).toBeLessThan(1580);
      // nothing added: not recomputed
      expect(await refreshAnchorages(store, P)).toBe(false);
      // the 4th vessel of the second group arrives: recomputed, two anchorages
      const more = group(413000003, 1, 38.6011, 125.0011, 13);
      await store.con.run("INSERT INTO vessels VALUES (1000, 413000003)");
      for (const [, t, lat, lon, sog] of more) {
        await store.con.run(
          `INSERT INTO positions VALUES (1000, to_timestamp(${t})::TIMESTAMP_S, 0, ${Math.round(lat * LATLON_SCALE)}, ${Math.round(lon * LATLON_SCALE)}, ${Math.round(sog * 10)}, 3600, 511, 1, 1, 60, 2, 1)`,
        );
      }
      expect(await refreshAnchorages(store, P)).toBe(true);
      expect((await readAnchorages(store, P.cellDeg)).map((a) => a.lat.toFixed(4))).toEqual([
        "38.5100",
        "38.6100",
      ]);
    } finally {
      store.close();
    }
  });

  it("gives the same anchorages whatever order the rows arrived in", async () => {
    const params = { ...P, minVessels: 3, minStayMs: 3 * 3_600_000 };
    const forward = await storeWith("f.duckdb", ROWS);
    const backward = await storeWith("b.duckdb", [...ROWS].reverse());
    try {
      await refreshAnchorages(forward, params);
      await refreshAnchorages(backward, params);
      const a = await readAnchorages(forward, params.cellDeg);
      expect(a).toHaveLength(3);
      expect(await readAnchorages(backward, params.cellDeg)).toEqual(a);
    } finally {
      forward.close();
      backward.close();
    }
  });

  it("gives the detectors an anchorage off Qingdao, not a cluster far out in the Yellow Sea", async () => {
    // Qingdao's outer anchorage, and a spot 55 nm from shore and 178 km from any WPI port
    // where the dprk-2019 scenario holds a transfer
    const rows = [
      ...group(412000000, 6, 35.9511, 120.4511, 13),
      ...group(413000000, 6, 36.1311, 123.1511, 13),
    ];
    const store = await storeWith("sea.duckdb", rows);
    try {
      await refreshAnchorages(store, P);
      expect((await readAnchorages(store, P.cellDeg)).map((a) => a.lat.toFixed(3))).toEqual([
        "35.950",
        "36.130",
      ]);
      const kept = await learnedAnchorages(store);
      expect(kept?.map((a) => [a.lat.toFixed(3), a.lon.toFixed(3)])).toEqual([["35.950", "120.450"]]);
    } finally {
      store.close();
    }
  });

  it("keeps a busy roadstead far off its port (the Yangtze estuary's), not a few ships there nor a queue far from ports", async () => {
    // dprk-2019's Yangtze estuary anchorage: 23 nm from Natural Earth's shore, 81 km from
    // Shanghai's WPI point (beyond 12 nm and 50 km)
    const rows = [
      ...group(412000000, 8, 31.1511, 122.3511, 13),
      // 7 vessels 60 km south of it, off Zhoushan's islands but still beyond 12 nm and 50 km
      ...group(413000000, 7, 30.5911, 123.0511, 13),
      // 12 vessels 55 nm from shore and 178 km from any WPI port
      ...group(414000000, 12, 36.1311, 123.1511, 13),
    ];
    const store = await storeWith("roadstead.duckdb", rows);
    try {
      await refreshAnchorages(store, P);
      expect((await readAnchorages(store, P.cellDeg)).map((a) => [a.lat.toFixed(2), a.vessels])).toEqual([
        ["30.59", 7],
        ["31.15", 8],
        ["36.13", 12],
      ]);
      const kept = await learnedAnchorages(store);
      expect(kept?.map((a) => [a.lat.toFixed(3), a.lon.toFixed(3)])).toEqual([["31.150", "122.350"]]);
    } finally {
      store.close();
    }
  });
});
