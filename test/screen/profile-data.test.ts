/**
 * The DPRK profile's data as shipped: the watchlist snapshot holds every vessel of its
 * sources with a valid IMO and a source per row, the flag table every registry the
 * shared research names, and the caps and bans UNSCR 2371, 2375 and 2397 set.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { imoValid } from "../../src/model/imo.js";
import { loadFlagRisk } from "../../src/screen/flags.js";
import { profileWatchlist } from "../../src/screen/lists.js";

const PROFILE = join(import.meta.dirname, "../../profiles/dprk");
const SHARED = join(import.meta.dirname, "../../../shared/dprk");
const shared = (f: string) => {
  try {
    return parse(readFileSync(join(SHARED, f), "utf8"), { columns: true }) as Record<string, string>[];
  } catch {
    return null; // shared/ is beside the repository on developer machines and CI; skip the cross-check without it
  }
};
const watchlist = profileWatchlist("dprk");

describe("DPRK watchlist snapshot", () => {
  it("every row has a list, a unique id, a source and a name or IMO; every IMO passes its check digit", () => {
    expect(watchlist.length).toBe(173);
    expect(new Set(watchlist.map((e) => `${e.list} ${e.id}`)).size).toBe(173);
    for (const e of watchlist) {
      expect(["UN 1718", "OFAC SDN"]).toContain(e.list);
      expect(e.source).not.toBe("");
      expect(e.name !== "" || e.imo !== null).toBe(true);
      if (e.imo !== null) expect(imoValid(e.imo), `${e.id} IMO ${e.imo}`).toBe(true);
    }
  });

  it("holds every IMO of its sources", () => {
    const un = shared("un1718_vessels.csv");
    const ofac = shared("ofac_dprk_vessels.csv");
    if (un === null || ofac === null) return;
    const imos = (list: string) => new Set(watchlist.filter((e) => e.list === list).map((e) => e.imo));
    for (const r of un.filter((r) => r.imo)) expect(imos("UN 1718").has(Number(r.imo)), r.imo).toBe(true);
    for (const r of ofac.filter((r) => r.imo)) expect(imos("OFAC SDN").has(Number(r.imo)), r.imo).toBe(true);
  });
});

describe("DPRK flag risk", () => {
  it("weights every registry the research names, and Fiji as a false flag", () => {
    const flags = loadFlagRisk("dprk");
    const named = shared("flags.csv");
    if (named !== null) for (const r of named) expect(flags.has(r.iso2), r.flag).toBe(true);
    expect(flags.get("FJ")?.kind).toBe("false_flag");
    expect(flags.get("KP")?.weight).toBe(30);
    for (const f of flags.values()) expect(f.reason).not.toBe("");
  });
});

describe("DPRK caps and bans", () => {
  it("UNSCR 2397 caps and the export bans", () => {
    const c = JSON.parse(readFileSync(join(PROFILE, "caps.json"), "utf8")) as {
      caps: { item: string; limit: number }[];
      bans: { item: string; source: string }[];
    };
    expect(Object.fromEntries(c.caps.map((x) => [x.item, x.limit]))).toEqual({
      "refined petroleum products": 500_000,
      "crude oil": 4_000_000,
    });
    const bans = c.bans.map((b) => b.item);
    for (const item of ["coal", "iron", "iron ore", "lead", "textiles", "seafood"])
      expect(bans).toContain(item);
    for (const b of c.bans) expect(b.source).toMatch(/^UNSCR \d{4}/);
  });
});
