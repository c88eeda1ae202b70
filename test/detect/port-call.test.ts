import { describe, expect, it } from "vitest";
import type { Port } from "../../src/geo/zones.js";
import { loadProfile } from "../../src/profile/load.js";
import { at, H, MIN, run, sail, T0 } from "./synth.js";

const NAMPO: Port = {
  name: "Nampo",
  unlocode: "KPNAM",
  kind: "port",
  country: "KP",
  lat: 38.7,
  lon: 125.2,
  radiusM: 6000,
};
const DALIAN: Port = {
  name: "Dalian",
  unlocode: "CNDLC",
  kind: "port",
  country: "CN",
  lat: 38.9,
  lon: 121.65,
  radiusM: 8000,
};
const places = { ports: [NAMPO, DALIAN], zones: [], portCallCountries: ["KP"] };
const kinds = ["port_call" as const];

/** Steams in at 8 kn from 40 km west, stays `hours` at anchor, leaves west. */
function call(port: Port, hours: number) {
  const start = at(port.lat, port.lon, 270, 40_000 / 1852, 1);
  const arrive = T0 + (40 / 14.8) * H;
  return [
    ...sail(412000001, T0, start[0], start[1], 90, 8, arrive - T0 - MIN),
    ...sail(412000001, arrive, port.lat, port.lon, 0, 0, hours * H, 3 * MIN),
    ...sail(412000001, arrive + hours * H + MIN, port.lat, port.lon, 270, 8, 6 * H),
  ];
}

describe("port call", () => {
  it("reports a stay at a DPRK port with entry and exit times", () => {
    const ev = run(call(NAMPO, 20), { kinds, places });
    expect(ev).toHaveLength(1);
    const e = ev[0];
    expect(e.attributes).toMatchObject({ port: "Nampo", unlocode: "KPNAM", country: "KP" });
    expect(e.attributes.durationH).toBeGreaterThan(20);
    // entering 6 km out and leaving 7 km out at 8 kn adds about 0.9 h
    expect(e.attributes.durationH).toBeLessThan(21);
    expect(e.attributes.stoppedH).toBeCloseTo(20, 0);
  });

  it("keeps a berth shift inside the port within one call, and reports no call still open at the end", () => {
    const b = at(NAMPO.lat, NAMPO.lon, 90, 1.5, 1);
    const tMove = T0 + 5 * H;
    const recs = [
      ...sail(412000001, T0, NAMPO.lat, NAMPO.lon, 0, 0, 5 * H - MIN, 3 * MIN),
      ...sail(412000001, tMove, NAMPO.lat, NAMPO.lon, 90, 3, 30 * MIN, MIN),
      ...sail(412000001, tMove + 31 * MIN, b[0], b[1], 0, 0, 5 * H, 3 * MIN),
    ];
    const leave = sail(412000001, tMove + 31 * MIN + 5 * H + MIN, b[0], b[1], 270, 8, 6 * H);
    const one = run([...recs, ...leave], { kinds, places });
    expect(one).toHaveLength(1);
    expect(one[0].attributes.durationH).toBeGreaterThan(10.5);
    expect(run(recs, { kinds, places })).toEqual([]);
  });

  it("drops a passage shorter than 3 h and calls at other countries' ports", () => {
    expect(run(call(NAMPO, 1), { kinds, places })).toEqual([]);
    expect(run(call(DALIAN, 20), { kinds, places })).toEqual([]);
  });

  it("loads the built-in DPRK profile and reports zone visits", () => {
    const p = loadProfile("dprk");
    expect(p.ports.find((x) => x.unlocode === "KPNAM")?.radiusM).toBe(6000);
    expect(p.portCallCountries).toEqual(["KP", "CN", "KR", "RU"]);
    expect(p.zones.map((z) => z.name)).toContain("Korea Bay");
    // drifts in Korea Bay for 6 h, then steams out south at 12 kn
    const recs = [
      ...sail(412000001, T0, 38.6, 123, 0, 0.5, 6 * H),
      ...sail(412000001, T0 + 6 * H + MIN, 38.65, 123, 180, 12, 3 * H),
    ];
    const ev = run(recs, { kinds: ["zone"], places: p });
    expect(ev.map((e) => e.attributes.zone)).toEqual(["Korea Bay"]);
    expect(ev[0].attributes.durationH).toBeGreaterThan(6);
  });
});
