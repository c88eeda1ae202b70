/** The hand-written bounded edit distance against an independent implementation (the damerau-levenshtein package). */
import damerauLevenshtein from "damerau-levenshtein";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editsWithin } from "../../src/screen/edit-distance.js";

describe("editsWithin", () => {
  it("agrees with damerau-levenshtein up to the bound, k + 1 past it (property)", () => {
    const word = fc.stringMatching(/^[ABKNOSU]{0,14}$/);
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 6 }), (a, b, k) => {
        const full = damerauLevenshtein(a, b).steps;
        expect(editsWithin(a, b, k)).toBe(full <= k ? full : k + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["SANKYUANPAO", "SANKYUANPOA", 1],
    ["KUMUNSAN", "KUMUNSAN", 0],
    ["PAEKMA", "PAEKNA", 1],
    ["", "ABC", 3],
  ])("%s ~ %s: %i", (a, b, d) => {
    expect(editsWithin(a, b, 5)).toBe(d);
  });
});
