/**
 * The simulator's watchlist evaders and vessel roles (issue 16): ships wearing listed
 * identities in the three disguises, checked in the feed they broadcast (decoded) and by
 * the screening matcher; the truth's evaders and innocents; the same per seed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import { imoValid } from "../../src/model/imo.js";
import { flagOfMmsi } from "../../src/model/mid.js";
import { DATA_ARTEFACTS, type Truth } from "../../src/model/truth.js";
import { profileWatchlist } from "../../src/screen/lists.js";
import { Matcher } from "../../src/screen/matcher.js";
import { runSim } from "../../src/sim/run.js";
import { loadScenario, type ScenarioConfig, SMOKE } from "../../src/sim/scenario.js";

const dir = mkdtempSync(join(tmpdir(), "darkfleet-sim-listed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG: ScenarioConfig = { ...SMOKE, name: "listed", listed: 6 };
const watchlist = profileWatchlist("dprk");
const entry = (id: string) => watchlist.find((e) => e.id === id);

let truth: Truth;
/** What each MMSI broadcast in its static reports: IMOs and names. */
const said = new Map<number, { imos: Set<number>; names: Set<string> }>();

beforeAll(() => {
  const r = runSim(CONFIG, 5, join(dir, "a"));
  truth = JSON.parse(readFileSync(r.truthFile, "utf8")) as Truth;
  const dec = new NmeaDecoder({
    onMessage: (m) => {
      if (m.type !== 5) return;
      const s = said.get(m.mmsi) ?? { imos: new Set(), names: new Set() };
      if (m.imo) s.imos.add(m.imo);
      if (m.shipname) s.names.add(m.shipname);
      said.set(m.mmsi, s);
    },
  });
  dec.push(readFileSync(r.nmeaFile));
  dec.end();
});

describe("watchlist evaders", () => {
  it("wears six different listed entries, each disguise twice, as the feed shows", () => {
    const listed = (truth.evaders ?? []).filter((e) => e.listed);
    expect(listed.map((e) => e.listed?.mode).sort()).toEqual([
      "listed_imo_new_name",
      "listed_imo_new_name",
      "listed_name_wrong_imo",
      "listed_name_wrong_imo",
      "reflagged",
      "reflagged",
    ]);
    expect(new Set(listed.map((e) => e.listed?.id)).size).toBe(6);
    for (const e of listed) {
      const l = e.listed as NonNullable<typeof e.listed>;
      const w = entry(l.id);
      expect(w, l.id).toBeDefined();
      expect([l.name, l.imo]).toEqual([w?.name, w?.imo]);
      const v = e.vessels[0];
      const heard = said.get(v.mmsi);
      expect(heard, `${l.id} heard`).toBeDefined();
      expect([...(heard?.imos ?? [])]).toEqual([v.imo]);
      expect([...(heard?.names ?? [])]).toEqual([v.name]);
      expect(flagOfMmsi(v.mmsi)).not.toBe(w?.flag);
      if (l.mode === "listed_imo_new_name") {
        expect(v.imo).toBe(l.imo);
        expect(v.name).not.toBe(l.name);
      } else if (l.mode === "listed_name_wrong_imo") {
        expect(v.name).toBe(l.name);
        expect(v.imo).not.toBe(l.imo);
        expect(imoValid(v.imo as number)).toBe(true);
      } else expect([v.imo, v.name]).toEqual([l.imo, l.name]);
    }
  });

  it("is found by screening: the listed IMO, or the listed name", () => {
    const matcher = new Matcher(watchlist);
    for (const e of (truth.evaders ?? []).filter((x) => x.listed)) {
      const v = e.vessels[0];
      const hits =
        e.listed?.mode === "listed_name_wrong_imo"
          ? matcher.byName(v.name as string)
          : matcher.byImoNumber(v.imo as number);
      expect(
        hits.map((h) => h.entry.id),
        e.listed?.id,
      ).toContain(e.listed?.id);
    }
  });

  it("draws per seed: the same seed the same entries, another seed others", () => {
    const again = JSON.parse(readFileSync(runSim(CONFIG, 5, join(dir, "b")).truthFile, "utf8")) as Truth;
    expect(again.evaders).toEqual(truth.evaders);
    expect(again.innocents).toEqual(truth.innocents);
    const other = JSON.parse(readFileSync(runSim(CONFIG, 6, join(dir, "c")).truthFile, "utf8")) as Truth;
    const ids = (t: Truth) => (t.evaders ?? []).flatMap((e) => (e.listed ? [e.listed.id] : []));
    expect(ids(other)).not.toEqual(ids(truth));
  });

  it("is part of dprk-2019 (nine), not of the smoke run", () => {
    expect(loadScenario("dprk-2019").listed).toBe(9);
    expect(SMOKE.listed).toBe(0);
  });
});

describe("vessel roles in truth", () => {
  it("marks every vessel of an evasion behaviour an evader, with its part", () => {
    const evaders = truth.evaders ?? [];
    const mmsis = new Set(evaders.flatMap((e) => e.vessels.map((v) => v.mmsi)));
    for (const e of evaders) expect(e.why).not.toBe("");
    // Every vessel of a transfer, a dark call, a lone loiterer or a false IMO is an evader.
    for (const ev of truth.events)
      if (
        ["encounter", "loitering", "gap", "spoofing"].includes(ev.kind) ||
        ev.detail?.includes("check digit")
      )
        for (const v of ev.vessels) expect(mmsis.has(v.mmsi), `${ev.id} ${v.mmsi}`).toBe(true);
    // A rename alone is no evasion: a renamed ship that does nothing else is no evader.
    const renamed = truth.events.filter((e) => e.detail?.startsWith("rename")).map((e) => e.vessels[0].mmsi);
    expect(renamed.length).toBeGreaterThan(0);
    for (const m of renamed) {
      const other = truth.events.some(
        (e) =>
          !e.detail?.startsWith("rename") &&
          ["spoofing", "identity", "encounter", "loitering", "gap"].includes(e.kind) &&
          e.vessels.some((v) => v.mmsi === m),
      );
      if (!other) expect(mmsis.has(m), String(m)).toBe(false);
    }
  });

  it("lists as innocents the other vessels of confounders, data artefacts aside, with the confounders they are in", () => {
    const evading = new Set((truth.evaders ?? []).flatMap((e) => e.vessels.map((v) => v.mmsi)));
    const innocents = truth.innocents ?? [];
    expect(innocents.length).toBeGreaterThan(5);
    for (const v of innocents) {
      expect(evading.has(v.mmsi)).toBe(false);
      expect(v.confounders.length).toBeGreaterThan(0);
      for (const name of v.confounders) {
        expect(DATA_ARTEFACTS).not.toContain(name);
        expect(
          truth.confounders.some((c) => c.name === name && c.vessels.some((x) => x.mmsi === v.mmsi)),
          `${v.mmsi} ${name}`,
        ).toBe(true);
      }
    }
    const kinds = new Set(innocents.flatMap((v) => v.confounders));
    for (const k of ["fishing_fleet", "tug_assist"]) expect(kinds.has(k as never), k).toBe(true);
  });
});
