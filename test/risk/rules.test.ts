/**
 * The risk rules that keep look-alikes down, on hand-made events under the DPRK profile's
 * rules (profiles/dprk/risk.json), expected points worked out by hand: encounters judged by
 * distance and draught, context that counts only beside a finding, service craft at work,
 * names from the identity history; and risk.json's checks.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { loadRiskConfig } from "../../src/risk/config.js";
import { type RiskRow, type RiskVessel, scoreVessels } from "../../src/risk/score.js";
import { loadFlagRisk } from "../../src/screen/flags.js";
import { profileWatchlist } from "../../src/screen/lists.js";
import { Matcher } from "../../src/screen/matcher.js";

const config = loadRiskConfig("dprk");
const matcher = new Matcher(profileWatchlist("dprk"));
const flags = loadFlagRisk("dprk");
const dir = mkdtempSync(join(tmpdir(), "darkfleet-risk-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOGO = 671000001; // open registry (context)
const CHINA = 413000002;
const TUG = 413000003;
const OTHER = 413000004;

let n = 0;
function event(kind: Event["kind"], mmsis: number[], attributes: Event["attributes"]): Event {
  n++;
  return {
    id: `ev-${n}`,
    kind,
    status: "final",
    start: n * 3_600_000,
    end: (n + 5) * 3_600_000,
    vessels: mmsis.map((mmsi) => ({ mmsi })),
    lat: 36,
    lon: 123.5,
    attributes,
    evidence: [],
    detector: `${kind}@1`,
    configHash: "test",
  };
}

const vessel = (mmsi: number, extra: Partial<RiskVessel> = {}): RiskVessel => ({
  mmsi,
  name: null,
  imo: null,
  ...extra,
});
const score = (vessels: RiskVessel[], events: Event[]) =>
  scoreVessels(vessels, events, matcher, flags, config);
const of = (rows: RiskRow[], mmsi: number) => rows.find((r) => r.mmsi === mmsi) as RiskRow;
const rule = (r: RiskRow, id: string) => r.reasons.find((x) => x.rule === id);

describe("risk rules", () => {
  it("an open-registry flag alone earns nothing, shown with why; beside a finding it counts", () => {
    const alone = of(score([vessel(TOGO)], []), TOGO);
    expect(alone.score).toBe(0);
    expect(rule(alone, "flag")).toMatchObject({ points: 0, uncounted: config.context.why });
    const loiter = event("loitering", [TOGO], { durationH: 8 });
    const found = of(score([vessel(TOGO)], [loiter]), TOGO);
    // loitering 4 + Togo's 15 (flags.csv)
    expect(found.score).toBe(19);
    expect(rule(found, "flag")?.points).toBe(15);
  });

  it("judges encounters by distance and draught: alongside 12, cargo moved 15 more, 150-500 m apart only context", () => {
    const near = event("encounter", [CHINA, OTHER], { medianDistanceM: 400, shipTypes: [70, 70] });
    const rows = score([vessel(CHINA), vessel(OTHER)], [near]);
    expect(of(rows, CHINA).score).toBe(0);
    expect(rule(of(rows, CHINA), "encounter_near")).toMatchObject({ points: 0, events: [near.id] });
    const sts = event("encounter", [CHINA, OTHER], {
      medianDistanceM: 60,
      shipTypes: [80, 80],
      draughtBefore: [7.5, 3.8],
      draughtAfter: [7.4, 5.0],
    });
    const both = of(score([vessel(CHINA), vessel(OTHER)], [near, sts]), CHINA);
    // own: alongside 12 + cargo (draught change 1.2 m) 15 + near 3 as context; network: 0.3 x the partner's 30
    expect(both.reasons.map((r) => [r.rule, r.points])).toEqual([
      ["encounter_cargo", 15],
      ["encounter_alongside", 12],
      ["network", 9],
      ["encounter_near", 3],
    ]);
    expect(both.score).toBe(39);
  });

  it("a tug alongside is its work: not counted for the tug nor the ship, and no risk passes through it", () => {
    const listed = profileWatchlist("dprk").find((e) => e.imo !== null && e.mmsis.length === 0);
    const ship = vessel(OTHER, { imo: listed?.imo ?? null, shipType: 80 });
    const tow = event("encounter", [TUG, OTHER], { medianDistanceM: 40, shipTypes: [52, 80] });
    const rows = score([vessel(TUG, { shipType: 52 }), ship], [tow]);
    expect(of(rows, OTHER).score).toBe(100);
    const tug = of(rows, TUG);
    expect(tug.score).toBe(0);
    expect(rule(tug, "network")).toBeUndefined();
    expect(rule(tug, "encounter_alongside")).toMatchObject({ points: 0, events: [tow.id] });
    expect(rule(tug, "encounter_alongside")?.uncounted).toMatch(/^service craft \(type 52\)/);
    // The same meeting with a tanker that does not say it is a tug passes risk on.
    const sts = event("encounter", [CHINA, OTHER], { medianDistanceM: 40, shipTypes: [80, 80] });
    const partner = of(score([vessel(CHINA, { shipType: 80 }), ship], [sts]), CHINA);
    expect(rule(partner, "network")).toMatchObject({ points: 30, link: { partner: OTHER, event: sts.id } });
  });

  it("screens every name and IMO of the identity history, not only the latest", () => {
    const listed = profileWatchlist("dprk").find((e) => e.imo !== null && e.mmsis.length === 0);
    const renamed = vessel(CHINA, { name: "NEW NAME 1", imo: 9999993, imos: [9999993, listed?.imo ?? 0] });
    const row = of(score([renamed], []), CHINA);
    expect(row.score).toBe(100);
    expect(rule(row, "listed")?.lists).toContain(`${listed?.list} ${listed?.id}`);
    const oldName = vessel(OTHER, { name: "NEW NAME 1", names: ["NEW NAME 1", listed?.name ?? ""] });
    expect(rule(of(score([oldName], []), OTHER), "name_match")?.matched?.name).toBe(listed?.name);
  });

  it("refuses a network link through an unknown rule and a condition with two tests, naming the file", () => {
    const write = (c: object) => {
      const p = mkdtempSync(join(dir, "profile-"));
      writeFileSync(join(p, "risk.json"), JSON.stringify(c));
      return p;
    };
    const p1 = write({ ...config, network: { ...config.network, via: ["encounter"] } });
    expect(() => loadRiskConfig(p1)).toThrow(
      `${join(p1, "risk.json")}: network.via: unknown event rule 'encounter'`,
    );
    const bad = {
      id: "x",
      kind: "encounter",
      where: [{ attribute: "medianDistanceM", below: 150, atLeast: 10 }],
      weight: 1,
      max: 1,
      why: "",
    };
    const p2 = write({ ...config, events: [bad] });
    expect(() => loadRiskConfig(p2)).toThrow(
      `${join(p2, "risk.json")}: event rule x: a condition needs an attribute and one of equals, below, atLeast`,
    );
  });
});
