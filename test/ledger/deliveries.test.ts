/** Which arrivals are deliveries, and how each is sized, on hand-built events and tracks. */
import { describe, expect, it } from "vitest";
import { destination } from "../../src/geo/distance.js";
import type { Port } from "../../src/geo/zones.js";
import { findDeliveries, type LedgerSource, type VesselFacts } from "../../src/ledger/deliveries.js";
import type { Event, EventKind } from "../../src/model/event.js";
import type { Position } from "../../src/model/records.js";
import type { DraughtReport } from "../../src/store/queries.js";

const H = 3_600_000;
const T0 = Date.UTC(2019, 2, 1);
const NAMPO: Port = {
  name: "Nampo",
  unlocode: "KPNAM",
  kind: "port",
  country: "KP",
  lat: 38.7167,
  lon: 125.4,
  radiusM: 6000,
};
const DALIAN: Port = {
  name: "Dalian",
  unlocode: "CNDLC",
  kind: "port",
  country: "CN",
  lat: 38.93,
  lon: 121.65,
  radiusM: 6000,
};
const SEA = { lat: 37.5, lon: 123.5 };

const tanker = (mmsi: number, shipType = 80): VesselFacts => ({
  mmsi,
  imo: null,
  name: `T${mmsi}`,
  lengthM: 95,
  beamM: 14,
  shipType,
});

/** A straight track from `a` to `b` at 10 kn, a fix every 10 minutes, then `stayH` hours at `b`. */
function voyage(
  mmsi: number,
  t0: number,
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
  stayH: number,
): Position[] {
  const out: Position[] = [];
  const dist = Math.hypot((b.lat - a.lat) * 111_000, (b.lon - a.lon) * 87_000);
  const ms = (dist / (10 * 0.5144)) * 1000;
  for (let t = 0; t <= ms + stayH * H; t += 600_000) {
    const f = Math.min(1, t / ms);
    out.push({
      mmsi,
      t: t0 + t,
      lat: a.lat + (b.lat - a.lat) * f,
      lon: a.lon + (b.lon - a.lon) * f,
      sog: f < 1 ? 10 : 0,
      cog: null,
      heading: null,
      navStatus: null,
      cls: "A",
      msgType: 1,
    });
  }
  return out;
}

function event(
  id: string,
  kind: EventKind,
  mmsis: number[],
  start: number,
  end: number,
  attributes: Event["attributes"] = {},
): Event {
  return {
    id,
    kind,
    status: "final",
    start,
    end,
    vessels: mmsis.map((mmsi) => ({ mmsi })),
    lat: SEA.lat,
    lon: SEA.lon,
    attributes,
    evidence: mmsis.map((m) => [end, SEA.lat, SEA.lon, 0.5, m]),
    detector: `${kind}@1`,
    configHash: "x",
  };
}

function source(
  events: Event[],
  vessels: VesselFacts[],
  tracks: Map<number, Position[]>,
  draughts: Map<number, DraughtReport[]>,
): LedgerSource {
  return {
    events,
    ports: [NAMPO, DALIAN],
    vessel: async (m) => vessels.find((v) => v.mmsi === m) ?? null,
    track: async (m, from, to) => (tracks.get(m) ?? []).filter((p) => p.t >= from && p.t <= to),
    draughts: async (m) => draughts.get(m) ?? [],
  };
}

describe("findDeliveries", () => {
  const loadEnd = T0 + 24 * H;
  const data = { start: T0, end: T0 + 30 * 24 * H };

  it("follows a loading at sea to the next port: a DPRK port is a delivery sized by the draught, a Chinese one is not", async () => {
    const taker = 445000001;
    const giver = 412000002;
    const events = [
      event("enc", "encounter", [giver, taker], T0 + 18 * H, loadEnd),
      event("up", "draught", [taker], T0 + 18 * H, loadEnd + H, { before: 3.8, after: 6.0, changeM: 2.2 }),
      event("down", "draught", [giver], T0 + 18 * H, loadEnd + H, { before: 7.5, after: 5.3, changeM: -2.2 }),
    ];
    const tracks = new Map([
      [taker, voyage(taker, loadEnd, SEA, NAMPO, 10)],
      [giver, voyage(giver, loadEnd, SEA, DALIAN, 10)],
    ]);
    const draughts = new Map([
      [
        taker,
        [
          { t: T0, draught: 3.8 },
          { t: loadEnd + H, draught: 6.0 },
        ],
      ],
    ]);
    const ds = await findDeliveries(source(events, [tanker(taker), tanker(giver)], tracks, draughts), data);
    expect(ds).toHaveLength(1);
    const d = ds[0];
    expect(d).toMatchObject({ route: "sts-port", port: "Nampo", loaded: T0 + 18 * H, events: ["enc", "up"] });
    expect(d.vessel.mmsi).toBe(taker);
    expect(d.partners).toEqual([giver]);
    expect(d.cargo).toMatchObject({ method: "draught", changeM: 2.2 });
    if (d.cargo.method === "draught") expect(d.cargo.tonnes[1]).toBeCloseTo(1.025 * 0.8 * 95 * 14 * 2.2, 6);
    // The arrival fix lies inside the port, and it is the first such fix.
    const arrival = d.positions.at(-1)!;
    expect(arrival[0]).toBe(d.t);
    const before = tracks
      .get(taker)!
      .filter((p) => p.t < d.t)
      .at(-1)!;
    expect(Math.hypot((before.lat - NAMPO.lat) * 111_000, (before.lon - NAMPO.lon) * 87_000)).toBeGreaterThan(
      5_500,
    );
  });

  it("counts a tanker that loaded and went dark heading for a DPRK port, not one heading away", async () => {
    const toward = 445000003;
    const away = 445000004;
    const half = (p: Position[]) => p.slice(0, Math.floor(p.length / 2));
    const south = destination(SEA.lat, SEA.lon, 200, 200_000);
    const tracks = new Map([
      [toward, half(voyage(toward, loadEnd, SEA, NAMPO, 0))],
      [away, half(voyage(away, loadEnd, SEA, south, 0))],
    ]);
    const events = [toward, away].map((m) =>
      event(`up${m}`, "draught", [m], T0 + 18 * H, loadEnd, { changeM: 2 }),
    );
    const ds = await findDeliveries(source(events, [tanker(toward), tanker(away)], tracks, new Map()), data);
    expect(ds.map((d) => [d.vessel.mmsi, d.route, d.port])).toEqual([[toward, "sts-dark", "Nampo"]]);
    // No draught reports: sized by capacity at 0.4 x beam.
    expect(ds[0].cargo).toMatchObject({ method: "capacity" });
    if (ds[0].cargo.method === "capacity")
      expect(ds[0].cargo.deadweightT).toBeCloseTo(1.025 * 0.8 * 95 * 14 * 5.6 * 0.8, 6);
  });

  it("takes a tanker's DPRK port call alone as a delivery, not a cargo ship's, nor one in port when the data begins", async () => {
    const t = 445000005;
    const bulk = 445000006;
    const early = 445000007;
    const call = (id: string, m: number, start: number) =>
      event(id, "port_call", [m], start, start + 30 * H, { port: "Nampo", country: "KP" });
    const events = [
      call("c1", t, T0 + 5 * 24 * H),
      call("c2", bulk, T0 + 6 * 24 * H),
      call("c3", early, T0 + 60_000),
    ];
    const draughts = new Map([
      [
        t,
        [
          { t: T0, draught: 6.5 },
          { t: T0 + 7 * 24 * H, draught: 3.9 },
        ],
      ],
    ]);
    const vessels = [tanker(t), tanker(bulk, 70), tanker(early)];
    const ds = await findDeliveries(source(events, vessels, new Map(), draughts), data);
    expect(ds.map((d) => [d.id, d.route, d.events])).toEqual([
      [`${t}-${new Date(T0 + 5 * 24 * H).toISOString()}`, "port-call", ["c1"]],
    ]);
    // What it put off in port: draught before the call minus draught after it.
    expect(ds[0].cargo).toMatchObject({ method: "draught", changeM: 2.6 });
  });

  it("leaves a tanker without dimensions unsized", async () => {
    const m = 445000008;
    const events = [
      event("c", "port_call", [m], T0 + 5 * 24 * H, T0 + 6 * 24 * H, { port: "Nampo", country: "KP" }),
    ];
    const ds = await findDeliveries(
      source(events, [{ ...tanker(m), lengthM: 0, beamM: 0 }], new Map(), new Map()),
      data,
    );
    expect(ds[0].cargo).toEqual({ method: "unknown", reason: "no dimensions reported" });
  });
});
