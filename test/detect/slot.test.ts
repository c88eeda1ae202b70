import { describe, expect, it } from "vitest";
import { Slot, type Slots } from "../../src/detect/engine/slot.js";

const owner = (): Slots => ({ s0: null, s1: null, s2: null, s3: null, s4: null, s5: null, more: null });

describe("detector slots", () => {
  it("keeps each slot's state apart, past the inline fields too", () => {
    const slots = Array.from({ length: 10 }, (_, i) => new Slot<{ i: number }>(i));
    const a = owner();
    const b = owner();
    for (const s of slots) expect(s.get(a)).toBeNull();
    slots.forEach((s, i) => {
      s.set(a, { i });
      s.set(b, { i: 100 + i });
    });
    slots.forEach((s, i) => {
      expect(s.get(a)).toEqual({ i });
      expect(s.get(b)).toEqual({ i: 100 + i });
    });
    expect(new Slot(12).get(a)).toBeNull();
  });
});
