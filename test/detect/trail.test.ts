import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Trail } from "../../src/detect/engine/trail.js";

describe("trail", () => {
  it("keeps the last `capacity` samples a fixed ring would, as it grows (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(30), fc.option(fc.nat(20), { nil: null })), { maxLength: 120 }),
        fc.nat(3000),
        fc.nat(3000),
        fc.integer({ min: 2, max: 50 }),
        (capacity, fixes, a, b, max) => {
          const trail = new Trail(capacity, 10);
          const kept: [number, number, number, number | null, number][] = [];
          let t = 0;
          let lastSample = Number.NEGATIVE_INFINITY;
          for (const [dt, sog] of fixes) {
            t += dt;
            trail.add(t, t / 100, -t / 100, sog);
            if (t - lastSample < 10) continue;
            lastSample = t;
            kept.push([t, t / 100, -t / 100, sog, 7]);
            if (kept.length > capacity) kept.shift();
          }
          const [from, to] = a <= b ? [a, b] : [b, a];
          const inRange = kept.filter((p) => p[0] >= from && p[0] <= to);
          const got = trail.slice(from, to, max, 7);
          if (inRange.length <= max) expect(got).toEqual(inRange);
          else {
            expect(got).toHaveLength(max);
            expect(got[0]).toEqual(inRange[0]);
            expect(got[max - 1]).toEqual(inRange[inRange.length - 1]);
          }
        },
      ),
    );
  });
});
