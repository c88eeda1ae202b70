import { describe, expect, it } from "vitest";
import { NATURAL_EARTH } from "../../src/detect/geography.js";

describe("Natural Earth geography", () => {
  it("tells inland from sea and coast", () => {
    expect(NATURAL_EARTH.isLand({ lat: 39.03, lon: 125.75 })).toBe(true); // Pyongyang
    expect(NATURAL_EARTH.isLand({ lat: 36, lon: 124 })).toBe(false); // Yellow Sea
    expect(NATURAL_EARTH.shoreDistanceNm(36, 123.5)).toBeGreaterThan(20);
    expect(NATURAL_EARTH.shoreDistanceNm(38.7, 125.2)).toBeLessThan(20); // off Nampo
  });
});
