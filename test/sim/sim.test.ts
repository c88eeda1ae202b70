import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import { evaluate } from "../../src/eval/match.js";
import { readEvents } from "../../src/eval/read.js";
import { distanceM } from "../../src/geo/distance.js";
import { isLand, shoreDistanceNm } from "../../src/geo/land.js";
import type { AisMessage } from "../../src/model/ais.js";
import { TRUTH_KINDS, type Truth } from "../../src/model/truth.js";
import { ituIntervalMs } from "../../src/sim/emit.js";
import { loadPorts } from "../../src/sim/ports.js";
import { runSim, type SimResult } from "../../src/sim/run.js";
import { loadScenario, SMOKE, scaleScenario } from "../../src/sim/scenario.js";

const H = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), "darkfleet-sim-"));
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

interface Fix {
  t: number;
  lat: number;
  lon: number;
  sog: number;
}

/** Decodes a simulated feed into position fixes per MMSI (one per receive time) and static reports. */
function decode(file: string) {
  const fixes = new Map<number, Fix[]>();
  const statics: AisMessage[] = [];
  const dec = new NmeaDecoder({
    onMessage: (m) => {
      if ((m.type === 1 || m.type === 18) && m.lat !== null && m.lon !== null && m.rxtime !== null) {
        const list = fixes.get(m.mmsi) ?? [];
        list.push({ t: m.rxtime, lat: m.lat, lon: m.lon, sog: m.speed ?? 0 });
        fixes.set(m.mmsi, list);
      } else if (m.type === 5 || m.type === 24) statics.push(m);
    },
  });
  dec.push(readFileSync(file));
  dec.end();
  for (const list of fixes.values()) list.sort((a, b) => a.t - b.t);
  return { fixes, statics, stats: dec.stats };
}

let smoke: SimResult;
let truth: Truth;
let feed: ReturnType<typeof decode>;

beforeAll(() => {
  smoke = runSim(SMOKE, 7, join(dir, "a"));
  truth = JSON.parse(readFileSync(smoke.truthFile, "utf8")) as Truth;
  feed = decode(smoke.nmeaFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const within = (list: Fix[] | undefined, t0: number, t1: number) =>
  (list ?? []).filter((f) => f.t >= t0 && f.t <= t1);

/**
 * Port calls are visits: from entering the port circle to 1 km beyond it, so fixes just
 * before are outside and fixes just after are beyond the margin; a call spanning a reflag
 * names both MMSIs. Returns how many calls and reflags were checked.
 */
function checkPortCalls(truth: Truth, fixes: Map<number, Fix[]>): { calls: number; reflags: number } {
  const ports = new Map(loadPorts().map((p) => [p.name, p]));
  const calls = truth.events.filter((x) => x.kind === "port_call");
  for (const e of calls) {
    const port = ports.get(e.detail ?? "");
    if (port === undefined) continue;
    const t0 = Date.parse(e.start);
    const t1 = Date.parse(e.end);
    expect(t1 - t0).toBeGreaterThanOrEqual(3 * H);
    const from = (f: Fix) => distanceM(f.lat, f.lon, port.lat, port.lon) - port.radiusKm * 1000;
    // Its exit was heard: a fix beyond the margin before the vessel's next call there (or the end).
    const next = calls
      .filter((c) => c.detail === e.detail && c.vessels.some((v) => e.vessels.some((w) => w.mmsi === v.mmsi)))
      .map((c) => Date.parse(c.start))
      .filter((t) => t > t1);
    const until = Math.min(Date.parse(truth.end), ...next);
    const out = e.vessels.flatMap((v) => within(fixes.get(v.mmsi), t1, until)).filter((f) => from(f) > 1_000);
    expect(out.length, `${e.id} exit heard`).toBeGreaterThan(0);
    for (const v of e.vessels) {
      const list = fixes.get(v.mmsi);
      if (t0 > Date.parse(truth.start))
        for (const f of within(list, t0 - 10 * 60_000, t0 - 2_000)) expect(from(f), e.id).toBeGreaterThan(0);
      for (const f of within(list, t1 + 2_000, t1 + 10 * 60_000))
        expect(from(f), e.id).toBeGreaterThan(1_000);
    }
  }
  const reflags = truth.events.filter((x) => x.kind === "identity" && x.detail?.startsWith("reflag"));
  for (const r of reflags) {
    const t = Date.parse(r.start);
    const call = calls.find(
      (c) =>
        c.vessels.some((v) => v.mmsi === r.vessels[0].mmsi) &&
        Date.parse(c.start) < t &&
        Date.parse(c.end) > t,
    );
    expect(call?.vessels.map((v) => v.mmsi).sort(), r.id).toEqual(r.vessels.map((v) => v.mmsi).sort());
  }
  return { calls: calls.length, reflags: reflags.length };
}

describe("smoke scenario", () => {
  it("is deterministic: same seed, same bytes; another seed, other bytes", () => {
    const again = runSim(SMOKE, 7, join(dir, "b"));
    expect(sha(again.nmeaFile)).toBe(sha(smoke.nmeaFile));
    expect(sha(again.truthFile)).toBe(sha(smoke.truthFile));
    const other = runSim(SMOKE, 8, join(dir, "c"));
    expect(sha(other.nmeaFile)).not.toBe(sha(smoke.nmeaFile));
  });

  it("injects every kind of event and several kinds of confounder", () => {
    for (const kind of TRUTH_KINDS)
      expect(
        truth.events.some((e) => e.kind === kind),
        kind,
      ).toBe(true);
    const names = new Set(truth.confounders.map((c) => c.name));
    expect(names.size).toBeGreaterThanOrEqual(3);
    expect(truth.sentences).toBe(smoke.sentences);
  });

  it("writes a feed the decoder reads, with tag-block times, duplicates and some noise", () => {
    const s = feed.stats;
    expect(s.messages).toBeGreaterThan(10_000);
    // Noise is a small share: bad checksums, malformed (truncated or stray) lines.
    const rejected = Object.values(s.rejected).reduce((a, b) => a + b, 0);
    expect(rejected).toBeGreaterThan(0);
    expect(rejected / s.lines).toBeLessThan(0.01);
    const text = readFileSync(smoke.nmeaFile, "latin1");
    expect(text.split("\n").filter((l) => l.startsWith("\\s:")).length / s.lines).toBeGreaterThan(0.98);
    expect(text).toContain("s:sat-leo");
  });

  it("never puts a ship on land, except where truth says it spoofed", () => {
    const spoofed = new Set(
      truth.events.filter((e) => e.kind === "spoofing").flatMap((e) => e.vessels.map((v) => v.mmsi)),
    );
    let checked = 0;
    for (const [mmsi, list] of feed.fixes) {
      if (spoofed.has(mmsi)) continue;
      for (const f of list) {
        checked++;
        expect(isLand(f.lat, f.lon), `${mmsi} at ${f.lat},${f.lon}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it("records encounters the data shows: alongside, slow, away from ports", () => {
    const ports = loadPorts();
    for (const e of truth.events.filter((x) => x.kind === "encounter")) {
      const t0 = Date.parse(e.start) + 10 * 60_000;
      const t1 = Date.parse(e.end) - 10 * 60_000;
      const [a, b] = e.vessels.map((v) => within(feed.fixes.get(v.mmsi), t0, t1));
      expect(a.length).toBeGreaterThan(3);
      for (const f of a) {
        const near = b.reduce((m, g) => (Math.abs(g.t - f.t) < Math.abs(m.t - f.t) ? g : m), b[0]);
        expect(distanceM(f.lat, f.lon, near.lat, near.lon)).toBeLessThan(500);
        expect(f.sog).toBeLessThan(2);
        for (const p of ports) expect(distanceM(f.lat, f.lon, p.lat, p.lon)).toBeGreaterThan(10_000);
      }
    }
  });

  it("records loitering slow and far from shore, and gaps as real silences of 12 h or more", () => {
    for (const e of truth.events.filter((x) => x.kind === "loitering")) {
      const fixes = within(
        feed.fixes.get(e.vessels[0].mmsi),
        Date.parse(e.start) + 60_000,
        Date.parse(e.end) - 60_000,
      );
      expect(fixes.length).toBeGreaterThan(3);
      for (const f of fixes) {
        expect(f.sog).toBeLessThan(2);
        expect(shoreDistanceNm(f.lat, f.lon)).toBeGreaterThanOrEqual(20);
      }
    }
    for (const e of truth.events.filter((x) => x.kind === "gap")) {
      const t0 = Date.parse(e.start);
      const t1 = Date.parse(e.end);
      expect(t1 - t0).toBeGreaterThanOrEqual(12 * H);
      const list = feed.fixes.get(e.vessels[0].mmsi) ?? [];
      expect(list.filter((f) => f.t > t0 && f.t < t1)).toEqual([]);
      // Reception was good before: dense reports in the 12 h before the gap.
      expect(within(list, t0 - 12 * H, t0).length).toBeGreaterThanOrEqual(14);
    }
  });

  it("scores a perfect detector at 1.0 and ignores nothing", () => {
    const lines = truth.events.map((e) =>
      JSON.stringify({ kind: e.kind, vessels: e.vessels.map((v) => v.mmsi), start: e.start, end: e.end }),
    );
    const file = join(dir, "perfect.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const r = evaluate(truth, readEvents(file));
    expect(r.total).toMatchObject({ precision: 1, recall: 1, fp: 0, fn: 0 });
  });
});

describe("port call truth", () => {
  it("records visits from entering the circle to leaving its margin, under every MMSI used", () => {
    expect(checkPortCalls(truth, feed.fixes).calls).toBeGreaterThan(3);
    // More ships and days than the smoke run, so that reflags (in port) happen.
    const cfg = { ...SMOKE, name: "reflags", days: 4, traders: 8, reflags: 3 };
    const run = runSim(cfg, 3, join(dir, "reflags"));
    const t = JSON.parse(readFileSync(run.truthFile, "utf8")) as Truth;
    expect(checkPortCalls(t, decode(run.nmeaFile).fixes).reflags).toBeGreaterThan(0);
  });

  it("merges a call whose exit nobody heard into the next one (a tug's short excursion between reports)", () => {
    // dprk-2019 seed 2 has one on its first days, at Qingdao's tug, with 5-minute reports.
    const cfg = loadScenario("dprk-2019");
    const run = runSim(cfg, 2, join(dir, "tug"), Date.parse(cfg.start) + 2 * 24 * H);
    const t = JSON.parse(readFileSync(run.truthFile, "utf8")) as Truth;
    expect(checkPortCalls(t, decode(run.nmeaFile).fixes).calls).toBeGreaterThan(100);
  });
});

describe("spoofing truth", () => {
  it("gives a ship one spoofing behaviour, never two on one MMSI within the detector's merge time", () => {
    const other = runSim(SMOKE, 1, join(dir, "spoof"));
    for (const t of [truth, JSON.parse(readFileSync(other.truthFile, "utf8")) as Truth]) {
      const spoofs = t.events.filter((e) => e.kind === "spoofing");
      for (const a of spoofs)
        for (const b of spoofs) {
          if (a === b || a.vessels[0].mmsi !== b.vessels[0].mmsi) continue;
          const apart =
            Math.max(Date.parse(a.start), Date.parse(b.start)) -
            Math.min(Date.parse(a.end), Date.parse(b.end));
          expect(apart, `${a.id} ${b.id}`).toBeGreaterThan(6 * H);
        }
    }
  });
});

describe("reporting intervals (ITU-R M.1371)", () => {
  it("follows class, speed and status", () => {
    expect(ituIntervalMs("A", 0, 1)).toBe(180_000);
    expect(ituIntervalMs("A", 0.1, 5)).toBe(180_000);
    expect(ituIntervalMs("A", 12, 0)).toBe(10_000);
    expect(ituIntervalMs("A", 18, 0)).toBe(6_000);
    expect(ituIntervalMs("A", 25, 0)).toBe(2_000);
    expect(ituIntervalMs("B", 8, 0)).toBe(30_000);
    expect(ituIntervalMs("B", 1, 0)).toBe(180_000);
  });

  it("reaches the feed unthinned in the scale scenario", () => {
    const r = runSim(scaleScenario(6, 0.05), 3, join(dir, "scale"));
    const { fixes } = decode(r.nmeaFile);
    const steps: number[] = [];
    for (const list of fixes.values()) {
      const times = [...new Set(list.filter((f) => f.sog > 3 && f.sog < 14).map((f) => f.t))];
      for (let k = 1; k < times.length; k++) steps.push(times[k] - times[k - 1]);
    }
    steps.sort((a, b) => a - b);
    // Under way below 14 kn: every 10 s (±10 % jitter, second resolution of c:); missed receptions make longer steps.
    expect(steps.length).toBeGreaterThan(100);
    expect(steps[Math.floor(steps.length / 2)]).toBeGreaterThanOrEqual(8_000);
    expect(steps[Math.floor(steps.length / 2)]).toBeLessThanOrEqual(12_000);
  });
});

describe("--until", () => {
  it("cuts a run: the feed is the full run's up to the cut, truth keeps what ended before it", () => {
    const cutAt = Date.parse(SMOKE.start) + 24 * H;
    const cut = runSim(SMOKE, 7, join(dir, "cut"), cutAt);
    const full = readFileSync(smoke.nmeaFile, "latin1").split("\n");
    const part = readFileSync(cut.nmeaFile, "latin1").split("\n");
    // Up to 10 minutes before the cut (the longest delivery delay), line for line the same.
    const safe = part.findIndex((l) => Number(/c:(\d+)/.exec(l)?.[1] ?? 0) * 1000 >= cutAt - 600_000);
    expect(safe).toBeGreaterThan(1000);
    expect(part.slice(0, safe)).toEqual(full.slice(0, safe));
    expect(part.length).toBeLessThan(full.length);
    expect(cut.truth.end).toBe(new Date(cutAt).toISOString());
    for (const e of cut.truth.events) expect(Date.parse(e.end)).toBeLessThanOrEqual(cutAt);
    expect(cut.truth.events.length).toBeLessThan(truth.events.length);
  });
});

describe("scenario files", () => {
  it("reads a JSON scenario over the smoke defaults", () => {
    const file = join(dir, "tiny.json");
    writeFileSync(
      file,
      JSON.stringify({ name: "tiny", days: 0.25, traders: 2, sts: 0, darkSts: 0, loiterers: 0 }),
    );
    const cfg = loadScenario(file);
    expect(cfg).toMatchObject({
      name: "tiny",
      days: 0.25,
      traders: 2,
      sts: 0,
      feedIntervalS: SMOKE.feedIntervalS,
    });
    expect(loadScenario("dprk-2019").days).toBe(60);
    const r = runSim(cfg, 1, join(dir, "tiny"));
    expect(r.truth.scenario).toBe("tiny");
    expect(r.truth.events.some((e) => e.kind === "encounter")).toBe(false);
    expect(r.sentences).toBeGreaterThan(0);
  });
});
