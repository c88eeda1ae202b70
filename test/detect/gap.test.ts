import { describe, expect, it } from "vitest";
import type { Position } from "../../src/model/records.js";
import { at, H, MIN, run, sail, T0 } from "./synth.js";

const opts = { kinds: ["gap" as const] };

/** A vessel steaming north at 10 kn, silent from +`off` h for `dark` h. */
function dark(mmsi: number, lat: number, lon: number, off: number, darkH: number, every = MIN): Position[] {
  return sail(mmsi, T0, lat, lon, 0, 10, (off + darkH + 6) * H, every).filter(
    (p) => p.t < T0 + off * H || p.t >= T0 + (off + darkH) * H,
  );
}

/** A vessel heard earlier all along the dark vessel's path (the cells are within coverage). */
function traffic(lat: number, lon: number, hours: number): Position[] {
  return sail(413000100, T0 - 2 * 24 * H, lat, lon + 0.05, 0, 10, hours * H, 2 * MIN);
}

describe("gap", () => {
  it("reports a 14 h silence where others were heard, with fixes, distance and implied speed", () => {
    const ev = run([...dark(412000001, 33, 124, 8, 14), ...traffic(33, 124, 30)], opts);
    expect(ev).toHaveLength(1);
    const e = ev[0];
    expect(e.vessels[0].mmsi).toBe(412000001);
    expect(e.start).toBe(T0 + 8 * H - MIN);
    expect(e.end).toBe(T0 + 22 * H);
    expect(e.attributes.durationH).toBeCloseTo(14 + 1 / 60, 2);
    expect(e.attributes.impliedSpeedKn).toBeCloseTo(10, 0);
    expect(e.attributes.distanceNm).toBeCloseTo(140 + 10 / 60, 0);
    const [lat1] = at(33, 124, 0, 10, 22);
    expect(e.attributes.endLat).toBeCloseTo(lat1, 3);
    expect(e.evidence.at(-1)?.[0]).toBe(T0 + 22 * H);
  });

  it("ignores 10 h of silence", () => {
    expect(run([...dark(412000001, 33, 124, 8, 10), ...traffic(33, 124, 30)], opts)).toEqual([]);
  });

  it("ignores a silence on a path nobody was ever heard on (a coverage hole)", () => {
    expect(run(dark(412000001, 33, 124, 8, 14), opts)).toEqual([]);
  });

  it("counts the sea around the fix that ends the gap as heard, though nobody else sailed there", () => {
    // Others were heard along the first 80 % of the silent path only; the vessel's own
    // reappearance shows that the last stretch is within coverage too.
    const ev = run([...dark(412000001, 33, 124, 8, 14), ...traffic(33, 124, 15.6)], opts);
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.coverage).toBe(1);
  });

  it("ignores a silence after sparse transmission (reception was already poor)", () => {
    expect(run([...dark(412000001, 33, 124, 8, 14, 60 * MIN), ...traffic(33, 124, 30)], opts)).toEqual([]);
  });

  it("names the other vessel that went dark nearby at the same time", () => {
    const recs = [
      ...dark(412000001, 33, 124, 8, 14),
      ...dark(412000002, 33, 124.1, 9, 13),
      ...traffic(33, 124, 30),
    ];
    const ev = run(recs, opts);
    expect(ev).toHaveLength(2);
    const byMmsi = new Map(ev.map((e) => [e.vessels[0].mmsi, e]));
    expect(byMmsi.get(412000001)?.attributes.darkPartners).toEqual([412000002]);
    expect(byMmsi.get(412000002)?.attributes.darkPartners).toEqual([412000001]);
  });
});
