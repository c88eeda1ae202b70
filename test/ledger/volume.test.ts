/** Volume estimates against hand computation and their orderings (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  barrelsPerTonne,
  deadweightTonnes,
  draughtChangeTonnes,
  ladenDraughtM,
} from "../../src/ledger/volume.js";

const tanker = { lengthM: 95, beamM: 14, shipType: 80 };

describe("draught change", () => {
  it("is the displaced sea water: 1.025 t/m3 x Cb x L x B x change, ±0.1 m of rounding", () => {
    const [lo, mid, hi] = draughtChangeTonnes(tanker, 2);
    expect(mid).toBeCloseTo(1.025 * 0.8 * 95 * 14 * 2, 6); // 2181.2 t
    expect(lo).toBeCloseTo(1.025 * 0.75 * 95 * 14 * 1.9, 6);
    expect(hi).toBeCloseTo(1.025 * 0.85 * 95 * 14 * 2.1, 6);
    expect(draughtChangeTonnes(tanker, -2)).toEqual([lo, mid, hi]);
  });

  it("orders low <= mid <= high and grows with the change", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 400, noNaN: true }),
        fc.double({ min: 4, max: 60, noNaN: true }),
        fc.integer({ min: 0, max: 99 }),
        fc.double({ min: 0, max: 15, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (lengthM, beamM, shipType, d, more) => {
          const hull = { lengthM, beamM, shipType };
          const [lo, mid, hi] = draughtChangeTonnes(hull, d);
          expect(lo).toBeGreaterThanOrEqual(0);
          expect(lo).toBeLessThanOrEqual(mid);
          expect(mid).toBeLessThanOrEqual(hi);
          expect(draughtChangeTonnes(hull, d + more)[1]).toBeGreaterThanOrEqual(mid);
        },
      ),
    );
  });
});

describe("deadweight", () => {
  it("is the laden displacement times 0.8 for a tanker, at the deepest draught reported", () => {
    expect(deadweightTonnes(tanker, 6.9)).toBeCloseTo(1.025 * 0.8 * 95 * 14 * 6.9 * 0.8, 6);
  });

  it("assumes a laden draught of 0.4 x beam when none deeper was reported", () => {
    expect(ladenDraughtM(tanker, null)).toBeCloseTo(5.6, 9);
    expect(ladenDraughtM(tanker, 3.8)).toBeCloseTo(5.6, 9);
    expect(deadweightTonnes(tanker, null)).toBeCloseTo(1.025 * 0.8 * 95 * 14 * 5.6 * 0.8, 6);
  });

  it("treats a fine hull (not cargo or tanker) with Cb 0.7 and ratio 0.7", () => {
    expect(deadweightTonnes({ lengthM: 50, beamM: 10, shipType: 30 }, 4)).toBeCloseTo(
      1.025 * 0.7 * 50 * 10 * 4 * 0.7,
      6,
    );
  });
});

describe("barrels per tonne", () => {
  it("uses the UN Statistics Division factors and names the known products on a typo", () => {
    expect(barrelsPerTonne("diesel")).toBe(7.23);
    expect(barrelsPerTonne("gasoline")).toBe(8.5);
    expect(barrelsPerTonne("refined")).toBe(7.45);
    expect(() => barrelsPerTonne("diesle")).toThrow(/unknown product 'diesle' \(products: refined, gasoline/);
  });
});
