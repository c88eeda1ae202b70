import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { navStatusCode, shipTypeCode, stationKind } from "../../src/sources/ais-text-codes.js";
import { CsvFields } from "../../src/sources/csv-fields.js";
import { splitCsvLine } from "../../src/sources/csv-split.js";
import { dmyTimeParser, isoTimeParser } from "../../src/sources/csv-time.js";

/** What a CSV writer does with a field. */
const quote = (f: string) => (/[",]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
const fieldArb = fc
  .array(fc.constantFrom("a", "Z", "1", ",", '"', " ", "Æ", "😀", "."), { maxLength: 8 })
  .map((a) => a.join(""));

describe("splitCsvLine", () => {
  it("gives back the fields a CSV writer quoted", () => {
    fc.assert(
      fc.property(fc.array(fieldArb, { minLength: 1, maxLength: 10 }), (fields) => {
        expect(splitCsvLine(fields.map(quote).join(","))).toEqual(fields);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses broken quoting", () => {
    expect(splitCsvLine('a,"b')).toBeNull();
    expect(splitCsvLine('a,"b"c,d')).toBeNull();
    expect(splitCsvLine('a,b"c')).toBeNull();
    expect(splitCsvLine('"",x,')).toEqual(["", "x", ""]);
  });
});

describe("CsvFields", () => {
  it("indexes the same fields as splitCsvLine, quoted or not", () => {
    const view = new CsvFields();
    fc.assert(
      fc.property(fc.array(fieldArb, { minLength: 1, maxLength: 10 }), (fields) => {
        expect(view.load(fields.map(quote).join(","))).toBe(true);
        expect(view.count).toBe(fields.length);
        fields.forEach((f, i) => {
          expect(view.str(i)).toBe(f.trim());
          expect(view.empty(i)).toBe(f === "");
          expect(view.is(i, f)).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("reads numbers exactly as Number() does (null for empty, NaN for words)", () => {
    const view = new CsvFields();
    const numberText = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc
        .tuple(fc.integer({ min: -999, max: 999 }), fc.nat({ max: 99999999 }), fc.nat({ max: 8 }))
        .map(([i, f, pad]) => `${i}.${"0".repeat(pad)}${f}`),
      fc.constantFrom(
        "511",
        "511.0",
        "-0.0",
        "+3",
        ".5",
        "5.",
        "1e3",
        " 7",
        "Unknown",
        "-",
        ".",
        "1.2.3",
        "0x10",
      ),
    );
    fc.assert(
      fc.property(numberText, (text) => {
        view.load(`x,${text},y`);
        const want = text.trim() === "" ? null : Number(text.trim());
        expect(Object.is(view.num(1), want)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    view.load("a,,b");
    expect(view.num(1)).toBeNull();
  });
});

describe("CSV time stamps", () => {
  it("read ISO and day-first stamps as Date.parse reads them in UTC", () => {
    const iso = isoTimeParser();
    const dmy = dmyTimeParser();
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        const s = new Date(t).toISOString(); // 2023-01-01T00:00:03.123Z
        expect(iso(s)).toBe(t);
        expect(iso(s.slice(0, 19))).toBe(t - (t % 1000));
        expect(iso(s.slice(0, 19).replace("T", " "))).toBe(t - (t % 1000));
        const [y, mo, d] = s.slice(0, 10).split("-");
        expect(dmy(`${d}/${mo}/${y} ${s.slice(11, 19)}`)).toBe(t - (t % 1000));
      }),
      { numRuns: 1000 },
    );
  });

  it("refuse impossible or garbled stamps", () => {
    const iso = isoTimeParser();
    const dmy = dmyTimeParser();
    for (const bad of [
      "2023-02-29T00:00:00",
      "2023-01-01T24:00:00",
      "2023-01-01",
      "2023-01-01T00:00:0x",
      "x",
    ]) {
      expect(iso(bad)).toBeNull();
    }
    for (const bad of ["29/02/2023 00:00:00", "01/13/2023 00:00:00", "2023-01-01 00:00:00"])
      expect(dmy(bad)).toBeNull();
    expect(dmy("29/02/2024 23:59:59")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });
});

describe("AIS codes from words", () => {
  it("maps the DMA navigational status words", () => {
    const cases: [string, number | null][] = [
      ["Under way using engine", 0],
      ["At anchor", 1],
      ["Not under command", 2],
      ["Restricted manoeuverability", 3],
      ["Constrained by her draught", 4],
      ["Moored", 5],
      ["Aground", 6],
      ["Engaged in fishing", 7],
      ["Under way sailing", 8],
      ["Reserved for future amendment [HSC]", 9],
      ["Reserved for future amendment [WIG]", 10],
      ["Power-driven vessel towing astern", 11],
      ["Power-driven vessel pushing ahead or towing alongside", 12],
      ["Reserved for future use", 13],
      ["AIS-SART is active", 14],
      ["Unknown value", 15],
      ["7", 7],
      ["", null],
      ["Flying", null],
    ];
    for (const [text, code] of cases) expect([text, navStatusCode(text)]).toEqual([text, code]);
  });

  it("maps ship type words with the hazard category, and station kinds", () => {
    expect(shipTypeCode("Tanker", "Category X")).toBe(81);
    expect(shipTypeCode("Cargo", "Category OS")).toBe(74);
    expect(shipTypeCode("Cargo", "No additional information")).toBe(70);
    expect(shipTypeCode("Towing long/wide")).toBe(32);
    expect(shipTypeCode("Law enforcement")).toBe(55);
    expect(shipTypeCode("Undefined")).toBeNull();
    expect(stationKind("Class B")).toMatchObject({ cls: "B", positionType: 18, staticType: 24 });
    expect(stationKind("AtoN")).toMatchObject({ cls: "A", positionType: 21 });
    expect(stationKind("")).toMatchObject({ cls: "A", positionType: 1, staticType: 5 });
  });
});
