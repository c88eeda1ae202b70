/**
 * Second opinion from libais (Debian libais-tools, `aisdecode --gpsd`) on the same corpus
 * as the gpsd differential test, for the fields gpsd is silent on (assigned flags, the
 * rate of turn's sign, type 27 positions at full precision, tag-block time and station)
 * and as a cross-check of the rest. Representations are reconciled only as
 * helpers/libais-normalise.ts documents. Without aisdecode the test fails in CI and is
 * skipped elsewhere.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { corpusLines } from "../support/corpus.js";
import { decodeToJson } from "./helpers/darkfleet.js";
import { normaliseLibais } from "./helpers/libais-normalise.js";
import { Tally } from "./helpers/tally.js";
import { missingToolPolicy, runTool } from "./helpers/tools.js";

const tool = missingToolPolicy("aisdecode", "libais-tools");

/** libais's records; without --allow_unknown it drops lines lacking a station, without --allow_missing_timestamps multi-part ones lacking a time. */
function aisdecode(lines: readonly string[]): Record<string, unknown>[] {
  return runTool(
    "aisdecode",
    ["--gpsd", "--allow_unknown", "--allow_missing_timestamps"],
    `${lines.join("\n")}\n`,
  )
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("darkfleet against libais", () => {
  it.runIf(tool.failure !== null)("needs aisdecode", () => {
    throw new Error(tool.failure ?? "");
  });

  describe.skipIf(tool.skip || tool.failure !== null)("on the differential corpus", () => {
    let tally: Tally;
    beforeAll(() => {
      const lines = corpusLines();
      const dark = decodeToJson(lines);
      const libais = aisdecode(lines);
      expect(libais.length, "messages decoded by libais vs darkfleet").toBe(dark.length);
      tally = new Tally("libais");
      dark.forEach((d, i) => {
        expect([libais[i].type, libais[i].mmsi], `message #${i}`).toEqual([d.type, d.mmsi]);
        tally.messages++;
        for (const n of normaliseLibais(libais[i])) {
          if (n.field in d) tally.compare(i, d, n.field, n.value, n.tolerance, n.alike);
          else tally.referenceOnly.add(`${d.type}:${n.field}`);
        }
      });
      console.log(tally.summary());
    });

    it("agrees on every field compared", () => {
      expect(tally.mismatches, tally.summary()).toEqual([]);
    });

    it("covers the fields gpsd does not print", () => {
      for (const key of [
        "9:assigned",
        "18:assigned",
        "21:assigned",
        "1:turn",
        "27:lat",
        "27:lon",
        "1:rxtime",
        "1:station",
      ]) {
        expect(tally.covered.get(key) ?? 0, key).toBeGreaterThan(5);
      }
    });
  });
});
