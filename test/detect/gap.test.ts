import { describe, expect, it } from "vitest";
import type { Position } from "../../src/model/records.js";
import { at, field, H, MIN, run, sail, T0 } from "./synth.js";

const opts = { kinds: ["gap" as const] };

/** A vessel steaming north at 10 kn, silent from +`off` h for `dark` h. */
function dark(mmsi: number, lat: number, lon: number, off: number, darkH: number, every = MIN): Position[] {
  return sail(mmsi, T0, lat, lon, 0, 10, (off + darkH + 6) * H, every).filter(
    (p) => p.t < T0 + off * H || p.t >= T0 + (off + darkH) * H,
  );
}

/** The sea around a vessel sailing north from 33° N 124° E, heard all along. */
const around = () => field(31.5, 36.5, 122.5, 125.5);

describe("gap", () => {
  it("reports a 14 h silence while others were heard nearby, with fixes, distance, speed and why", () => {
    const ev = run([...dark(412000001, 33, 124, 8, 14), ...around()], opts);
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
    // why it is dark: others heard along the path every silent hour, the feed at its usual level
    expect(e.attributes.coverage).toBe(1);
    expect(e.attributes.nearbyVesselsPerHour).toBeGreaterThanOrEqual(4);
    expect(e.attributes.feedShare).toBe(1);
  });

  it("ignores a silence the vessel comes back from sailing in from where nothing is heard", () => {
    // silent heading north inside the area; first heard again at its west edge, heading east
    const north = sail(412000001, T0, 33, 124.6, 0, 10, 3 * H).map((p) => ({ ...p, cog: 0 }));
    const inward = sail(412000001, T0 + 23 * H, 33.6, 124.05, 90, 10, 3 * H).map((p) => ({ ...p, cog: 90 }));
    expect(run([...north, ...inward, ...field(31.5, 36.5, 124, 125.5)], opts)).toEqual([]);
    // the same silence where the feed hears on westward too: dark
    expect(run([...north, ...inward, ...field(31.5, 36.5, 122, 125.5)], opts)).toHaveLength(1);
  });

  it("ignores 10 h of silence", () => {
    expect(run([...dark(412000001, 33, 124, 8, 10), ...around()], opts)).toEqual([]);
  });

  it("ignores a silence on a path nobody was ever heard on (a coverage hole)", () => {
    expect(run(dark(412000001, 33, 124, 8, 14), opts)).toEqual([]);
  });

  it("ignores a silence where others were heard before it but not during it (a regional dropout)", () => {
    const region = (_: number, t: number) => t > T0 + 8 * H && t < T0 + 22 * H;
    const recs = [...dark(412000001, 33, 124, 8, 14), ...field(31.5, 36.5, 122.5, 125.5, -24, 30, region)];
    expect(run(recs, opts)).toEqual([]);
  });

  it("ignores a silence a quarter of the vessels around fell into with it (a dropout the regions around still hear)", () => {
    // 16 vessels within 100 km steaming north fall silent within the hour and come back:
    // the sea a degree away is heard all along, so only the vessels silent together tell
    const fleet = (n: number) =>
      Array.from({ length: n }, (_, i) => dark(412000001 + i, 33 + 0.05 * i, 124 + 0.05 * i, 8 + i / 24, 14));
    expect(run([...fleet(16).flat(), ...around()], opts)).toEqual([]);
    // three vessels silent together are three choices (a dark transfer and a third ship)
    const ev = run([...fleet(3).flat(), ...around()], opts);
    expect(ev).toHaveLength(3);
    for (const e of ev) {
      expect(e.attributes.coSilentVessels).toBe(2);
      expect(e.attributes.heardBefore).toBeGreaterThanOrEqual(30);
    }
  });

  it("hears a sparse sea whose passers-by thin out below half their usual number but not to nobody", () => {
    // two thirds of the vessels around fall quiet: under half the usual count, still a dozen an hour
    const thin = (i: number, t: number) => i % 3 !== 0 && t > T0 + 8 * H && t < T0 + 22 * H;
    // (a busy sea far off keeps the feed at its level; the vessels silent together are not asked)
    const recs = [
      ...dark(412000001, 33, 124, 8, 14),
      ...field(31.5, 36.5, 122.5, 125.5, -24, 30, thin),
      ...field(40, 45, 130, 135),
    ];
    const only = { gapDropoutVessels: 1000 };
    const ev = run(recs, { ...opts, config: only });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.coverage).toBe(1);
    // asking for more than a dozen an hour, the thinning reads as a dropout of part of the area
    expect(run(recs, { ...opts, config: { ...only, receptionHeardPerHour: 20 } })).toEqual([]);
  });

  it("ignores a silence while the whole feed fell from its usual level (an outage)", () => {
    // 77 vessels heard, then for the silence only every third of them (26): locally the path is
    // still covered, so only the feed's level tells the outage from going dark.
    const outage = (i: number, t: number) => i % 3 !== 0 && t > T0 + 8 * H && t < T0 + 22 * H;
    const recs = [...dark(412000001, 33, 124, 8, 14), ...field(31.5, 36.5, 122.5, 125.5, -24, 30, outage)];
    expect(run(recs, opts)).toEqual([]);
    // the feed's level let go, the vessels around that fell silent with it still tell
    expect(run(recs, { ...opts, config: { gapFeedMinShare: 0.3 } })).toEqual([]);
    const ev = run(recs, { ...opts, config: { gapFeedMinShare: 0.3, gapDropoutVessels: 1000 } });
    expect(ev).toHaveLength(1);
    expect(ev[0].attributes.feedShare).toBeCloseTo(26 / 77, 3);
  });

  it("ignores a silence spanning the hole of an export (every vessel silent, a few late rows)", () => {
    // heard 00:00-00:25, then nothing until 23:00: the data's temporal edge, not 13 choices
    const day = T0 + 48 * H;
    const hole = (_: number, t: number) => t > day + 25 * MIN && t < day + 23 * H;
    const vessel = sail(412000001, day - 24 * H, 33, 124, 0, 0.1, 48 * H).filter((p) => !hole(0, p.t));
    const recs = [...vessel, ...field(31.5, 36.5, 122.5, 125.5, 24, 72, hole)];
    expect(run(recs, opts)).toEqual([]);
  });

  it("ignores a vessel leaving the export's area and coming back 13 h later (the data's spatial edge)", () => {
    // the export is clipped at 124.3° E: east of it nothing is ever heard
    const ferry = sail(412000001, T0, 33, 124, 90, 10, 8 * H)
      .filter((p) => p.lon < 124.3)
      .concat(sail(412000001, T0 + 8 * H + 2 * MIN, ...at(33, 124, 90, 10, 8), 270, 10, 8 * H));
    const inside = ferry
      .filter((p) => p.lon < 124.3)
      .map((p) => ({ ...p, cog: p.t < T0 + 8 * H ? 90 : 270 }));
    const leftAt = inside.filter((p) => p.t < T0 + 8 * H).at(-1)?.t ?? 0;
    const backAt = inside.find((p) => p.t > T0 + 8 * H)?.t ?? 0;
    expect((backAt - leftAt) / H).toBeGreaterThan(12);
    expect(run([...inside, ...field(31.5, 36.5, 122.5, 124.25)], opts)).toEqual([]);
    // the same trip with the sea east of the border heard: the vessel chose to be silent
    expect(run([...inside, ...field(31.5, 36.5, 122.5, 126.5)], opts)).toHaveLength(1);
  });

  it("ignores a silence after sparse transmission (reception was already poor)", () => {
    expect(run([...dark(412000001, 33, 124, 8, 14, 60 * MIN), ...around()], opts)).toEqual([]);
  });

  it("names the other vessel that went dark nearby at the same time", () => {
    const recs = [...dark(412000001, 33, 124, 8, 14), ...dark(412000002, 33, 124.1, 9, 13), ...around()];
    const ev = run(recs, opts);
    expect(ev).toHaveLength(2);
    const byMmsi = new Map(ev.map((e) => [e.vessels[0].mmsi, e]));
    expect(byMmsi.get(412000001)?.attributes.darkPartners).toEqual([412000002]);
    expect(byMmsi.get(412000002)?.attributes.darkPartners).toEqual([412000001]);
  });

  it("finds dark partners across the index's cells far north, and not beyond darkPairM", () => {
    // at 60° N 0.7° of longitude is 39 km (a partner), 1.1° is 61 km (not one)
    const recs = [
      ...dark(412000001, 60, 10, 8, 14),
      ...dark(412000002, 60, 10.7, 9, 13),
      ...dark(412000003, 60, 8.9, 9, 13),
      ...field(58.5, 63.5, 7.5, 13),
    ];
    const ev = run(recs, opts);
    const byMmsi = new Map(ev.map((e) => [e.vessels[0].mmsi, e]));
    expect(byMmsi.get(412000001)?.attributes.darkPartners).toEqual([412000002]);
    expect(byMmsi.get(412000003)?.attributes.darkPartners).toEqual([]);
  });
});
