/** TimeOrder: the counting sorts give (time, MMSI rank) order, stable, and leave ordered windows alone. */
import { describe, expect, it } from "vitest";
import { TimeOrder } from "../../src/store/time-order.js";

function rows(n: number, seed: number, subSecond: boolean): { t: Float64Array; rank: Uint32Array } {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const t = new Float64Array(n);
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    t[i] =
      1_000_000_000 +
      Math.floor(rand() * 600) * 1000 +
      (subSecond && rand() < 0.3 ? Math.floor(rand() * 1000) : 0);
    rank[i] = Math.floor(rand() * 50);
  }
  return { t, rank };
}

describe("TimeOrder", () => {
  for (const subSecond of [false, true]) {
    it(`sorts by time then rank, stably (${subSecond ? "with" : "without"} milliseconds)`, () => {
      const { t, rank } = rows(5000, subSecond ? 7 : 3, subSecond);
      const perm = new TimeOrder().order(t.length, t, rank, 50, 1_000_000, 600);
      expect(perm).not.toBeNull();
      const got = Array.from((perm as Uint32Array).subarray(0, t.length));
      const want = Array.from(t.keys()).sort((a, b) => t[a] - t[b] || rank[a] - rank[b] || a - b);
      expect(got).toEqual(want);
    });
  }

  it("returns null for rows already in order", () => {
    const t = Float64Array.from([1000, 1000, 2000, 2500]);
    const rank = Uint32Array.from([1, 4, 0, 0]);
    expect(new TimeOrder().order(4, t, rank, 5, 1, 2)).toBeNull();
  });
});
