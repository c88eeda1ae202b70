import { describe, expect, it } from "vitest";
import type { Geography } from "../../src/detect/geography.js";
import type { Position } from "../../src/model/records.js";
import { H, MIN, pos, run, sail, T0 } from "./synth.js";

const kinds = ["spoofing" as const, "gap" as const, "loitering" as const];

function spoofTypes(recs: Position[], geography?: Geography) {
  return run(recs, { kinds, geography }).map((e) => `${e.kind}:${e.attributes.type ?? ""}`);
}

const ship = () => sail(412000001, T0, 33, 124, 0, 10, 12 * H);

describe("spoofing", () => {
  it("reports a burst of fixes 200 km away that then returns (teleport and back)", () => {
    const recs = ship();
    const burst = [0, 1, 2].map((i) => pos(412000001, T0 + 5 * H + 30 * 1000 + i * 20_000, 35.7, 124, 10));
    const ev = run([...recs, ...burst], { kinds });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.type).toBe("jump");
    expect(ev[0].attributes.outlierFixes).toBe(3);
    expect(ev[0].attributes.types).toEqual(["jump"]);
    expect(ev[0].attributes.jumpKm).toBeGreaterThan(200);
    expect(ev[0].attributes.jumpKm).toBeLessThan(215);
    expect(ev[0].start).toBe(burst[0].t);
    expect(ev[0].end).toBe(burst[2].t);
  });

  it("takes no jump from an archive's backlog stamped at its first second, nor from a track heard only after", () => {
    // CMA CGM MARCO POLO (US data, 3 Jan 2022): earlier positions along its course at 13 kn all
    // stamped 00:00:00, then the ship where it really was, drifting, a minute apart
    const backlog = [0, 1, 2, 3].map((i) => pos(412000001, T0, 32.44 - i * 0.25, 121.19 - i * 0.7, 13));
    const drifting = sail(412000001, T0 + 1000, 31.4, 118.05, 135, 1, 12 * H);
    expect(run([...backlog, ...drifting], { kinds: ["spoofing"] })).toEqual([]);
    // two fixes out of reach at the start, then one place all along: nothing says which is false
    const early = [0, 1].map((i) => pos(412000001, T0 + i * MIN, 35.7, 124, 10));
    expect(run([...early, ...sail(412000001, T0 + 5 * MIN, 33, 124, 0, 10, 12 * H)], { kinds })).toEqual([]);
  });

  it("ignores a single stray fix and fixes at (0, 0)", () => {
    const recs = [
      ...ship(),
      pos(412000001, T0 + 5 * H + 30_000, 36, 124, 10),
      pos(412000001, T0 + 6 * H + 30_000, 0, 0, 0),
    ];
    expect(spoofTypes(recs)).toEqual([]);
  });

  it("separates two ships on one MMSI into a clone, with no false gap or jump", () => {
    const a = sail(412000001, T0, 33, 124, 0, 10, 30 * H, 2 * MIN);
    const b = sail(412000001, T0 + 3 * H + MIN, 30, 125, 90, 9, 20 * H, 2 * MIN);
    const ev = run([...a, ...b], { kinds });
    expect(ev.map((e) => e.attributes.type)).toEqual(["clone"]);
    expect(ev[0].start).toBe(b[0].t);
    expect(ev[0].end).toBe(b.at(-1)?.t);
    expect(ev[0].attributes.types).toEqual(["clone"]);
    expect(ev[0].attributes.jumpKm).toBeGreaterThan(300);
  });

  it("keeps one clone through a silence of one of its ships (a coverage hole), not two", () => {
    // A lies at anchor, silent 14 h in the middle; B, on the same MMSI 1,000 km away, sails on
    const a = sail(412000001, T0, 42.8, 132.9, 0, 0, 60 * H, 2 * MIN).filter(
      (p) => p.t < T0 + 20 * H || p.t >= T0 + 34 * H,
    );
    const b = sail(412000001, T0 + 4 * H + MIN, 31, 126, 345, 11, 50 * H, 2 * MIN);
    const ev = run([...a, ...b], { kinds: ["spoofing"] });
    expect(ev.map((e) => e.attributes.type)).toEqual(["clone"]);
    expect(ev[0].start).toBe(b[0].t);
    expect(ev[0].end).toBeGreaterThan(T0 + 34 * H);
  });

  it("reports a one-way teleport once, without a gap", () => {
    const a = sail(412000001, T0, 33, 124, 0, 10, 6 * H);
    const b = sail(412000001, T0 + 6 * H + 10 * MIN, 38, 124, 0, 10, 20 * H);
    expect(spoofTypes([...a, ...b])).toEqual(["spoofing:teleport"]);
  });

  it("reports a run of false fixes deep inland, not two, and not a ship sailing inland", () => {
    const land: Geography = {
      isLand: ({ lat }) => lat > 34,
      shoreDistanceNm: () => 100,
      inlandDistanceM: (lat) => Math.max(0, (lat - 34) * 111_000),
    };
    // a position frozen 30 km inland for an hour while the vessel reports 10 kn
    const fake = [...Array(31).keys()].map((i) => pos(412000001, T0 + i * 2 * MIN, 34.3, 124, 10));
    const ev = run(fake, { kinds, geography: land });
    expect(ev.map((e) => e.attributes.type)).toEqual(["land"]);
    expect(ev[0].start).toBe(T0);
    expect(run(fake.slice(0, 2), { kinds, geography: land })).toEqual([]);
    // a continuous track walking inland at the speed it reports is a ship where ships go
    expect(run(sail(412000001, T0, 33.9, 124, 0, 10, 3 * H), { kinds, geography: land })).toEqual([]);
  });

  it("makes one episode of a teleport onto land, the fixes there and the teleport back", () => {
    const land: Geography = {
      isLand: ({ lat }) => lat > 39,
      shoreDistanceNm: (lat) => (lat > 39 ? 0 : 100),
      inlandDistanceM: (lat) => Math.max(0, (lat - 39) * 111_000),
    };
    const sea = sail(412000001, T0, 33, 124, 0, 10, 12 * H, 2 * MIN).filter(
      (p) => p.t < T0 + 3 * H || p.t > T0 + 5 * H,
    );
    const inland = sail(412000001, T0 + 3 * H, 40, 125, 90, 5, 2 * H, 2 * MIN);
    const ev = run([...sea, ...inland], { kinds, geography: land });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.types).toEqual(expect.arrayContaining(["land", "teleport"]));
    expect(ev[0].start).toBeLessThanOrEqual(T0 + 3 * H);
    expect(ev[0].end).toBeGreaterThanOrEqual(T0 + 5 * H - 2 * MIN);
  });

  it("retires the silent ship of an ended clone, so no false gap opens on it later", () => {
    // A transmits 6 h at 33 N; B, on the same MMSI, transmits from 6 h on 250 km away and
    // then sails to where A stopped, arriving a day later.
    const a = sail(412000001, T0, 33, 124, 90, 0, 8 * H, 2 * MIN);
    const b = sail(412000001, T0 + 2 * H, 35.25, 124, 180, 5, 30 * H, 2 * MIN);
    const ev = run([...a, ...b], { kinds: ["spoofing", "gap"] });
    expect(ev.map((e) => e.kind)).toEqual(["spoofing"]);
  });

  it("takes the clone's victim reappearing after the clone stops for the clone's end, not a teleport", () => {
    // A sails, then falls silent 20 h (a coverage hole) while its clone B, 600 km away,
    // keeps transmitting; B stops, and A is heard again 40 min later along its course.
    const a = sail(412000001, T0, 33, 124, 0, 10, 36 * H, 2 * MIN).filter(
      (p) => p.t < T0 + 8 * H || p.t >= T0 + 28 * H + 40 * MIN,
    );
    const b = sail(412000001, T0 + 4 * H, 38.5, 124, 90, 9, 24 * H, 2 * MIN);
    expect(spoofTypes([...a, ...b])).toEqual(["spoofing:clone"]);
  });
});
