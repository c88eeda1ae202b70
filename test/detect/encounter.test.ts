import { describe, expect, it } from "vitest";
import type { Port } from "../../src/geo/zones.js";
import { at, H, MIN, run, runAll, sail, T0 } from "./synth.js";

const PORT: Port = {
  name: "Testport",
  unlocode: null,
  kind: "port",
  country: "KP",
  lat: 35,
  lon: 122,
  radiusM: 5000,
};
const places = { ports: [PORT], zones: [], portCallCountries: ["KP"] };
const opts = { places, kinds: ["encounter" as const] };

/** Two ships that approach, drift `hours` side by side `apartM` apart at `sog`, and leave. */
function meeting(lat: number, lon: number, t0: number, hours: number, apartM = 150, sog = 0.4) {
  const a = 412000001;
  const b = 667000002;
  const [blat, blon] = at(lat, lon, 90, apartM / 1852, 1);
  return [
    ...sail(a, t0 - 2 * H, ...at(lat, lon, 180, 10, 2), 0, 10, 2 * H - MIN),
    ...sail(a, t0, lat, lon, 45, sog, hours * H),
    ...sail(b, t0 - 2 * H, ...at(blat, blon, 0, 10, 2), 180, 10, 2 * H - MIN),
    ...sail(b, t0, blat, blon, 45, sog, hours * H),
    ...sail(a, t0 + hours * H + MIN, ...at(lat, lon, 45, sog, hours), 270, 11, 2 * H),
    ...sail(b, t0 + hours * H + MIN, ...at(blat, blon, 45, sog, hours), 90, 11, 2 * H),
  ];
}

describe("encounter", () => {
  it("finds two ships lying together at sea for 3 h, once, with both vessels", () => {
    const all = runAll(meeting(36, 124, T0 + 6 * H, 3), opts);
    const final = all.filter((e) => e.status === "final");
    expect(final).toHaveLength(1);
    const e = final[0];
    expect(e.vessels.map((v) => v.mmsi)).toEqual([412000001, 667000002]);
    expect(e.start).toBeGreaterThanOrEqual(T0 + 6 * H);
    expect(e.start).toBeLessThanOrEqual(T0 + 6 * H + 10 * MIN);
    expect(e.end - e.start).toBeGreaterThanOrEqual(2.8 * H);
    expect(e.end).toBeLessThanOrEqual(T0 + 9 * H + 10 * MIN);
    expect(e.attributes.minDistanceM).toBeGreaterThan(100);
    expect(e.attributes.minDistanceM).toBeLessThan(200);
    expect(e.attributes.flags).toEqual(["CN", "SL"]);
    expect(e.evidence.length).toBeGreaterThan(4);
    // emitted open as soon as the 2 h were met, before the end, with the same id
    const open = all.filter((x) => x.status === "open");
    expect(open).toHaveLength(1);
    expect(open[0].id).toBe(e.id);
    expect(open[0].end - open[0].start).toBe(2 * H);
  });

  it("is one event across midnight UTC", () => {
    const midnight = T0 + 24 * H;
    const final = run(meeting(36, 124, midnight - 2 * H, 4), opts);
    expect(final).toHaveLength(1);
    expect(final[0].start).toBeLessThan(midnight);
    expect(final[0].end).toBeGreaterThan(midnight);
  });

  it("ignores ships together at anchor in port", () => {
    expect(run(meeting(35.01, 122.01, T0 + 6 * H, 5), opts)).toEqual([]);
  });

  it("ignores a tug alongside for an hour", () => {
    expect(run(meeting(36, 124, T0 + 6 * H, 1), opts)).toEqual([]);
  });

  it("ignores ships 1 km apart", () => {
    expect(run(meeting(36, 124, T0 + 6 * H, 4, 1000), opts)).toEqual([]);
  });

  it("ignores two ships moving together at 8 kn (a convoy, not a transfer)", () => {
    expect(run(meeting(36, 124, T0 + 6 * H, 4, 200, 8), opts)).toEqual([]);
  });

  it("ignores a fast close pass on opposite courses", () => {
    const recs = [
      ...sail(412000001, T0, 36, 124, 0, 12, 4 * H),
      ...sail(412000002, T0, ...at(36, 124.002, 0, 12, 4), 180, 12, 4 * H),
    ];
    expect(run(recs, opts)).toEqual([]);
  });
});
