/**
 * The ledger end to end on the simulator's dprk-2019 (seed 2, its first 15 days): sim,
 * ingest, detect --db, then `darkfleet ledger --json`, scored against the truth's deliveries.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scoreExports, scoreLedger, truthExports } from "../../src/eval/ledger.js";
import type { ExportVoyage } from "../../src/ledger/exports.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import type { Truth } from "../../src/model/truth.js";
import { ok as darkfleet } from "../support/smoke-store.js";

let ledger: Ledger;
let truth: Truth;
let voyages: ExportVoyage[];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-ledger-"));
  const db = join(dir, "store.duckdb");
  darkfleet(["sim", "--scenario", "dprk-2019", "--seed", "2", "--until", "2019-03-16", "--out", dir]);
  darkfleet(["ingest", join(dir, "ais.nmea"), "--db", db]);
  darkfleet(["detect", "--db", db]);
  ledger = JSON.parse(darkfleet(["ledger", "--db", db, "--json"])) as Ledger;
  voyages = JSON.parse(darkfleet(["exports", "--db", db, "--json"])) as ExportVoyage[];
  truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
}, 300_000);

describe("ledger on dprk-2019 seed 2 (15 days)", () => {
  it("finds every delivery and no other, each with its evidence", () => {
    const score = scoreLedger(ledger, truth.deliveries ?? []);
    console.log(
      `deliveries: truth ${score.truth}, matched ${score.matched}, missed ${score.missed.length}, false ${score.false.length}; ` +
        `truth ${score.truthBarrels} bbl; ${Object.entries(score.scenarios)
          .map(([n, s]) => `${n} ${s.barrels} (${(s.error * 100).toFixed(1)}%)`)
          .join(", ")}; in band ${score.inBand}/${score.matched}`,
    );
    expect(score.truth).toBeGreaterThanOrEqual(8);
    expect(score.missed).toEqual([]);
    expect(score.false).toEqual([]);
    for (const d of ledger.deliveries) {
      expect(d.events.length).toBeGreaterThan(0);
      expect(d.positions.length).toBeGreaterThan(0);
    }
  });

  it("brackets the barrels delivered between the low and high scenarios, mid within 5%", () => {
    const score = scoreLedger(ledger, truth.deliveries ?? []);
    expect(score.inBand).toBe(score.matched);
    expect(score.scenarios.low.barrels).toBeLessThanOrEqual(score.truthBarrels);
    expect(score.scenarios.high.barrels).toBeGreaterThanOrEqual(score.truthBarrels);
    expect(Math.abs(score.scenarios.mid.error)).toBeLessThan(0.05);
  });

  it("keeps the JSON contract: the cap, and per scenario the barrels and deliveries counted", () => {
    expect(ledger.cap).toBe(500_000);
    for (const n of ["low", "mid", "high"]) {
      expect(ledger.scenarios[n]).toMatchObject({
        barrels: expect.any(Number),
        deliveries: expect.any(Number),
      });
      expect(ledger.scenarios[n].deliveries).toBe(ledger.deliveries.length);
    }
    const sum = ledger.months.reduce((a, m) => a + m.scenarios.mid.barrels, 0);
    expect(sum).toBe(ledger.scenarios.mid.barrels);
  });

  it("finds every export loading (in port and on dark calls) and follows each to a foreign port", () => {
    const score = scoreExports(voyages, truth.events);
    console.log(
      `exports: truth ${truthExports(truth.events).length}, matched ${score.matched}, missed ${score.missed.length}, false ${score.false.length}`,
    );
    expect(truthExports(truth.events).length).toBeGreaterThanOrEqual(6);
    expect(score.missed).toEqual([]);
    expect(score.false).toEqual([]);
    for (const v of voyages) {
      expect(v.destination?.country).toMatch(/^(CN|RU)$/);
      expect(v.cargo).toBe("coal or iron ore (bulk)");
      expect(v.draughtRiseM).toBeGreaterThanOrEqual(3.9);
    }
  });
});
