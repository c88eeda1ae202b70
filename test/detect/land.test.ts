/**
 * Land as evidence only when it is (issue 15), on the real Natural Earth mask: rivers and
 * lakes are land there, so these tracks all lie on "land".
 */
import { describe, expect, it } from "vitest";
import { DetectRunner } from "../../src/detect/engine/runner.js";
import { NATURAL_EARTH } from "../../src/detect/geography.js";
import type { Event } from "../../src/model/event.js";
import type { Position } from "../../src/model/records.js";
import { H, MIN, pos, run, runAll, sail, T0 } from "./synth.js";

const kinds = ["spoofing" as const];
const spoofs = (recs: Position[]): Event[] => run(recs, { kinds, geography: NATURAL_EARTH });

/** A position frozen at one point while the vessel reports `sog`: a false fix, not a ship. */
function frozen(mmsi: number, t0: number, lat: number, lon: number, sog: number, durMs: number): Position[] {
  const out: Position[] = [];
  for (let t = t0; t <= t0 + durMs; t += 2 * MIN) out.push(pos(mmsi, t, lat, lon, sog));
  return out;
}

// The Mississippi at St Louis and the Illinois River: deep inland on the mask.
const STL = [38.5, -90.2] as const;
const ILLINOIS = [40.5, -89.0] as const;

/** Four towboats up the river at St Louis, an hour apart, and one moored: the river, learned. */
const riverTraffic = (): Position[] => [
  ...[0, 1, 2, 3].flatMap((k) => sail(367000001 + k, T0 + k * H, STL[0], STL[1], 0, 6, 3 * H)),
  ...sail(367000009, T0, STL[0] + 0.05, STL[1], 0, 0, 3 * H),
];

describe("land spoofing on the real coastline", () => {
  it("takes the places below for deep inland on the mask", () => {
    for (const [lat, lon] of [STL, ILLINOIS, [43.6, -77.5], [39.03, 125.75]]) {
      expect(NATURAL_EARTH.isLand({ lat, lon })).toBe(true);
      expect(NATURAL_EARTH.inlandDistanceM(lat, lon)).toBeGreaterThan(25_000);
    }
  });

  it("raises nothing for river and lake traffic at plausible speeds, lone ships and first fixes there included", () => {
    const lone = sail(367000020, T0, ILLINOIS[0], ILLINOIS[1], 45, 7, 4 * H); // first fix already on the river
    const lake = sail(316000001, T0, 43.6, -77.5, 90, 11, 6 * H); // Lake Ontario, alone
    const moored = sail(316000002, T0, 43.3, -79.8, 0, 0, 6 * H); // Hamilton harbour, SOG 0
    expect(spoofs([...riverTraffic(), ...lone, ...lake, ...moored])).toEqual([]);
  });

  it("gives the same events whatever order records within the lateness arrive in", () => {
    const fake = frozen(367000030, T0 + 30 * MIN, ILLINOIS[0], ILLINOIS[1], 11, 2 * H);
    const recs = [
      ...riverTraffic(),
      ...fake,
      ...sail(367000031, T0 + 2 * H, ILLINOIS[0], ILLINOIS[1], 0, 7, H),
    ];
    const sorted = runAll(recs, { kinds, geography: NATURAL_EARTH });
    // each 5-minute bucket delivered newest first, MMSIs descending
    const shuffled = [...recs].sort(
      (a, b) => Math.floor(a.t / (5 * MIN)) - Math.floor(b.t / (5 * MIN)) || b.t - a.t || b.mmsi - a.mmsi,
    );
    const events: Event[] = [];
    const r = new DetectRunner({ kinds, geography: NATURAL_EARTH, onEvent: (e) => events.push(e) });
    for (const rec of shuffled) r.push(rec);
    r.end();
    expect(sorted).toHaveLength(1);
    expect(events).toEqual(sorted);
  });

  it("reports a teleport onto land, whatever the depth", () => {
    const sea = sail(412000001, T0, 38.0, 123.8, 0, 10, 12 * H, 2 * MIN).filter(
      (p) => p.t < T0 + 3 * H || p.t > T0 + 5 * H,
    );
    // two hours sailing plausibly from Pyongyang, about 200 km from the ship: only the jump tells
    const fake = sail(412000001, T0 + 3 * H + MIN, 39.03, 125.75, 90, 10, 2 * H - 2 * MIN, 2 * MIN);
    const ev = spoofs([...sea, ...fake]);
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.types).toContain("land");
    expect(ev[0].attributes.onLand).toBe(true);
  });

  it("reports a false position deep inland with no traffic near, even as a vessel's first fix", () => {
    const fake = frozen(412000002, T0, ILLINOIS[0], ILLINOIS[1], 11, 2 * H);
    const ev = spoofs(fake);
    expect(ev.map((e) => e.attributes.types)).toEqual([["land"]]);
    expect(ev[0].start).toBe(fake[0].t);
    expect(ev[0].end).toBe(fake.at(-1)?.t);
  });

  it("does not report that position on water vessels are seen to use", () => {
    const fake = frozen(367000030, T0 + 30 * MIN, STL[0] + 0.1, STL[1], 11, 2 * H);
    expect(spoofs([...riverTraffic(), ...fake])).toEqual([]);
    // the river learned only from the traffic: alone, the same fixes are spoofing
    expect(spoofs(fake)).toHaveLength(1);
  });
});
