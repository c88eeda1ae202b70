import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import { distanceM } from "../../src/geo/distance.js";
import { isLand } from "../../src/geo/land.js";
import type { Confounder, Truth } from "../../src/model/truth.js";
import { inBox } from "../../src/sim/reception.js";
import { runSim, type SimResult } from "../../src/sim/run.js";
import { type Box, loadScenario, type ScenarioConfig, SMOKE } from "../../src/sim/scenario.js";

const H = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), "darkfleet-realsea-"));
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Only the real sea's look-alikes, a few plain traders, and the data holes. */
const REAL_SEA: ScenarioConfig = {
  ...SMOKE,
  name: "real-sea",
  days: 5,
  traders: 14,
  fishingFleets: 0,
  tugPorts: 0,
  convoys: 0,
  sts: 0,
  darkSts: 0,
  loiterers: 0,
  spoofJumps: 0,
  spoofLand: 0,
  clones: 0,
  renames: 0,
  reflags: 0,
  badImos: 0,
  riverVessels: 2,
  anchorageShips: 3,
  ferries: 2,
  marinaBoats: 3,
  outages: 1,
  dropouts: 1,
  // The Bohai and the Korea Bay clipped off: traders to Dalian or Tianjin leave the export and come back.
  exportArea: { west: 115, south: 27, east: 127, north: 38.5 },
};

interface Fix {
  t: number;
  lat: number;
  lon: number;
  sog: number;
  cls: "A" | "B";
}

function decode(file: string) {
  const fixes = new Map<number, Fix[]>();
  const types = new Map<number, number>();
  const dec = new NmeaDecoder({
    onMessage: (m) => {
      if ((m.type === 1 || m.type === 18) && m.lat !== null && m.lon !== null && m.rxtime !== null) {
        const list = fixes.get(m.mmsi) ?? [];
        list.push({ t: m.rxtime, lat: m.lat, lon: m.lon, sog: m.speed ?? 0, cls: m.type === 1 ? "A" : "B" });
        fixes.set(m.mmsi, list);
      } else if ((m.type === 5 || m.type === 24) && "shiptype" in m && typeof m.shiptype === "number")
        types.set(m.mmsi, m.shiptype);
    },
  });
  dec.push(readFileSync(file));
  dec.end();
  for (const list of fixes.values()) list.sort((a, b) => a.t - b.t);
  return { fixes, types };
}

let run: SimResult;
let truth: Truth;
let feed: ReturnType<typeof decode>;

beforeAll(() => {
  run = runSim(REAL_SEA, 5, join(dir, "a"));
  truth = JSON.parse(readFileSync(run.truthFile, "utf8")) as Truth;
  feed = decode(run.nmeaFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const named = (name: string) => truth.confounders.filter((c) => c.name === name);
const span = (c: Confounder) => [Date.parse(c.start), Date.parse(c.end)] as const;
const fixesIn = (mmsi: number, t0: number, t1: number) =>
  (feed.fixes.get(mmsi) ?? []).filter((f) => f.t >= t0 && f.t < t1);

describe("the real sea's confounders", () => {
  it("marks each in truth with the kinds a naive rule would report", () => {
    const looks = new Map(truth.confounders.map((c) => [c.name, c.looksLike]));
    expect(looks.get("river_traffic")).toContain("spoofing");
    for (const name of ["anchorage_queue", "bunkering", "tug_assist", "ferry_berth", "marina"])
      expect(looks.get(name as Confounder["name"]), name).toContain("encounter");
    for (const name of ["feed_outage", "receiver_dropout", "area_exit"])
      expect(looks.get(name as Confounder["name"]), name).toContain("gap");
  });

  it("sails rivers where the land mask says land, continuously, at river speeds", () => {
    const rivers = named("river_traffic");
    expect(rivers.map((c) => c.detail).sort()).toEqual([
      "Huangpu to the Bund",
      "Taedong to Pyongyang",
      "Yalu to Dandong",
      "Yangtze to Jiangyin",
    ]);
    let onLand = 0;
    for (const c of rivers) {
      for (const v of c.vessels) {
        const list = feed.fixes.get(v.mmsi) ?? [];
        for (let k = 1; k < list.length; k++) {
          const [a, b] = [list[k - 1], list[k]];
          if (!isLand(b.lat, b.lon) || b.t === a.t) continue;
          if (b.sog > 1) {
            onLand++;
            expect(b.sog, `${v.mmsi}`).toBeGreaterThanOrEqual(5.5);
            expect(b.sog, `${v.mmsi}`).toBeLessThanOrEqual(10.5);
          }
          // No jump: never faster between fixes than the vessel could sail.
          const kn = distanceM(a.lat, a.lon, b.lat, b.lon) / 1852 / ((b.t - a.t) / H);
          expect(kn, `${v.mmsi} at ${b.lat},${b.lon}`).toBeLessThan(12);
        }
      }
    }
    expect(onLand).toBeGreaterThan(50);
    // Cargo ships and tankers (those in the export's area broadcast their type).
    const types = rivers
      .flatMap((c) => c.vessels.map((v) => feed.types.get(v.mmsi) ?? 0))
      .filter((t) => t > 0);
    expect(types.length).toBeGreaterThan(3);
    for (const t of types) expect([70, 80]).toContain(t);
  });

  it("anchors ships close together outside ports, with a bunker barge, a tug and a pilot alongside", () => {
    expect(named("anchorage_queue")).toHaveLength(4);
    for (const name of ["bunkering", "tug_assist"]) {
      // Those in the export's area.
      const list = named(name).filter((c) => feed.types.has(c.vessels[0].mmsi));
      expect(list.length, name).toBeGreaterThan(3);
      for (const c of list) {
        const [t0, t1] = span(c);
        const [boat, ship] = c.vessels.map((v) => fixesIn(v.mmsi, t0 + 5 * 60_000, t1 - 5 * 60_000));
        // A bunker barge is a tanker; a tug (52) or a pilot boat (50) assists.
        expect(name === "bunkering" ? [80] : [50, 52]).toContain(feed.types.get(c.vessels[0].mmsi));
        for (const f of boat) {
          const near = ship.reduce((m, g) => (Math.abs(g.t - f.t) < Math.abs(m.t - f.t) ? g : m), ship[0]);
          if (near === undefined) continue;
          expect(distanceM(f.lat, f.lon, near.lat, near.lon)).toBeLessThan(100);
          expect(f.sog).toBeLessThan(1);
        }
      }
    }
  });

  it("works pilot boats, patrols, dredgers and rescue craft (their own AIS types) among the anchored ships", () => {
    const crafts = named("harbour_craft");
    const whole = crafts.filter((c) => c.vessels.length === 4);
    expect(whole).toHaveLength(4);
    const seen = new Set(whole.flatMap((c) => c.vessels.map((v) => feed.types.get(v.mmsi) ?? 0)));
    for (const t of [50, 55, 33, 51]) expect(seen, String(t)).toContain(t);
    // Dredgers keep working slowly: under way at 1-2 kn.
    const dredgers = whole.map((c) => c.vessels[2].mmsi).filter((m) => feed.types.get(m) === 33);
    const speeds = dredgers.flatMap((m) => (feed.fixes.get(m) ?? []).map((f) => f.sog));
    expect(speeds.filter((v) => v > 0.5 && v < 2.5).length / speeds.length).toBeGreaterThan(0.9);
    // Boardings: a patrol alongside an anchored ship.
    expect(crafts.filter((c) => c.vessels.length === 2).length).toBeGreaterThan(0);
  });

  it("lays ferries (passenger types) alongside each other at their berths for hours", () => {
    const ferries = named("ferry_berth");
    expect(ferries).toHaveLength(2);
    for (const c of ferries) {
      const [a, b] = c.vessels.map((v) => feed.fixes.get(v.mmsi) ?? []);
      for (const v of c.vessels) expect(feed.types.get(v.mmsi)).toBeGreaterThanOrEqual(60);
      for (const v of c.vessels) expect(feed.types.get(v.mmsi)).toBeLessThanOrEqual(69);
      // Overnight: both still, within 500 m, over a span of hours.
      const close = a.filter(
        (f) =>
          f.sog < 0.5 &&
          b.some(
            (g) =>
              Math.abs(g.t - f.t) < 600_000 && g.sog < 0.5 && distanceM(f.lat, f.lon, g.lat, g.lon) < 500,
          ),
      );
      expect(close.length).toBeGreaterThan(10);
      expect(close.at(-1)!.t - close[0].t).toBeGreaterThan(4 * H);
    }
  });

  it("moors yachts (Class B, sailing and pleasure) close together in marinas", () => {
    for (const c of named("marina")) {
      for (const v of c.vessels) {
        expect([36, 37]).toContain(feed.types.get(v.mmsi));
        expect((feed.fixes.get(v.mmsi) ?? []).every((f) => f.cls === "B")).toBe(true);
      }
      const [a, b] = c.vessels.map((v) => (feed.fixes.get(v.mmsi) ?? []).filter((f) => f.sog < 0.5));
      expect(distanceM(a[0].lat, a[0].lon, b[0].lat, b[0].lon)).toBeLessThan(100);
    }
  });

  it("silences the whole feed in an outage: no sentence from any vessel for its span", () => {
    const [outage] = named("feed_outage");
    const [t0, t1] = span(outage);
    expect(t1 - t0).toBeGreaterThanOrEqual(13 * H);
    const inside = readFileSync(run.nmeaFile, "latin1")
      .split("\n")
      .filter((l) => {
        const c = Number(/c:(\d+)/.exec(l)?.[1] ?? Number.NaN) * 1000;
        return c >= t0 && c < t1;
      });
    expect(inside).toEqual([]);
    // It names every vessel it silenced: most of the fleet.
    expect(outage.vessels.length).toBeGreaterThan(truth.vessels / 2);
  });

  it("silences one receiver region in a dropout, and only that region", () => {
    const [drop] = named("receiver_dropout");
    const [t0, t1] = span(drop);
    const boxes: Record<string, Box> = {
      "region Bohai": { west: 117.5, south: 37.0, east: 122.5, north: 41.0 },
      "region Korea west coast": { west: 125.5, south: 34.0, east: 127.0, north: 38.0 },
      "region Shanghai approaches": { west: 120.5, south: 29.5, east: 123.5, north: 32.5 },
    };
    const box = boxes[drop.detail ?? ""];
    let outside = 0;
    for (const list of feed.fixes.values())
      for (const f of list) {
        if (f.t < t0 || f.t >= t1) continue;
        expect(inBox(box, f.lat, f.lon), `${f.lat},${f.lon}`).toBe(false);
        outside++;
      }
    expect(outside).toBeGreaterThan(100);
    expect(drop.vessels.length).toBeGreaterThan(0);
  });

  it("clips the export to its area: nothing outside it, and ships that leave come back hours later", () => {
    const area = REAL_SEA.exportArea!;
    for (const list of feed.fixes.values())
      for (const f of list) expect(inBox(area, f.lat, f.lon)).toBe(true);
    const exits = named("area_exit");
    expect(exits.length).toBeGreaterThan(0);
    for (const c of exits) {
      const [t0, t1] = span(c);
      expect(t1 - t0).toBeGreaterThanOrEqual(6 * H);
      expect(fixesIn(c.vessels[0].mmsi, t0 + 1000, t1)).toEqual([]);
    }
  });

  it("is deterministic: same seed, same bytes", () => {
    const again = runSim(REAL_SEA, 5, join(dir, "b"));
    expect(sha(again.nmeaFile)).toBe(sha(run.nmeaFile));
    expect(sha(again.truthFile)).toBe(sha(run.truthFile));
  });
});

describe("unsorted archives", () => {
  const cfg: ScenarioConfig = { ...SMOKE, name: "order", days: 1.5 };
  const lines = (order: ScenarioConfig["order"]) =>
    readFileSync(runSim({ ...cfg, order }, 2, join(dir, order)).nmeaFile, "latin1")
      .split("\n")
      .filter((l) => l !== "");
  /** A line's c: time, s; NaN for noise (stray bytes may hold anything). */
  const secs = (l: string) => {
    const t = Number(/^\\s:[^,]*,c:(\d+)\*/.exec(l)?.[1] ?? Number.NaN);
    return t > 1e9 ? t : Number.NaN;
  };

  it("has dprk-2019 as an unsorted archive too, the same scenario grouped by vessel", () => {
    const { name, order, ...rest } = loadScenario("dprk-2019-unsorted");
    const { name: _, order: sorted, ...base } = loadScenario("dprk-2019");
    expect([name, order, sorted]).toEqual(["dprk-2019-unsorted", "by-vessel", "delivery"]);
    expect(rest).toEqual(base);
  });

  it("writes the same records shuffled within an hour, or grouped by vessel within each day", () => {
    const base = lines("delivery");
    const shuffled = lines("shuffled");
    const byVessel = lines("by-vessel");
    expect([...shuffled].sort()).toEqual([...base].sort());
    expect([...byVessel].sort()).toEqual([...base].sort());
    // Shuffled: often back in time, but never by more than the hour window (plus delivery delay).
    const back = (list: string[]) =>
      list
        .map(secs)
        .filter((t, k, a) => k > 0 && Number.isFinite(t) && Number.isFinite(a[k - 1]) && t < a[k - 1]);
    expect(back(shuffled).length).toBeGreaterThan(shuffled.length * 0.4);
    expect(back(base).length).toBeLessThan(base.length * 0.35);
    let prevMax = 0;
    for (const t of shuffled.map(secs).filter(Number.isFinite)) {
      expect(t).toBeGreaterThan(prevMax - 2 * 3600 - 600);
      prevMax = Math.max(prevMax, t);
    }
    // By vessel: a multi-sentence message keeps its lines together, and within a day the
    // decoded MMSIs only rise.
    const mmsis: { day: number; mmsi: number }[] = [];
    const dec = new NmeaDecoder({
      onMessage: (m) => {
        if (m.rxtime !== null) mmsis.push({ day: Math.floor(m.rxtime / 86_400_000), mmsi: m.mmsi });
      },
    });
    dec.push(Buffer.from(`${byVessel.join("\n")}\n`, "latin1"));
    dec.end();
    const fromBase = new NmeaDecoder({ onMessage: () => undefined });
    fromBase.push(Buffer.from(`${base.join("\n")}\n`, "latin1"));
    fromBase.end();
    expect(dec.stats.messages).toBe(fromBase.stats.messages);
    let falls = 0;
    for (let k = 1; k < mmsis.length; k++) if (mmsis[k].mmsi < mmsis[k - 1].mmsi) falls++;
    // One fall per day boundary at most.
    expect(falls).toBeLessThanOrEqual(3);
  });
});
