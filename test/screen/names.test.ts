import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainCsv } from "../../src/screen/import-plain-csv.js";
import { Matcher } from "../../src/screen/matcher.js";
import { MATCH_THRESHOLD, NameIndex, nameScore } from "../../src/screen/name-index.js";
import { normaliseName } from "../../src/screen/normalise.js";
import { UNRELATED, VARIANTS } from "./name-cases.js";

const watchlist = readPlainCsv(
  readFileSync(join(import.meta.dirname, "../../profiles/dprk/watchlist.csv"), "utf8"),
  "watchlist.csv",
);
const matcher = new Matcher(watchlist.entries);

describe("name normalisation", () => {
  it.each([
    ["M/V Kum Un San No.3", "KUM UN SAN 3", "KUMUNSAN", "3"],
    ["M.T. SAM JONG TWO", "SAM JONG 2", "SAMJONK", "2"],
    ["mt grace ii", "GRACE 2", "KRACE", "2"],
    ["MV NO NAME", "NO NAME", "NONAME", ""],
    ["JH86", "JH 86", "JH", "86"],
    ["MIN NING DE YOU 078", "MIN NING DE YOU 78", "MININKTEYOU", "78"],
    ["Ch'ŏngjin twenty one", "CHONGJIN 21", "JONKJIN", "21"],
    ["VI KING", "VI KING", "VIKINK", ""],
  ])("%s -> %s", (raw, text, key, numbers) => {
    expect(normaliseName(raw)).toEqual({ text, key, numbers });
  });

  it("folds the romanisation variants the issue names to one key", () => {
    const same = (a: string, b: string) => expect(normaliseName(a).key).toBe(normaliseName(b).key);
    same("KUM", "GEUM");
    same("CHON", "CHEON");
    same("RYONG", "LYONG");
    same("RYONG", "YONG");
    same("PAEK", "BAEK");
    same("P'YONG", "PYEONG");
    same("KUM UN SAN", "KUMUNSAN");
  });

  it("is idempotent and never throws (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const n = normaliseName(s);
        expect(normaliseName(n.text)).toEqual(n);
      }),
    );
  });
});

describe("name score", () => {
  it("is symmetric, 1 on itself, within [0, 1] (property)", () => {
    const name = fc.stringMatching(/^[A-Z0-9 .'/-]{0,24}$/);
    fc.assert(
      fc.property(name, name, (a, b) => {
        const [na, nb] = [normaliseName(a), normaliseName(b)];
        const s = nameScore(na, nb);
        expect(s).toBe(nameScore(nb, na));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        if (na.text !== "") expect(nameScore(na, na)).toBe(1);
      }),
    );
  });

  it("keeps numbered sister ships apart", () => {
    expect(nameScore(normaliseName("SAM JONG 1"), normaliseName("SAM JONG 2"))).toBeLessThan(MATCH_THRESHOLD);
    expect(nameScore(normaliseName("KUM UN SAN"), normaliseName("KUM UN SAN 3"))).toBeLessThan(
      MATCH_THRESHOLD,
    );
  });

  it("counts a swap of two letters as one edit", () => {
    expect(nameScore(normaliseName("SHANG YUAN BOA"), normaliseName("SHANG YUAN BAO"))).toBe(0.909);
  });

  it("the pair index finds what a full scan finds (property)", () => {
    const names = fc.array(fc.stringMatching(/^[A-Z]{1,3}( [A-Z]{1,4}){0,2}( [0-9])?$/), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(names, fc.stringMatching(/^[A-Z]{1,4}( [A-Z]{1,4}){0,2}( [0-9])?$/), (list, q) => {
        const index = new NameIndex<number>();
        list.forEach((n, i) => {
          index.add(i, [{ raw: n, kind: "name" }]);
        });
        const expected = list
          .map((n, i) => ({ i, s: nameScore(normaliseName(q), normaliseName(n)) }))
          .filter((x) => x.s >= MATCH_THRESHOLD)
          .map((x) => x.i)
          .sort((a, b) => a - b);
        const got = index
          .search(q)
          .map((h) => h.item)
          .sort((a, b) => a - b);
        expect(got).toEqual(expected);
      }),
    );
  });
});

describe("screening names against the DPRK watchlist", () => {
  it(`finds the listed vessel for each of ${VARIANTS.length} written variants`, () => {
    const missed = VARIANTS.filter(([v, want]) => !matcher.byName(v).some((h) => h.entry.name === want));
    const rate = 1 - missed.length / VARIANTS.length;
    console.log(
      `variant hit rate ${(rate * 100).toFixed(1)}% (${VARIANTS.length - missed.length}/${VARIANTS.length})`,
    );
    expect(VARIANTS.length).toBeGreaterThanOrEqual(100);
    expect(missed).toEqual([]);
  });

  it(`finds nothing for ${UNRELATED.length} unrelated ship names`, () => {
    const hits = UNRELATED.filter((u) => matcher.byName(u).length > 0);
    console.log(
      `unrelated false-hit rate ${((hits.length / UNRELATED.length) * 100).toFixed(1)}% (${hits.length}/${UNRELATED.length})`,
    );
    expect(UNRELATED.length).toBeGreaterThanOrEqual(100);
    expect(hits).toEqual([]);
  });

  it("shows the score and the alias that matched", () => {
    const [hit] = matcher.byName("Orient Shenyu");
    expect(hit).toMatchObject({ on: "name", score: 1, matched: "ORIENT SHENYU", kind: "alias" });
    expect(hit.entry.name).toBe("GLORY HOPE 1");
  });
});
