/** Ledger totals: scenarios, months, 12 months and the cap, on hand-built deliveries. */
import { describe, expect, it } from "vitest";
import type { Delivery } from "../../src/ledger/deliveries.js";
import { buildLedger } from "../../src/ledger/ledger.js";

const vessel = { mmsi: 445000001, imo: null, name: "A", lengthM: 95, beamM: 14, shipType: 80 };

function delivery(t: string, cargo: Delivery["cargo"]): Delivery {
  const ms = Date.parse(t);
  return {
    id: `${vessel.mmsi}-${t}`,
    vessel,
    route: "port-call",
    port: "Nampo",
    t: ms,
    loaded: null,
    cargo,
    events: ["e1"],
    partners: [],
    positions: [[ms, 38.7, 125.4, 0, vessel.mmsi]],
  };
}

const options = {
  cap: 500_000,
  capItem: "refined petroleum products",
  capSource: "test",
  from: Date.UTC(2019, 0, 1),
  to: Date.UTC(2020, 0, 1),
  product: "refined",
  barrelsPerTonne: 7.45,
};

describe("buildLedger", () => {
  const ds = [
    delivery("2019-01-10T00:00:00Z", { method: "capacity", deadweightT: 6000 }),
    delivery("2019-03-05T00:00:00Z", { method: "draught", changeM: 2, tonnes: [1000, 2000, 3000] }),
    delivery("2019-03-20T00:00:00Z", { method: "unknown", reason: "no dimensions reported" }),
    delivery("2020-02-01T00:00:00Z", { method: "capacity", deadweightT: 6000 }),
  ];

  it("counts capacity at 1/3, 1/2 and 90% laden and draught at its band, per scenario", () => {
    const l = buildLedger(ds, options);
    expect(l.scenarios.low.barrels).toBe(Math.round(2000 * 7.45) + Math.round(1000 * 7.45));
    expect(l.scenarios.mid.barrels).toBe(Math.round(3000 * 7.45) + Math.round(2000 * 7.45));
    expect(l.scenarios.high.barrels).toBe(Math.round(5400 * 7.45) + Math.round(3000 * 7.45));
    expect(l.scenarios.mid.deliveries).toBe(2);
    expect(l.unsized).toBe(1);
    expect(l.deliveries).toHaveLength(3);
    expect(l.scenarios.high.overCap).toBe(false);
    expect(l.scenarios.mid.capShare).toBe(0.0745);
  });

  it("lists every month of the window, with 12-month sums", () => {
    const l = buildLedger(ds, options);
    expect(l.months.map((m) => m.month)).toEqual([
      "2019-01",
      "2019-02",
      "2019-03",
      "2019-04",
      "2019-05",
      "2019-06",
      "2019-07",
      "2019-08",
      "2019-09",
      "2019-10",
      "2019-11",
      "2019-12",
    ]);
    expect(l.months[0].scenarios.mid).toEqual({ barrels: 22350, deliveries: 1 });
    expect(l.months[2].scenarios.mid).toEqual({ barrels: 14900, deliveries: 1 });
    expect(l.months[11].rolling12.mid).toEqual({ barrels: 37250, deliveries: 2 });
  });

  it("rolls 12 months over a longer window, and a cap of 0 is exceeded by any delivery", () => {
    const l = buildLedger(ds, { ...options, to: Date.UTC(2020, 2, 1), cap: 0 });
    const feb = l.months.find((m) => m.month === "2020-02")!;
    expect(feb.rolling12.mid).toEqual({ barrels: 14900 + 22350, deliveries: 2 });
    expect(l.scenarios.low.overCap).toBe(true);
    expect(l.scenarios.low.capShare).toBeNull();
  });

  it("adds the user's laden fraction as scenario custom", () => {
    const l = buildLedger(ds, { ...options, fraction: 0.75 });
    expect(l.scenarios.custom).toMatchObject({ fraction: 0.75, deliveries: 2 });
    expect(l.scenarios.custom.barrels).toBe(Math.round(4500 * 7.45) + Math.round(2000 * 7.45));
  });
});
