/**
 * Screening one vessel against the DPRK snapshot with a real store behind it: hits
 * through identities the store saw, identity checks, shared IMOs and activity.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFlagRisk } from "../../src/screen/flags.js";
import { profileWatchlist } from "../../src/screen/lists.js";
import { Matcher } from "../../src/screen/matcher.js";
import { screen, screenOffline } from "../../src/screen/screen.js";
import type { Store } from "../../src/store/store.js";
import { A, B, C, D, E, fixtureStore } from "./fixture-store.js";

const matcher = new Matcher(profileWatchlist("dprk"));
const flags = loadFlagRisk("dprk");
let store: Store;
let dir: string;

beforeAll(async () => {
  ({ store, dir } = await fixtureStore());
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("screen", () => {
  it("an IMO on both lists is listed, on its IMO, with check digit passed", () => {
    const r = screenOffline({ imo: 8705539 }, matcher, flags);
    expect(r.verdict).toBe("listed");
    expect(r.hits.map((h) => [h.list, h.id, h.on])).toEqual([
      ["OFAC SDN", "SDN-23163", "imo"],
      ["UN 1718", "UN1718-8705539", "imo"],
    ]);
    expect(r.checks).toEqual([
      { check: "imo_check_digit", ok: true, detail: "IMO 8705539 passes its check digit" },
    ]);
  });

  it("an MMSI the lists do not name is listed through the IMO the store saw it broadcast", async () => {
    const r = await screen({ mmsi: A }, matcher, flags, store);
    expect(r.verdict).toBe("listed");
    expect(r.hits[0]).toMatchObject({ list: "OFAC SDN", on: "imo", via: `MMSI ${A} broadcast IMO 8705539` });
    expect(r.history.map((h) => h.name)).toEqual(["SEA STAR", "SEA STAR 2"]);
    expect(r.sharedImos).toEqual([{ imo: 8705539, mmsis: [A, B] }]);
    expect(r.checks.map((c) => c.check)).toEqual(["mid", "flag_risk", "imo_check_digit"]);
  });

  it("activity: DPRK port call, loitering, encounters marking a listed partner that went dark", async () => {
    const a = (await screen({ mmsi: A }, matcher, flags, store)).activity;
    expect(a?.events).toEqual({ encounter: 2, port_call: 1, loitering: 1 });
    expect(a?.sanctionedPortCalls.map((p) => [p.event, p.port, p.country])).toEqual([
      ["e-port", "Nampo", "KP"],
    ]);
    expect(a?.loitering).toEqual(["e-loit"]);
    expect(a?.encounters.map((e) => [e.event, e.partner, e.partnerListed, e.partnerDark])).toEqual([
      ["e-enc", D, ["OFAC SDN SDN-23525", "UN 1718 UN1718-9114555"], ["e-gap-d"]],
      ["e-enc2", E, [], []],
    ]);
    expect((await screen({ mmsi: D }, matcher, flags, store)).activity?.darkHours).toBe(12.5);
  });

  it("by IMO: every MMSI that broadcast it, its MID checked", async () => {
    const r = await screen({ imo: 8705539 }, matcher, flags, store);
    expect(r.history.map((h) => h.mmsi)).toEqual([A, A, B]);
    expect(r.checks.filter((c) => c.check === "mid").map((c) => c.detail)).toEqual([
      `MMSI ${A}: MID 445 is KP`,
      `MMSI ${B}: MID 667 is SL`,
    ]);
    // Listed as DPRK-flagged; one of the MMSIs broadcasting the IMO names Sierra Leone.
    expect(r.checks.filter((c) => c.check === "reflagged")).toEqual([
      { check: "reflagged", ok: false, detail: `MMSI ${B} names SL; OFAC SDN SDN-23163 gives KP` },
    ]);
  });

  it("a name broadcast under a bad IMO is a possible match, the IMO flagged", async () => {
    const r = await screen({ mmsi: C }, matcher, flags, store);
    expect(r.verdict).toBe("possible");
    expect(r.hits[0]).toMatchObject({
      name: "KUM UN SAN 3",
      on: "name",
      score: 1,
      via: `MMSI ${C} broadcast the name KUMUNSAN NO.3`,
    });
    expect(r.checks).toContainEqual({
      check: "imo_check_digit",
      ok: false,
      detail: "IMO 1234568 fails its check digit",
    });
  });

  it("a name alone: the store's vessels whose latest name matches, and their identities", async () => {
    const r = await screen({ name: "Sea Star No.2" }, matcher, flags, store);
    expect(r.history.map((h) => [h.mmsi, h.name])).toEqual([
      [A, "SEA STAR"],
      [A, "SEA STAR 2"],
    ]);
    expect(r.verdict).toBe("listed");
    expect(r.hits[0]).toMatchObject({ list: "OFAC SDN", on: "imo", via: `MMSI ${A} broadcast IMO 8705539` });
    expect(r.activity?.events).toEqual({ encounter: 2, port_call: 1, loitering: 1 });
  });

  it("a vessel on no list, flag checked against the MID", async () => {
    const r = await screen({ mmsi: E, flag: "PA" }, matcher, flags, store);
    expect(r.verdict).toBe("none");
    expect(r.hits).toEqual([]);
    expect(r.checks).toContainEqual({
      check: "flag_mismatch",
      ok: false,
      detail: `MMSI ${E} names HK, the vessel is given as PA`,
    });
  });

  it("an MMSI whose MID names no administration is flagged", () => {
    const r = screenOffline({ mmsi: 299000001 }, matcher, flags);
    expect(r.checks).toEqual([
      { check: "mid", ok: false, detail: "MMSI 299000001: MID 299 is allocated to no administration" },
    ]);
  });
});
