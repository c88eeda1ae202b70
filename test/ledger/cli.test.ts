/** `darkfleet ledger` on a real store (smoke scenario): text, JSON, CSV, the cap and bad flags. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger/ledger.js";
import { darkfleet, smokeStore } from "../support/smoke-store.js";

let db: string;
let delivered: { mmsi: number; bbl: number };

beforeAll(() => {
  const s = smokeStore();
  db = s.db;
  const d = (s.truth.deliveries ?? [])[0];
  delivered = { mmsi: d.vessel.mmsi, bbl: d.volumeBbl };
}, 120_000);

describe("darkfleet ledger", () => {
  it("finds the smoke scenario's one delivery, its barrels inside the low-high band", () => {
    const r = darkfleet(["ledger", "--db", db, "--json"]);
    expect(r.status).toBe(0);
    const l = JSON.parse(r.stdout) as Ledger;
    expect(l.deliveries.map((d) => d.vessel.mmsi)).toEqual([delivered.mmsi]);
    expect(l.scenarios.low.barrels).toBeLessThanOrEqual(delivered.bbl);
    expect(l.scenarios.high.barrels).toBeGreaterThanOrEqual(delivered.bbl);
    expect(l.cap).toBe(500_000);
    expect(l.deliveries[0].route).toBe("sts-port");
    expect(l.deliveries[0].cargo.method).toBe("draught");
  });

  it("takes --cap 0, --fraction, --product and --year", () => {
    const l = JSON.parse(
      darkfleet(["ledger", "--db", db, "--json", "--cap", "0", "--fraction", "0.7", "--product", "diesel"])
        .stdout,
    ) as Ledger;
    expect(l.cap).toBe(0);
    expect(l.scenarios.mid.overCap).toBe(true);
    expect(l.scenarios.custom.fraction).toBe(0.7);
    expect(l.barrelsPerTonne).toBe(7.23);
    const other = JSON.parse(darkfleet(["ledger", "--db", db, "--json", "--year", "2018"]).stdout) as Ledger;
    expect(other.deliveries).toEqual([]);
    expect(other.months).toHaveLength(12);
    expect(other.scenarios.high).toMatchObject({ barrels: 0, deliveries: 0 });
  });

  it("prints a month table and one CSV row per delivery with its evidence ids", () => {
    const text = darkfleet(["ledger", "--db", db]).stdout;
    expect(text).toMatch(/^cap 500,000 bbl\/year/);
    expect(text).toMatch(/\n2019-03\t/);
    const csv = darkfleet(["ledger", "--db", db, "--csv"]).stdout.trim().split("\n");
    expect(csv[0]).toBe(
      "id,time,mmsi,imo,name,port,route,method,change_m,deadweight_t,low_bbl,mid_bbl,high_bbl,events",
    );
    expect(csv).toHaveLength(2);
    expect(csv[1].split(",")[2]).toBe(String(delivered.mmsi));
    expect(csv[1].split(",").at(-1)).toMatch(/^[0-9a-f]{16}( [0-9a-f]{16})+$/);
  });

  it("refuses bad numbers and unknown products in one line, exit 1", () => {
    for (const args of [
      ["--cap", "-5"],
      ["--year", "19x9"],
      ["--fraction", "1.5"],
      ["--product", "crude"],
    ]) {
      const r = darkfleet(["ledger", "--db", db, ...args]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^darkfleet: (bad|unknown) --/);
    }
  });
});
