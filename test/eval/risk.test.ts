/**
 * Risk ranking quality (eval/risk.ts) on hand-made rankings and truths: precision at k with
 * ties at the cut shared out, innocents in the bottom half by their tie group's middle
 * rank, vessels the ranking lacks left out.
 */
import { describe, expect, it } from "vitest";
import { midRanks, riskQuality } from "../../src/eval/risk.js";
import type { Truth } from "../../src/model/truth.js";

const truth = (evaders: number[], innocents: number[]): Truth => ({
  scenario: "t",
  seed: 1,
  start: "2019-03-01T00:00:00.000Z",
  end: "2019-03-02T00:00:00.000Z",
  vessels: 0,
  sentences: 0,
  events: [],
  confounders: [],
  evaders: evaders.map((mmsi) => ({ vessels: [{ mmsi }], why: "test" })),
  innocents: innocents.map((mmsi) => ({ mmsi, confounders: ["tug_assist"] })),
});

const ranked = (scores: number[]) => scores.map((score, i) => ({ mmsi: i + 1, score }));

describe("risk quality", () => {
  it("gives tied vessels their group's middle rank", () => {
    const m = midRanks(ranked([90, 50, 50, 50, 0, 0]));
    expect([...m.values()]).toEqual([0, 2, 2, 2, 4.5, 4.5]);
  });

  it("precision at k: hits over k, a tie at the cut shared by its share of the places left", () => {
    // 1 and 2 evaders; 3, 4, 5 tie for the last two places of the top 4, one of them (3) an evader.
    const q = riskQuality(ranked([90, 80, 50, 50, 50, 0]), truth([1, 2, 3], []), [2, 4]);
    expect(q.precisionAt[2]).toBe(1);
    expect(q.precisionAt[4]).toBeCloseTo((2 + (1 * 2) / 3) / 4, 12);
  });

  it("counts innocents in the bottom half by middle rank; unseen ones left out", () => {
    // 6 vessels, middle at rank 2.5: 2 (rank 1) is above, 5 and 6 (tied at 4.5) below; 99 never seen.
    const q = riskQuality(ranked([90, 80, 50, 40, 0, 0]), truth([1], [2, 5, 6, 99]));
    expect(q.innocents).toBe(3);
    expect(q.innocentsInBottomHalf).toBeCloseTo(2 / 3, 12);
    expect(q.innocentsAbove).toEqual([2]);
    // All tied: the one group's middle is the middle, not above it.
    expect(riskQuality(ranked([0, 0, 0, 0]), truth([], [1, 4])).innocentsInBottomHalf).toBe(1);
  });
});
