import { describe, expect, it } from "vitest";
import type { Geography } from "../../src/detect/geography.js";
import { at, H, MIN, run, sail, T0 } from "./synth.js";

const opts = { kinds: ["loitering" as const] };

/** Transit in at 10 kn, `hours` drifting at `sog`, transit out. */
function loiter(mmsi: number, lat: number, lon: number, hours: number, sog = 0.8) {
  return [
    ...sail(mmsi, T0, ...at(lat, lon, 180, 10, 3), 0, 10, 3 * H - MIN),
    ...sail(mmsi, T0 + 3 * H, lat, lon, 90, sog, hours * H),
    ...sail(mmsi, T0 + (3 + hours) * H + MIN, ...at(lat, lon, 90, sog, hours), 0, 10, 3 * H),
  ];
}

describe("loitering", () => {
  it("finds a vessel slow for 6 h at sea", () => {
    const ev = run(loiter(412000001, 34, 124, 6), opts);
    expect(ev).toHaveLength(1);
    const e = ev[0];
    // hour bins: the episode covers the slow hours, not the transits
    expect(e.start).toBeGreaterThanOrEqual(T0 + 3 * H);
    expect(e.end).toBeLessThanOrEqual(T0 + 9 * H + MIN);
    expect(e.attributes.durationH).toBeGreaterThanOrEqual(5);
    expect(e.attributes.meanSpeedKn).toBeCloseTo(0.8, 1);
    expect(e.attributes.meanShoreNm).toBeNull();
  });

  it("ignores 3 h of slow steaming", () => {
    expect(run(loiter(412000001, 34, 124, 3), opts)).toEqual([]);
  });

  it("ignores a slow vessel within 20 nm of shore", () => {
    const coast: Geography = { isLand: () => false, shoreDistanceNm: () => 8, inlandDistanceM: () => 0 };
    expect(run(loiter(412000001, 34, 124, 8), { ...opts, geography: coast })).toEqual([]);
    const far: Geography = { isLand: () => false, shoreDistanceNm: () => 35, inlandDistanceM: () => 0 };
    const ev = run(loiter(412000001, 34, 124, 8), { ...opts, geography: far });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.meanShoreNm).toBe(35);
  });

  it("ignores a vessel at 3 kn", () => {
    expect(run(loiter(412000001, 34, 124, 8, 3), opts)).toEqual([]);
  });

  it("leaves a slow pair to the encounter detector", () => {
    const [blat, blon] = at(34, 124, 90, 0.1, 1);
    const recs = [...loiter(412000001, 34, 124, 8), ...loiter(412000002, blat, blon, 8)];
    expect(run(recs, opts)).toEqual([]);
    expect(run(recs, { kinds: ["encounter"] })).toHaveLength(1);
  });
});
