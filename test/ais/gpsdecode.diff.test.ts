/**
 * Differential test against gpsd (Debian gpsd-clients, `gpsdecode`): the corpus of every
 * supported type, multi-part messages, Class B and edge values is decoded by
 * `darkfleet decode --json` and by `gpsdecode -j -s`; every field both emit must
 * hold the same value. Representations differ only as helpers/gpsd-normalise.ts documents.
 * Without gpsdecode the test fails in CI and is skipped elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMixFile } from "../../bench/mix.js";
import { corpusLines } from "../support/corpus.js";
import { cliDecodeJson } from "./helpers/darkfleet.js";
import { normaliseGpsd, parseGpsd } from "./helpers/gpsd-normalise.js";
import { Tally } from "./helpers/tally.js";
import { missingToolPolicy, runTool } from "./helpers/tools.js";

const tool = missingToolPolicy("gpsdecode", "gpsd-clients");

/** Runs gpsdecode and returns its AIS JSON lines. -s keeps type 24 halves apart, as darkfleet does. */
function gpsdecode(lines: readonly string[], unscaled: boolean): string[] {
  const args = unscaled ? ["-u", "-j", "-s"] : ["-j", "-s"];
  return runTool("gpsdecode", args, `${lines.join("\n")}\n`)
    .split("\n")
    .filter((l) => l.startsWith('{"class":"AIS"'));
}

/**
 * How gpsd writes each special case the normalisation handles: the corpus must make gpsd
 * print every one of them, or the corresponding rule would go untested.
 */
const SPECIAL_CASES: Record<string, RegExp> = {
  "turn not available": /"type":[123],.*"turn":"nan"/,
  "turn fast right": /"turn":"fastright"/,
  "turn fast left": /"turn":"fastleft"/,
  "speed not available": /"type":[123],.*"speed":"nan"/,
  "speed 102.2 or more": /"type":[123],.*"speed":"fast"/,
  "Class B speed not available": /"type":18,.*"speed":102\.3,/,
  "SAR speed not available": /"type":9,.*"speed":"nan"/,
  "SAR speed 1022 or more": /"type":9,.*"speed":"fast"/,
  "altitude not available": /"alt":"nan"/,
  "altitude 4094 or more": /"alt":"high"/,
  "lat/lon not available": /"lon":181\.000000,"lat":91\.000000/,
  "lat/lon out of range": /"lon":-?18\d\.\d+,"lat":-?(9[1-9]|1\d\d)\.\d+|"lon":-?(18[1-9]|19\d|[2-9]\d\d)\./,
  "course not available": /"type":[123],.*"course":360\.0,/,
  "course invalid": /"course":(36[1-9]|3[7-9]\d|4\d\d)\.\d/,
  "heading not available": /"heading":511,/,
  "heading invalid": /"heading":(36\d|3[7-9]\d|4\d\d|50\d|510),/,
  "type 27 not available": /"type":27,.*"lon":181\.0,"lat":91\.0,"speed":63,"course":511/,
  "type 27 status label": /"type":27,.*"status":"[A-Za-z]/,
  "ETA not available": /"eta":"00-00T24:60Z"/,
  "base station time": /"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/,
  "type 24 part A": /"part":"A"/,
  "type 24 part B": /"part":"B"/,
  "mother ship": /"mothership_mmsi":\d+/,
};

/** Compares darkfleet's JSON with gpsd's, message by message in decode order; also returns gpsd's lines. */
function compareWithGpsd(lines: readonly string[]): { tally: Tally; gpsdLines: string[] } {
  const dark = cliDecodeJson(lines);
  const gpsdLines = gpsdecode(lines, false);
  const scaled = gpsdLines.map(parseGpsd);
  const unscaled = gpsdecode(lines, true).map((l) => JSON.parse(l) as Record<string, unknown>);
  const tally = new Tally("gpsd");
  expect(scaled.length, "messages decoded by gpsd vs darkfleet").toBe(dark.length);
  expect(unscaled.length).toBe(scaled.length);
  dark.forEach((d, i) => {
    const g = scaled[i];
    // Same message on both sides, or every later comparison is noise.
    expect([g.values.type, g.values.mmsi], `message #${i}`).toEqual([d.type, d.mmsi]);
    tally.messages++;
    const seen = new Set<string>();
    for (const n of normaliseGpsd(g, unscaled[i])) {
      seen.add(n.field);
      if (n.field in d) tally.compare(i, d, n.field, n.value, n.tolerance);
      else tally.referenceOnly.add(`${d.type}:${n.field}`);
    }
    for (const field of Object.keys(d)) {
      if (!seen.has(field) && field !== "class") tally.darkfleetOnly.add(`${d.type}:${field}`);
    }
  });
  return { tally, gpsdLines };
}

describe("darkfleet against gpsdecode", () => {
  it.runIf(tool.failure !== null)("needs gpsdecode", () => {
    throw new Error(tool.failure ?? "");
  });

  describe.skipIf(tool.skip || tool.failure !== null)("on the differential corpus", () => {
    let tally: Tally;
    let gpsdLines: string[];
    beforeAll(() => {
      ({ tally, gpsdLines } = compareWithGpsd(corpusLines()));
      console.log(tally.summary());
    });

    it("makes gpsd print every special case the normalisation handles", () => {
      const missing = Object.keys(SPECIAL_CASES).filter(
        (k) => !gpsdLines.some((l) => SPECIAL_CASES[k].test(l)),
      );
      expect(missing).toEqual([]);
    });

    it("agrees on every field both emit", () => {
      // Every supported type, compared on a good number of fields each.
      for (const type of [1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27]) {
        const fields = [...tally.covered.keys()].filter((k) => k.startsWith(`${type}:`));
        expect(fields.length, `fields compared for type ${type}`).toBeGreaterThanOrEqual(6);
      }
      expect(tally.mismatches, tally.summary()).toEqual([]);
    });

    it("compares gpsd's labels and packed times", () => {
      const expected = [
        ...[1, 2, 3].map((t) => `${t}:status_text`),
        ...[5, 19, 24].map((t) => `${t}:shiptype_text`),
        ...[4, 5, 11, 19, 21].map((t) => `${t}:epfd_text`),
        "21:aid_type_text",
        "4:timestamp",
        "11:timestamp",
        "5:eta",
      ];
      expect(expected.filter((k) => (tally.covered.get(k) ?? 0) === 0)).toEqual([]);
    });

    it("compares the fields that matter for tracking on many messages", () => {
      for (const field of [
        "mmsi",
        "lat",
        "lon",
        "speed",
        "course",
        "heading",
        "shipname",
        "callsign",
        "imo",
      ]) {
        const n = [...tally.covered].filter(([k]) => k.endsWith(`:${field}`)).reduce((a, [, v]) => a + v, 0);
        expect(n, `${field} compared`).toBeGreaterThan(10);
      }
    });
  });

  describe.skipIf(tool.skip || tool.failure !== null)("on a realistic feed sample", () => {
    const dir = mkdtempSync(join(tmpdir(), "darkfleet-gpsd-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("agrees on every field both emit", () => {
      const file = join(dir, "mix.nmea");
      writeMixFile(file, 20_000, 5);
      const lines = readFileSync(file, "latin1")
        .split("\n")
        .filter((l) => l !== "");
      const { tally } = compareWithGpsd(lines);
      console.log(tally.summary());
      expect(tally.messages).toBeGreaterThan(18_000);
      expect(tally.mismatches, tally.summary()).toEqual([]);
    });
  });
});
