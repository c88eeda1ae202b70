import { describe, expect, it } from "vitest";
import type { Port } from "../../src/geo/zones.js";
import type { Position } from "../../src/model/records.js";
import { at, field, H, MIN, run, runAll, sail, T0 } from "./synth.js";

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

  it("ignores two ships lying 400 m apart for 12 h (neighbours in a queue), not the same pair 200 m apart", () => {
    // anchored (0.05 kn): within GFW's 500 m all along, never alongside
    expect(run(meeting(36, 124, T0 + 6 * H, 12, 400, 0.05), opts)).toEqual([]);
    const e = run(meeting(36, 124, T0 + 6 * H, 12, 200, 0.05), opts);
    expect(e).toHaveLength(1);
    expect(e[0].attributes.minDistanceM).toBeLessThanOrEqual(250);
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

/**
 * Global Fishing Watch's pipeline case (two ships off Mozambique, 19 March 2015, together
 * 07:40-20:10 UTC with an eight-hour shared silence), rebuilt from its published times:
 * positions and speeds here are synthetic, a slow drift in the Mozambique Channel.
 */
describe("encounter through a shared silence", () => {
  const DAY = Date.UTC(2015, 2, 19);
  const A = 412000001;
  const B = 667000002;
  const LAT = -21;
  const LON = 40;
  const [BLAT, BLON] = at(LAT, LON, 90, 200 / 1852, 1);
  const MEET = DAY + 7 * H + 40 * MIN;
  const DARK = DAY + 9 * H + 55 * MIN;
  const BACK = DARK + 8 * H;
  const PART = DAY + 20 * H + 10 * MIN;

  /** Others heard in the channel all day (hours after T0 as field() counts them), or not while `quiet`. */
  const channel = (quiet?: (i: number, t: number) => boolean) =>
    field(-23, -19, 38, 42, (DAY - T0) / H - 24, (DAY - T0) / H + 30, quiet);

  /**
   * Drifting together at 0.3 kn from MEET to PART, both silent over [DARK, BACK), back
   * `moveM` north of their drift, with others heard around them.
   */
  function mozambique(moveM = 0, others = channel()): Position[] {
    const drift = (m: number, lat: number, lon: number) =>
      sail(m, MEET, lat, lon, 200, 0.3, PART - MEET).filter((p) => p.t < DARK || p.t >= BACK);
    return [
      ...sail(A, MEET - 2 * H, ...at(LAT, LON, 0, 10, 2), 180, 10, 2 * H - MIN),
      ...sail(B, MEET - 2 * H, ...at(BLAT, BLON, 0, 10, 2), 180, 10, 2 * H - MIN),
      ...drift(A, LAT, LON),
      ...drift(B, BLAT, BLON),
      ...sail(A, PART + MIN, ...at(LAT, LON, 200, 0.3, (PART - MEET) / H), 270, 11, 2 * H),
      ...sail(B, PART + MIN, ...at(BLAT, BLON, 200, 0.3, (PART - MEET) / H), 90, 11, 2 * H),
    ]
      .map((p) => (p.t >= BACK ? { ...p, lat: p.lat + moveM / 111_195 } : p))
      .concat(others);
  }

  it("is one encounter from 07:40 to 20:10 with its eight dark hours as evidence", () => {
    const final = run(mozambique(), opts);
    expect(final).toHaveLength(1);
    const e = final[0];
    expect(e.vessels.map((v) => v.mmsi)).toEqual([A, B]);
    expect(e.start).toBeGreaterThanOrEqual(MEET);
    expect(e.start).toBeLessThanOrEqual(MEET + 10 * MIN);
    expect(e.end).toBeGreaterThanOrEqual(PART - 10 * MIN);
    expect(e.end).toBeLessThanOrEqual(PART);
    expect(e.attributes.darkH).toBeGreaterThanOrEqual(8);
    expect(e.attributes.darkH).toBeLessThanOrEqual(8.5);
    const spans = e.attributes.darkSpans as string[];
    expect(spans).toHaveLength(1);
    const [from, to] = spans[0].split("/").map((x) => Date.parse(x));
    expect(from).toBeLessThan(DARK);
    expect(from).toBeGreaterThanOrEqual(DARK - MIN);
    expect(to).toBe(BACK);
  });

  it("is two meetings when the ships reappear together 60 km from where they fell silent (too far to drift slowly)", () => {
    const final = run(mozambique(60_000), opts);
    // the first ends at its last fresh fixes (fixes count for 30 min); the second is 2 h 15 too
    expect(final.map((e) => e.attributes.darkH)).toEqual([0, 0]);
    expect(final.map((e) => e.end <= DARK + 30 * MIN || e.start >= BACK)).toEqual([true, true]);
  });

  it("is two meetings when the silence is a hole in the feed (nobody else heard either)", () => {
    const final = run(
      mozambique(
        0,
        channel((_, t) => t > DARK && t < BACK),
      ),
      opts,
    );
    expect(final.map((e) => e.attributes.darkH)).toEqual([0, 0]);
  });

  it("ends at the silence when only one ship falls silent", () => {
    const recs = mozambique().concat(
      sail(B, DARK, ...at(BLAT, BLON, 200, 0.3, (DARK - MEET) / H), 0, 12, 4 * H, 10 * MIN),
    );
    const final = run(
      recs.filter((p) => !(p.mmsi === B && p.t >= BACK)),
      opts,
    );
    expect(final).toHaveLength(1);
    expect(final[0].end).toBeLessThanOrEqual(DARK + 30 * MIN);
    expect(final[0].attributes.darkH).toBe(0);
  });
});
