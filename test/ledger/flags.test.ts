/** Flag-state table: counts by MMSI flag, suppliers, ranking, and one IMO under several flags. */
import { describe, expect, it } from "vitest";
import type { Delivery } from "../../src/ledger/deliveries.js";
import { flagTable } from "../../src/ledger/flags.js";
import type { Event, EventKind } from "../../src/model/event.js";

const ev = (id: string, kind: EventKind, mmsis: number[], status: Event["status"] = "final"): Event => ({
  id,
  kind,
  status,
  start: 0,
  end: 1,
  vessels: mmsis.map((mmsi) => ({ mmsi })),
  lat: 37,
  lon: 124,
  attributes: {},
  evidence: [],
  detector: `${kind}@1`,
  configHash: "x",
});

const delivery = (
  mmsi: number,
  partners: number[],
  mid: number,
): Delivery & { barrels: Record<string, number> } => ({
  id: `${mmsi}`,
  vessel: { mmsi, imo: null, name: null, lengthM: 95, beamM: 14, shipType: 80 },
  route: "sts-port",
  port: "Nampo",
  t: 0,
  loaded: 0,
  cargo: { method: "draught", changeM: 2, tonnes: [1, 2, 3] },
  events: ["a"],
  partners,
  positions: [],
  barrels: { low: 1, mid, high: 3 },
});

describe("flagTable", () => {
  // 445 DPRK, 671 Togo, 352 Panama, 412 China; 999 is no ship MID.
  const events = [
    ev("e1", "encounter", [352000001, 445000001]),
    ev("e2", "gap", [445000001]),
    ev("e3", "port_call", [445000001]),
    ev("e4", "spoofing", [412000001], "retracted"),
    ev("e5", "identity", [671000001]),
    ev("e6", "loitering", [999000001]),
  ];
  const t = flagTable(
    events,
    [delivery(445000001, [352000001], 15_000), delivery(445000002, [], 10_000)],
    [
      { mmsi: 412000002, imo: 9000001 },
      { mmsi: 671000002, imo: 9000001 },
      { mmsi: 445000001, imo: 9000002 },
      { mmsi: 445000003, imo: 9000002 },
      { mmsi: 352000001, imo: null },
    ],
    [
      {
        id: "x",
        vessel: { mmsi: 671000001, imo: null, name: null, lengthM: 120, beamM: 18, shipType: 70 },
        how: "port-call",
        origin: "Nampo",
        left: 0,
        draughtRiseM: 4,
        cargo: "coal or iron ore (bulk)",
        destination: null,
        events: ["c"],
        positions: [],
      },
    ],
  );

  it("counts findings, deliveries, supplies and export voyages by the MMSI's flag, port calls and retracted events left out", () => {
    expect(t.flags).toEqual([
      {
        flag: "KP",
        events: 2,
        byKind: { encounter: 1, gap: 1 },
        deliveries: 2,
        barrelsMid: 25_000,
        supplied: 0,
        exports: 0,
        vessels: [445000001, 445000002],
      },
      {
        flag: "PA",
        events: 1,
        byKind: { encounter: 1 },
        deliveries: 0,
        barrelsMid: 0,
        supplied: 1,
        exports: 0,
        vessels: [352000001],
      },
      {
        flag: "TG",
        events: 1,
        byKind: { identity: 1 },
        deliveries: 0,
        barrelsMid: 0,
        supplied: 0,
        exports: 1,
        vessels: [671000001],
      },
      {
        flag: "??",
        events: 1,
        byKind: { loitering: 1 },
        deliveries: 0,
        barrelsMid: 0,
        supplied: 0,
        exports: 0,
        vessels: [999000001],
      },
    ]);
  });

  it("lists an IMO seen under MMSIs of two flags, not one seen twice under one flag", () => {
    expect(t.reflags).toEqual([
      {
        imo: 9000001,
        mmsis: [
          { mmsi: 412000002, flag: "CN" },
          { mmsi: 671000002, flag: "TG" },
        ],
      },
    ]);
  });
});
