import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Detector, DetectorFactory } from "../../src/detect/engine/detector.js";
import { ReorderBuffer } from "../../src/detect/engine/reorder.js";
import { DetectRunner } from "../../src/detect/engine/runner.js";
import { DETECTORS } from "../../src/detect/rules/index.js";
import type { Event } from "../../src/model/event.js";
import { compareRecords, isStatic, type StreamRecord } from "../../src/model/record-order.js";
import {
  blankPosition,
  blankStatic,
  copyPosition,
  copyStatic,
  type Position,
  type Static,
} from "../../src/model/records.js";
import { at, byTime, H, MIN, pos, runAll, sail, stat, T0 } from "./synth.js";

/** A mixed scenario: an encounter, a gap, a clone, a rename and a draught change, with traffic. */
function scenario(): (Position | Static)[] {
  const recs: (Position | Static)[] = [];
  const [blat, blon] = at(30, 128, 90, 0.1, 1);
  recs.push(
    ...sail(412000001, T0, 30, 128, 45, 0.5, 5 * H, MIN),
    ...sail(667000002, T0, blat, blon, 45, 0.5, 5 * H, MIN),
  );
  recs.push(
    ...sail(412000003, T0, 33, 124, 0, 10, 30 * H, MIN).filter((p) => p.t < T0 + 6 * H || p.t > T0 + 20 * H),
  );
  for (let i = 0; i < 3; i++) recs.push(...sail(413000100 + i, T0, 33 + i, 124.05, 0, 6, 30 * H, 2 * MIN));
  recs.push(
    ...sail(445000004, T0, 36, 123, 0, 10, 12 * H, 2 * MIN),
    ...sail(445000004, T0 + H, 31, 125, 90, 9, 10 * H, 2 * MIN),
  );
  recs.push(
    stat(412000001, T0 + H, { name: "PETREL 8", draught: 5 }),
    stat(412000001, T0 + 23 * H + 59 * MIN, { name: "PETREL 9" }),
  );
  recs.push(stat(667000002, T0 + H, { draught: 4 }), stat(667000002, T0 + 4 * H, { draught: 7.5 }));
  return recs;
}

function json(events: Event[]): string {
  return events
    .filter((e) => e.status === "final")
    .map((e) => JSON.stringify(e))
    .sort()
    .join("\n");
}

describe("runner", () => {
  const recs = byTime(scenario());
  const reference = json(runAll(recs));

  it("finds every kind in the mixed scenario", () => {
    const kinds = runAll(recs)
      .filter((e) => e.status === "final")
      .map((e) => `${e.kind}:${e.attributes.type ?? ""}`)
      .sort();
    expect(kinds).toEqual(["draught:", "encounter:", "gap:", "identity:change", "spoofing:clone"]);
  });

  it("gives identical events for any arrival order within the lateness window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 200 }), (seed, chunk) => {
        // shuffle records inside consecutive windows of 5 minutes (lateness is 10 minutes)
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        const shuffled: (Position | Static)[] = [];
        let win: (Position | Static)[] = [];
        let winStart = recs[0].t;
        const flush = () => {
          for (let i = win.length - 1; i > 0; i--) {
            const j = Math.floor(rnd() * (i + 1));
            [win[i], win[j]] = [win[j], win[i]];
          }
          shuffled.push(...win);
          win = [];
        };
        for (const r of recs) {
          if (r.t - winStart >= 5 * MIN) {
            flush();
            winStart = r.t;
          }
          win.push(r);
        }
        flush();
        const events: Event[] = [];
        const runner = new DetectRunner({ onEvent: (e) => events.push(e) });
        // feed in chunks, each chunk ending with a duplicate (several receivers)
        for (let i = 0; i < shuffled.length; i += chunk) {
          for (const r of shuffled.slice(i, i + chunk)) runner.push(r);
          runner.push(shuffled[Math.min(i + chunk, shuffled.length) - 1]);
        }
        runner.end();
        expect(runner.stats.late).toBe(0);
        expect(json(events)).toBe(reference);
      }),
      { numRuns: 5 },
    );
  });

  it("gives the same events when non-interacting vessel groups run separately", () => {
    const groupA = new Set([412000001, 667000002, 445000004]);
    const a = runAll(recs.filter((r) => groupA.has(r.mmsi)));
    const b = runAll(recs.filter((r) => !groupA.has(r.mmsi)));
    expect(json([...a, ...b])).toBe(reference);
  });

  it("takes an ordered stream in two reused objects as it takes fresh ones (pushOrdered keeps copies)", () => {
    // two statics one after the other (the second must not be taken for the first again)
    const both = [
      stat(412000001, T0 + 2 * H + 30_000, { callsign: "BPAB" }),
      stat(667000002, T0 + 2 * H + 30_000, { draught: 6 }),
    ];
    const ordered = [...recs, ...both].sort(compareRecords);
    const events: string[] = [];
    const reusing = new DetectRunner({ onEvent: (e) => events.push(JSON.stringify(e)) });
    const p = blankPosition();
    const x = blankStatic();
    const freshEvents: string[] = [];
    const fresh2 = new DetectRunner({ onEvent: (e) => freshEvents.push(JSON.stringify(e)) });
    for (const r of ordered) {
      fresh2.pushOrdered({ ...r });
      reusing.pushOrdered(isStatic(r) ? copyStatic(x, r) : copyPosition(p, r));
    }
    fresh2.end();
    reusing.end();
    expect(events).toEqual(freshEvents);
    expect(reusing.stats).toEqual(fresh2.stats);
    expect(events.length).toBeGreaterThan(4);
  });

  it("keeps base stations, aids to navigation and SAR aircraft out", () => {
    const junk = [
      ...sail(2734500, T0, 34, 124, 0, 0, 10 * H, MIN).map((p) => ({ ...p, msgType: 4 })),
      ...sail(992731234, T0, 34, 124, 0, 0, 10 * H, MIN).map((p) => ({ ...p, msgType: 21 })),
      ...sail(111273123, T0, 34, 124, 0, 0.5, 10 * H, MIN).map((p) => ({ ...p, msgType: 9 })),
      ...sail(412000009, T0, 34, 124, 0, 0.5, 10 * H, MIN).map((p) => ({ ...p, msgType: 9 })),
    ];
    const events: Event[] = [];
    const r = new DetectRunner({ onEvent: (e) => events.push(e) });
    for (const p of byTime(junk)) r.push(p);
    r.end();
    expect(events).toEqual([]);
    expect(r.stats.positions).toBe(0);
    expect(r.stats.notShips).toBe(junk.length);
  });

  it("drops records later than the lateness window and counts them", () => {
    const r = new DetectRunner({ onEvent: () => {}, config: { latenessMs: 5 * MIN } });
    r.push(pos(412000001, T0 + H, 34, 124, 1));
    r.push(pos(412000001, T0, 34, 124, 1));
    r.push(pos(412000001, T0 + H - MIN, 34, 124, 1));
    r.end();
    expect(r.stats.late).toBe(1);
    expect(r.stats.positions).toBe(2);
  });
});

/** The rules without their repeated-report fast path: each repeated static judged afresh (onStatic). */
const afresh: DetectorFactory[] = DETECTORS.map((make) => {
  const plain: DetectorFactory = (ctx, built) => {
    const d = make(ctx, built);
    built.add(make, d); // later rules look their inputs up by the listed factory
    (d as Detector).onRepeatStatic = undefined;
    return d;
  };
  return plain;
});

/** A static report every `everyMs` from `t0` for `durMs`, saying `f` each time. */
function repeated(mmsi: number, t0: number, durMs: number, everyMs: number, f: Partial<Static>): Static[] {
  const out: Static[] = [];
  for (let t = t0; t < t0 + durMs; t += everyMs) out.push(stat(mmsi, t, f));
  return out;
}

describe("repeated static reports", () => {
  it("give the events and stats of reports each judged afresh", () => {
    const shipA = { name: "PETREL 8", callsign: "BPAB", imo: 9074729, shipType: 80, toBow: 120, toStern: 30 };
    const recs: (Position | Static)[] = [
      ...sail(412000001, T0, 30, 128, 45, 10, 30 * H, MIN),
      ...sail(667000002, T0, 29, 126, 90, 10, 30 * H, MIN),
      // a draught change held for confirmation, confirmed by the next (repeated) report
      ...repeated(412000001, T0 + 10 * MIN, 4 * H, 10 * MIN, { ...shipA, draught: 5 }),
      ...repeated(412000001, T0 + 4 * H + 10 * MIN, 10 * H, 10 * MIN, { ...shipA, draught: 7.5 }),
      // an alternation (two transponders) repeated: held, then dropped by the old value
      ...repeated(412000001, T0 + 14 * H + 10 * MIN, 3 * H, 20 * MIN, { ...shipA, draught: 5 }),
      // its IMO on another MMSI while it is heard (the repeats keep it heard), then a rename
      ...repeated(667000002, T0 + 6 * H, 3 * H, 6 * MIN, { name: "SEA GULL", imo: 9074729, draught: 9 }),
      ...repeated(667000002, T0 + 9 * H, 3 * H, 6 * MIN, { name: "SEA TERN", imo: 9074729, draught: 9 }),
    ];
    const events: Event[] = [];
    const slow: Event[] = [];
    const a = new DetectRunner({ onEvent: (e) => events.push(e) });
    const b = new DetectRunner({ onEvent: (e) => slow.push(e), detectors: afresh });
    for (const r of byTime(recs)) {
      a.push(r);
      b.push(r);
    }
    a.end();
    b.end();
    expect(events.map((e) => JSON.stringify(e))).toEqual(slow.map((e) => JSON.stringify(e)));
    expect(a.stats).toEqual(b.stats);
    const kinds = events
      .filter((e) => e.status === "final")
      .map((e) => `${e.kind} ${e.attributes.type ?? ""}`);
    expect(kinds).toContain("draught ");
    expect(kinds).toContain("identity imo_shared");
    expect(kinds).toContain("identity change");
  });
});

describe("reorder buffer", () => {
  it("releases any arrival order within the window in the total order, duplicates adjacent", () => {
    const rec = fc.record({
      t: fc.integer({ min: 0, max: 600 }),
      mmsi: fc.integer({ min: 1, max: 3 }),
      lat: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 200 }), (raw) => {
        const input: StreamRecord[] = raw.map((x) => pos(x.mmsi, x.t, x.lat, 0, null));
        const b = new ReorderBuffer(10_000);
        const out: StreamRecord[] = [];
        for (const r of input) {
          expect(b.push(r)).toBe(true);
          b.drain(b.watermark(), (x) => out.push(x));
        }
        b.drain(Number.POSITIVE_INFINITY, (x) => out.push(x));
        const expected = [...input].sort(compareRecords);
        expect(out.map((x) => [x.t, x.mmsi, (x as Position).lat])).toEqual(
          expected.map((x) => [x.t, x.mmsi, (x as Position).lat]),
        );
      }),
    );
  });
});
