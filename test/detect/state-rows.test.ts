import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RowOwner, rowFields, StateRows } from "../../src/detect/engine/state-rows.js";

class Owner implements RowOwner {
  readonly f: Float64Array;
  readonly o: number;
  declare a: number;
  declare b: number;
  declare c: number;

  constructor(rows: StateRows) {
    ({ f: this.f, o: this.o } = rows.take(this));
  }
}
rowFields(Owner.prototype, 0, ["a", "b", "c"]);

describe("state rows", () => {
  it("gives every live owner a row of its own, across pages, starting at zero", () => {
    const rows = new StateRows(3);
    const owners = Array.from({ length: 2500 }, () => new Owner(rows));
    owners.forEach((w, i) => {
      expect([w.a, w.b, w.c]).toEqual([0, 0, 0]);
      w.a = i;
      w.b = -i;
      w.c = i + 0.5;
    });
    owners.forEach((w, i) => {
      expect([w.a, w.b, w.c]).toEqual([i, -i, i + 0.5]);
    });
    expect(new Set(owners.map((w) => w.f)).size).toBe(3);
  });

  it("keeps the numbers written, as an object's fields would (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.constantFrom("a", "b", "c"), fc.double())), (writes) => {
        const rows = new StateRows(3);
        const owners = Array.from({ length: 10 }, () => new Owner(rows));
        const plain = Array.from({ length: 10 }, () => ({ a: 0, b: 0, c: 0 }));
        for (const [i, k, v] of writes) {
          owners[i][k as "a" | "b" | "c"] = v;
          plain[i][k as "a" | "b" | "c"] = v;
        }
        expect(owners.map((w) => ({ a: w.a, b: w.b, c: w.c }))).toEqual(plain);
      }),
    );
  });
});
