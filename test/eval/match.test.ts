import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/eval/match.js";
import { parseEvents } from "../../src/eval/read.js";
import { formatReport } from "../../src/eval/report.js";
import type { Truth } from "../../src/model/truth.js";

const H = 3_600_000;
const T0 = Date.parse("2019-03-01T00:00:00Z");
const at = (h: number) => new Date(T0 + h * H).toISOString();

const truth: Truth = {
  scenario: "hand-made",
  seed: 0,
  start: at(0),
  end: at(100),
  vessels: 5,
  sentences: 0,
  events: [
    {
      id: "encounter-1",
      kind: "encounter",
      vessels: [{ mmsi: 1 }, { mmsi: 2 }],
      start: at(10),
      end: at(16),
      lat: 35,
      lon: 124,
    },
    {
      id: "encounter-2",
      kind: "encounter",
      vessels: [{ mmsi: 3 }, { mmsi: 4 }],
      start: at(40),
      end: at(44),
      lat: 35,
      lon: 124,
    },
    { id: "gap-1", kind: "gap", vessels: [{ mmsi: 2 }], start: at(20), end: at(40), lat: 35, lon: 124 },
    {
      id: "identity-1",
      kind: "identity",
      vessels: [{ mmsi: 5, imo: 9074729 }],
      start: at(50),
      end: at(50),
      lat: 35,
      lon: 124,
    },
  ],
  confounders: [
    {
      id: "fishing_fleet-1",
      name: "fishing_fleet",
      looksLike: ["encounter"],
      vessels: [{ mmsi: 7 }, { mmsi: 8 }],
      start: at(60),
      end: at(70),
      lat: 35,
      lon: 124,
    },
  ],
};

const line = (o: object) => JSON.stringify(o);
const events = [
  // Hit on encounter-1: same pair, late start within the span, epoch-ms times and object vessels.
  line({
    id: "a",
    kind: "encounter",
    vessels: [{ mmsi: 1 }, { mmsi: 2 }],
    start: T0 + 11 * H,
    end: T0 + 15 * H,
    status: "open",
  }),
  line({
    id: "a",
    kind: "encounter",
    vessels: [{ mmsi: 1 }, { mmsi: 2 }],
    start: T0 + 11 * H,
    end: T0 + 17 * H,
    status: "final",
  }),
  // A second detection of the same encounter: a duplicate, so a false event.
  line({ id: "b", kind: "encounter", vessels: [1, 2], start: at(12), end: at(13) }),
  // The fishing fleet confounder reported as an encounter.
  line({ id: "c", kind: "encounter", vessels: [7, 8], start: at(61), end: at(66) }),
  // Right vessel and time but the wrong kind: no match for the gap.
  line({ id: "d", kind: "loitering", vessels: [2], start: at(20), end: at(40) }),
  // Identity hit: an instant event, detected 30 min later (inside the 1 h slack).
  line({ id: "e", kind: "identity", vessels: [5], start: at(50.5), end: at(50.5) }),
  // Retracted: must not count.
  line({ id: "f", kind: "gap", vessels: [9], start: at(1), end: at(2) }),
  line({ id: "f", kind: "gap", vessels: [9], start: at(1), end: at(2), status: "retracted" }),
  // A zone event: a kind truth does not score.
  line({ id: "g", kind: "zone", vessels: [1], start: at(1), end: at(2) }),
].join("\n");

describe("evaluate", () => {
  const r = evaluate(truth, parseEvents(events));
  const kind = (k: string) => r.kinds.find((s) => s.kind === k)!;

  it("scores each kind with the known answer", () => {
    expect(kind("encounter")).toMatchObject({ truth: 2, detected: 3, tp: 1, fp: 2, fn: 1 });
    expect(kind("encounter").precision).toBeCloseTo(1 / 3);
    expect(kind("encounter").recall).toBeCloseTo(0.5);
    expect(kind("encounter").f1).toBeCloseTo(0.4);
    expect(kind("gap")).toMatchObject({
      truth: 1,
      detected: 0,
      tp: 0,
      fn: 1,
      precision: 1,
      recall: 0,
      f1: 0,
    });
    expect(kind("loitering")).toMatchObject({ truth: 0, detected: 1, fp: 1, precision: 0, recall: 1 });
    expect(kind("identity")).toMatchObject({ tp: 1, precision: 1, recall: 1, f1: 1 });
    expect(r.total).toMatchObject({ truth: 4, detected: 5, tp: 2, fp: 3, fn: 2 });
    expect(r.unscored).toBe(1);
  });

  it("names missed events, duplicates and confounders", () => {
    expect(r.missed.map((e) => e.id).sort()).toEqual(["encounter-2", "gap-1"]);
    const byId = new Map(r.false.map((f) => [f.detection.id, f]));
    expect(byId.get("b")).toMatchObject({ duplicate: true, confounder: null });
    expect(byId.get("c")?.confounder?.name).toBe("fishing_fleet");
    expect(r.matched.map((m) => [m.truth.id, m.detection.id])).toContainEqual(["encounter-1", "a"]);
    // The final update of "a" replaced the open one.
    expect(r.matched.find((m) => m.detection.id === "a")?.detection.end).toBe(T0 + 17 * H);
  });

  it("prints the table, the lists and a one-line total", () => {
    const text = formatReport(r);
    expect(text).toMatch(/^kind\s+truth\s+detected/);
    expect(text).toContain("encounter-2 encounter [3,4]");
    expect(text).toContain("<- confounder fishing_fleet (fishing_fleet-1)");
    expect(text).toContain("confounders that produced events: 1 (fishing_fleet)");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "total: precision 0.400 recall 0.500 f1 0.444 (tp 2, fp 3, fn 2; 4 truth, 5 detected)",
    );
  });

  it("counts events per confounder name, every name listed, zero included", () => {
    const fleet = r.confounderEvents.find((c) => c.name === "fishing_fleet");
    expect(fleet).toEqual({ name: "fishing_fleet", confounders: 1, events: 1, byKind: { encounter: 1 } });
    expect(r.confounderEvents.find((c) => c.name === "feed_outage")).toMatchObject({
      confounders: 0,
      events: 0,
    });
    expect(r.confounderEventsTotal).toBe(1);
    expect(formatReport(r)).toMatch(/\nfishing_fleet\s+1\s+1\s+encounter 1\n/);
  });

  it("puts a false event on the most specific confounder: a look-alike of its kind, then the shortest", () => {
    const c = (
      id: string,
      name: Truth["confounders"][0]["name"],
      looksLike: Truth["confounders"][0]["looksLike"],
      from: number,
      to: number,
    ) => ({
      id,
      name,
      looksLike,
      vessels: [{ mmsi: 20 }, { mmsi: 21 }],
      start: at(from),
      end: at(to),
      lat: 31,
      lon: 122,
    });
    const t: Truth = {
      ...truth,
      confounders: [
        c("anchorage_queue-1", "anchorage_queue", ["encounter", "loitering"], 0, 100),
        c("bunkering-1", "bunkering", ["encounter"], 30, 34),
        c("feed_outage-1", "feed_outage", ["gap"], 31, 33),
      ],
    };
    const dets = parseEvents(
      [
        line({ id: "p", kind: "encounter", vessels: [20, 21], start: at(30.5), end: at(33) }),
        line({ id: "q", kind: "gap", vessels: [21], start: at(30), end: at(34) }),
        line({ id: "s", kind: "draught", vessels: [20], start: at(80), end: at(80) }),
      ].join("\n"),
    );
    const m = evaluate(t, dets);
    const on = new Map(m.false.map((f) => [f.detection.id, f.confounder?.id]));
    expect(Object.fromEntries(on)).toEqual({ p: "bunkering-1", q: "feed_outage-1", s: "anchorage_queue-1" });
    expect(m.confounderEventsTotal).toBe(3);
  });

  it("matches one to one, best overlap first, and respects the slack", () => {
    const dets = parseEvents(
      [
        line({ id: "x", kind: "encounter", vessels: [3, 4], start: at(39), end: at(40.5) }),
        line({ id: "y", kind: "encounter", vessels: [4, 3], start: at(40), end: at(44) }),
      ].join("\n"),
    );
    const m = evaluate(truth, dets);
    expect(m.matched.map((p) => p.detection.id)).toEqual(["y"]);
    const tight = evaluate(
      truth,
      parseEvents(line({ kind: "identity", vessels: [5], start: at(52), end: at(52) })),
      {
        slackMs: 0.5 * H,
      },
    );
    expect(tight.kinds.find((s) => s.kind === "identity")?.tp).toBe(0);
  });

  it("rejects lines without the required fields", () => {
    expect(() => parseEvents(line({ kind: "gap", vessels: [1], start: "yesterday", end: at(1) }))).toThrow(
      /bad start/,
    );
    expect(() => parseEvents(line({ vessels: [1], start: at(0), end: at(1) }))).toThrow(/missing kind/);
  });
});
