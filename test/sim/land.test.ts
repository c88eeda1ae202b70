import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceM, METRES_PER_NM } from "../../src/geo/distance.js";
import { isLand, LAND_CELL_DEG, LandMask, landMask, shoreDistanceNm } from "../../src/geo/land.js";

describe("rasteriser", () => {
  // A 10°×10° island with a 4°×4° lake, drawn clockwise, the lake anticlockwise.
  const island = [
    [0, 0],
    [0, 10],
    [10, 10],
    [10, 0],
    [0, 0],
  ];
  const lake = [
    [3, 3],
    [7, 3],
    [7, 7],
    [3, 7],
    [3, 3],
  ];
  const mask = new LandMask(0.5, [island, lake]);

  it("fills the polygon and leaves its hole and the outside as sea", () => {
    // Points anywhere inside 0.5° cells; edges lie on whole degrees, so a cell is wholly in or out.
    const coord = fc
      .tuple(fc.integer({ min: -40, max: 39 }), fc.double({ min: 0.01, max: 0.49, noNaN: true }))
      .map(([k, f]) => k * 0.5 + f);
    fc.assert(
      fc.property(coord, coord, (lon, lat) => {
        const inIsland = lon > 0 && lon < 10 && lat > 0 && lat < 10;
        const inLake = lon > 3 && lon < 7 && lat > 3 && lat < 7;
        expect(mask.isLand(lat, lon)).toBe(inIsland && !inLake);
      }),
    );
  });
});

describe("Natural Earth land mask", () => {
  it("knows land from sea at well-known places", () => {
    const land: [number, number][] = [
      [39.03, 125.75], // Pyongyang
      [37.56, 126.97], // Seoul
      [31.23, 121.47], // Shanghai
      [23.4, 10.0], // Sahara
      [-80, 0], // Antarctica
    ];
    const sea: [number, number][] = [
      [36.0, 123.5], // Yellow Sea
      [30.0, 126.0], // East China Sea
      [40.0, 134.0], // Sea of Japan
      [0, -140], // Pacific
      [38.5, 124.0], // Korea Bay
    ];
    for (const [lat, lon] of land) expect(isLand(lat, lon), `${lat},${lon}`).toBe(true);
    for (const [lat, lon] of sea) expect(isLand(lat, lon), `${lat},${lon}`).toBe(false);
  });

  it("gives shore distances close to a brute-force search over land cells", () => {
    const m = landMask();
    const brute = (lat: number, lon: number) => {
      let best = Number.POSITIVE_INFINITY;
      const r0 = m.row(lat);
      const c0 = m.col(lon);
      const span = Math.round(4 / LAND_CELL_DEG);
      for (let r = r0 - span; r <= r0 + span; r++) {
        for (let c = c0 - span; c <= c0 + span; c++) {
          if (m.landAt(r, c)) best = Math.min(best, distanceM(lat, lon, m.rowLat(r), m.colLon(c)));
        }
      }
      return best / METRES_PER_NM;
    };
    const points: [number, number][] = [
      [36.0, 123.5],
      [35.0, 124.0],
      [37.5, 124.2],
      [33.0, 124.5],
      [38.2, 122.5],
      [34.5, 122.0],
    ];
    for (const [lat, lon] of points) {
      const want = brute(lat, lon);
      const got = shoreDistanceNm(lat, lon);
      expect(Math.abs(got - want), `${lat},${lon}: ${got} vs ${want}`).toBeLessThan(0.1 * want + 6);
    }
    expect(shoreDistanceNm(39.03, 125.75)).toBe(0);
  });
});
