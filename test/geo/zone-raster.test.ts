/**
 * ZoneRaster's scanline fill against the exact test it stands for: every cell is inside
 * exactly when inZone says its centre is, for the shipped DPRK areas and for random
 * polygons with holes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inZone, ringsBbox, type Zone, ZoneRaster } from "../../src/geo/zones.js";
import { loadProfile } from "../../src/profile/load.js";

const CELL = 0.01;

/** The cells whose centres disagree between the raster and inZone, and how many cells were asked. */
function disagreements(z: Zone): { bad: number; asked: number } {
  const raster = new ZoneRaster(z);
  const [w, s, e, n] = z.bbox;
  let bad = 0;
  let asked = 0;
  for (let lat = s + CELL / 2; lat <= n; lat += CELL) {
    for (let lon = w + CELL / 2; lon <= e; lon += CELL) {
      // the centre of the cell this point falls in, as the raster computes it
      const r = Math.floor((lat - s) / CELL);
      const c = Math.floor((lon - w) / CELL);
      const clat = s + (r + 0.5) * CELL;
      const clon = w + (c + 0.5) * CELL;
      asked++;
      if (raster.contains(lat, lon) !== inZone(z, clat, clon)) bad++;
    }
  }
  return { bad, asked };
}

describe("ZoneRaster", () => {
  it("holds the same cells as inZone for every shipped DPRK area", () => {
    const zones = loadProfile("dprk").zones;
    expect(zones.length).toBeGreaterThan(5);
    for (const z of zones) {
      const { bad, asked } = disagreements(z);
      expect({ zone: z.name, bad }).toEqual({ zone: z.name, bad: 0 });
      expect(asked).toBeGreaterThan(0);
    }
  });

  it("holds the same cells as inZone for random polygons with a hole", () => {
    // vertices on a 0.0101-degree lattice (off the cells' own), the hole's in the middle third
    const at = (lo: number, hi: number) =>
      fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }));
    const ring = (pts: [number, number][]) => {
      const out = pts.map(([x, y]) => [120 + x * 0.0101, 35 + y * 0.0101]);
      return [...out, out[0]];
    };
    fc.assert(
      fc.property(
        fc.array(at(0, 60), { minLength: 3, maxLength: 12 }),
        fc.array(at(20, 40), { minLength: 3, maxLength: 6 }),
        (outer, hole) => {
          const rings = [ring(outer), ring(hole)];
          const z: Zone = { name: "random", kind: "test", rings, bbox: ringsBbox(rings) };
          expect(disagreements(z).bad).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
