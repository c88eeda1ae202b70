/**
 * Risk scores on the screening fixture store (test/screen/fixture-store.ts) under the
 * DPRK profile's rules, expected values worked out by hand from profiles/dprk/risk.json
 * and flags.csv; then `darkfleet risk` as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRiskConfig } from "../../src/risk/config.js";
import { type RiskRow, scoreVessels } from "../../src/risk/score.js";
import { loadFlagRisk } from "../../src/screen/flags.js";
import { profileWatchlist } from "../../src/screen/lists.js";
import { Matcher } from "../../src/screen/matcher.js";
import { listEvents } from "../../src/store/events.js";
import { vesselsSeen } from "../../src/store/queries.js";
import { A, B, C, D, E, fixtureStore } from "../screen/fixture-store.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
let rows: RiskRow[];
let dir: string;
let path: string;

beforeAll(async () => {
  const f = await fixtureStore();
  ({ dir, path } = f);
  rows = scoreVessels(
    await vesselsSeen(f.store),
    await listEvents(f.store),
    new Matcher(profileWatchlist("dprk")),
    loadFlagRisk("dprk"),
    loadRiskConfig("dprk"),
  );
  f.store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (mmsi: number) => rows.find((r) => r.mmsi === mmsi) as RiskRow;

describe("risk", () => {
  it("ranks by score then MMSI", () => {
    expect(rows.map((r) => [r.mmsi, r.score])).toEqual([
      [D, 100],
      [A, 100],
      [B, 100],
      [E, 47],
      [C, 40],
    ]);
  });

  it("a listed vessel: every reason with its points and evidence", () => {
    expect(row(A).reasons.map((r) => [r.rule, r.points, r.events ?? r.lists ?? r.link?.partner])).toEqual([
      ["listed", 100, ["OFAC SDN SDN-23163", "UN 1718 UN1718-8705539"]],
      ["dprk_port_call", 40, ["e-port"]],
      ["flag", 30, undefined],
      ["network", 30, D],
      ["encounter_alongside", 24, ["e-enc", "e-enc2"]],
      ["encounter_cargo", 15, ["e-enc"]],
      ["loitering", 4, ["e-loit"]],
    ]);
  });

  it("network: one hop from the riskiest partner, the link shown", () => {
    // one encounter alongside 12, and the Hong Kong flag's 5 as context beside it
    expect(row(E).own).toBe(17);
    expect(row(E).reasons[0]).toEqual({
      rule: "network",
      points: 30,
      why: "met a listed or high-risk vessel: inherits part of its risk (one hop)",
      link: { partner: A, partnerName: "SEA STAR 2", event: "e-enc2", partnerScore: 100 },
    });
  });

  it("a name match scores weight x match score", () => {
    expect(row(C).reasons).toEqual([
      {
        rule: "name_match",
        points: 40,
        why: "a name it broadcast matches a listed vessel's name, alias or former name (points = weight x match score)",
        lists: ["OFAC SDN SDN-23163", "UN 1718 UN1718-8705539"],
        matched: { name: "KUMUNSAN NO.3", listed: "KUM UN SAN 3", score: 1 },
      },
    ]);
  });

  it("the CLI prints the same ranking, JSON and text", () => {
    const json = spawnSync(process.execPath, [CLI, "risk", "--db", path, "--json", "--top", "4"], {
      encoding: "utf8",
    });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).map((r: RiskRow) => [r.mmsi, r.score])).toEqual(
      rows.slice(0, 4).map((r) => [r.mmsi, r.score]),
    );
    const text = spawnSync(process.execPath, [CLI, "risk", "--db", path, "--top", "2"], { encoding: "utf8" });
    expect(text.stdout.split("\n")[1]).toBe(
      `1\t100\t${D}\t9114555\tWIDE SEA\tlisted +100 (OFAC SDN SDN-23525, UN 1718 UN1718-9114555); network +30 (via ${A} SEA STAR 2 (100) in e-enc); encounter_cargo +15 (1 event)`,
    );
  });

  it("--from and --bbox: only vessels with events inside, only those events counted", () => {
    const risk = (...args: string[]) =>
      JSON.parse(
        spawnSync(process.execPath, [CLI, "risk", "--db", path, "--json", ...args], { encoding: "utf8" })
          .stdout,
      );
    const late = risk("--from", "2019-03-04T12:00Z");
    expect(late.map((r: RiskRow) => [r.mmsi, r.score])).toEqual([
      [A, 100],
      [E, 47],
    ]);
    expect(late[0].reasons.find((r: { rule: string }) => r.rule === "encounter_alongside").events).toEqual([
      "e-enc2",
    ]);
    expect(risk("--bbox", "0,0,1,1")).toEqual([]);
    expect(risk("--bbox", "125,38,126,39")).toHaveLength(5 - 2); // B and C have no events
  });

  it("a bad rule in risk.json is an error naming the file and the rule", () => {
    const p = mkdtempSync(join(dir, "profile-"));
    writeFileSync(
      join(p, "risk.json"),
      JSON.stringify({
        ...loadRiskConfig("dprk"),
        events: [{ id: "x", kind: "nonsense", weight: 1, max: 1, why: "" }],
      }),
    );
    expect(() => loadRiskConfig(p)).toThrow(`${join(p, "risk.json")}: event rule x: unknown kind 'nonsense'`);
  });
});
