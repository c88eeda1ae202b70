/**
 * Where and between whom encounters are looked for: never within 10 km of a harbour
 * beyond the profile's ports (a world port, a learned anchorage), loitering neither; a
 * service craft (tug, pilot, yacht, passenger ship) alongside a ship is at work, unless
 * what it says contradicts itself (a 180 m "tug", a type that changed). The shipped World
 * Port Index layer has every port, with radii by harbour size and type.
 */
import { describe, expect, it } from "vitest";
import type { Port } from "../../src/geo/zones.js";
import type { Position, Static } from "../../src/model/records.js";
import { loadWorldPorts, worldPortRadiusM } from "../../src/profile/world.js";
import { at, H, MIN, run, sail, stat, T0 } from "./synth.js";

const A = 412000001;
const B = 667000002;

/** Two ships that drift `hours` side by side 150 m apart at 0.4 kn after arriving at 10 kn. */
function meeting(lat: number, lon: number, hours = 4): Position[] {
  const t0 = T0 + 6 * H;
  const [blat, blon] = at(lat, lon, 90, 150 / 1852, 1);
  return [
    ...sail(A, t0 - 2 * H, ...at(lat, lon, 180, 10, 2), 0, 10, 2 * H - MIN),
    ...sail(A, t0, lat, lon, 45, 0.4, hours * H),
    ...sail(B, t0 - 2 * H, ...at(blat, blon, 0, 10, 2), 180, 10, 2 * H - MIN),
    ...sail(B, t0, blat, blon, 45, 0.4, hours * H),
  ];
}

function harbour(kind: string, lat: number, lon: number, radiusM: number): Port {
  return { name: kind, unlocode: null, kind, country: "", lat, lon, radiusM };
}

const encounters = (records: (Position | Static)[], harbours: Port[] = []) =>
  run(records, { kinds: ["encounter"], places: { ports: [], zones: [], portCallCountries: [], harbours } });

/** A's static report: type and length (bow + stern), sent on its way to the meeting (a vessel heard only in statics is forgotten). */
function typed(type: number, lengthM: number | null, t = T0 + 4.5 * H): Static {
  return stat(A, t, {
    shipType: type,
    toBow: lengthM === null ? null : lengthM - 20,
    toStern: lengthM === null ? null : 20,
  });
}

describe("harbours", () => {
  it("ignores ships together within 10 km of a world port or a learned anchorage", () => {
    expect(encounters(meeting(36, 124))).toHaveLength(1);
    // the world port's 3 km radius plus the 10 km margin covers a meeting 12 km off its centre
    const [plat, plon] = at(36, 124, 0, 12 / 1.852, 1);
    expect(encounters(meeting(36, 124), [harbour("world_port", plat, plon, 3000)])).toEqual([]);
    const [flat, flon] = at(36, 124, 180, 14 / 1.852, 1);
    expect(encounters(meeting(36, 124), [harbour("world_port", flat, flon, 3000)])).toHaveLength(1);
    // an anchorage cell 9 km away
    const [alat, alon] = at(36, 124, 270, 9 / 1.852, 1);
    expect(encounters(meeting(36, 124), [harbour("anchorage", alat, alon, 393)])).toEqual([]);
  });

  it("ignores a service craft loitering at sea, unless its size contradicts its type", () => {
    const drift = sail(A, T0 + 5 * H, 34, 124, 90, 0.4, 8 * H);
    const loiters = (type: number, lengthM: number | null) =>
      run([typed(type, lengthM, T0 + 5.5 * H), ...drift], { kinds: ["loitering"] });
    expect(loiters(80, 110)).toHaveLength(1);
    // search and rescue on standby, a patrol boat on station, a dredger, a tug
    for (const [type, length] of [
      [51, 50],
      [55, 45],
      [33, 90],
      [52, 30],
    ])
      expect(loiters(type, length), `type ${type}`).toEqual([]);
    expect(loiters(51, 200)).toHaveLength(1);
  });

  it("ignores a vessel loitering within 10 km of a harbour", () => {
    const records = sail(A, T0, 34, 124, 90, 0.8, 8 * H);
    const places = (harbours: Port[]) => ({ ports: [], zones: [], portCallCountries: [], harbours });
    expect(run(records, { kinds: ["loitering"], places: places([]) })).toHaveLength(1);
    const [plat, plon] = at(34, 124, 0, 8 / 1.852, 1);
    expect(
      run(records, { kinds: ["loitering"], places: places([harbour("world_port", plat, plon, 2000)]) }),
    ).toEqual([]);
  });
});

describe("bunkering", () => {
  // a 65 m bunker tanker alongside a 190 m cargo ship for 4 h, both slow
  const bunkering = [
    typed(80, 65),
    stat(B, T0 + 4.5 * H, { shipType: 70, toBow: 160, toStern: 30 }),
    ...meeting(31.15, 122.35, 4),
  ];

  it("raises nothing at a learned anchorage", () => {
    // the cell the store learns there (0.02 deg: its circumcircle is 1.57 km)
    expect(encounters(bunkering, [harbour("anchorage", 31.15, 122.35, 1572)])).toEqual([]);
  });

  it("raises an encounter when the same pair meets in the open sea", () => {
    const ev = encounters(bunkering);
    expect(ev).toHaveLength(1);
    expect(ev[0].vessels.map((v) => v.mmsi)).toEqual([A, B]);
    expect(ev[0].attributes.shipTypes).toEqual([80, 70]);
  });
});

describe("ship types in the encounter rule", () => {
  it("pairs tankers, cargo ships, fishing vessels and ships of no type", () => {
    for (const type of [30, 70, 79, 80, 89, 99])
      expect(encounters([typed(type, 120), ...meeting(36, 124)])).toHaveLength(1);
    expect(encounters([stat(A, T0 + 4.5 * H, { name: "NO TYPE" }), ...meeting(36, 124)])).toHaveLength(1);
  });

  it("does not pair service craft: tug, pilot, tender, SAR, police, yacht, sailing, passenger, dredger", () => {
    for (const [type, length] of [
      [52, 30],
      [31, 40],
      [50, 18],
      [53, 25],
      [51, 40],
      [55, 60],
      [37, 25],
      [36, 15],
      [60, 140],
      [33, 90],
    ]) {
      expect(encounters([typed(type, length), ...meeting(36, 124)]), `type ${type}`).toEqual([]);
    }
    // a tug that never gave its size is taken at its word
    expect(encounters([typed(52, null), ...meeting(36, 124)])).toEqual([]);
  });

  it("pairs a 180 m tug: its size contradicts its type", () => {
    expect(encounters([typed(52, 180), ...meeting(36, 124)])).toHaveLength(1);
    expect(encounters([typed(37, 200), ...meeting(36, 124)])).toHaveLength(1);
  });

  it("pairs a vessel whose broadcast type changed", () => {
    const changed = [typed(80, 120, T0 + 4.5 * H), typed(52, null, T0 + 5 * H)];
    expect(encounters([...changed, ...meeting(36, 124)])).toHaveLength(1);
  });
});

describe("world ports", () => {
  it("ships the World Port Index with radii by harbour size and type", () => {
    const ports = loadWorldPorts();
    expect(ports).toHaveLength(3802);
    const rotterdam = ports.find((p) => p.unlocode === "NLRTM");
    expect(rotterdam?.radiusM).toBe(8000);
    expect(rotterdam?.country).toBe("NL");
    expect(worldPortRadiusM("Very Small", "River (Natural)")).toBe(2000);
    expect(worldPortRadiusM("", "")).toBe(2000);
    expect(worldPortRadiusM("Medium", "Open Roadstead")).toBe(7500);
    for (const p of ports) {
      expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
    }
  });
});
