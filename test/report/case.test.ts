/**
 * `darkfleet case` on a real store (smoke scenario): GeoJSON per RFC 7946, KML 2.2 through
 * an XML parser, CSV rows, and the HTML file opened in headless Chromium (where installed):
 * nothing requested, the map drawn, a screenshot kept in test-artifacts/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { FeatureCollection, LineString, Point } from "geojson";
import { beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { CASE_CSV_HEADER } from "../../src/report/case-csv.js";
import { darkfleet, smokeStore } from "../support/smoke-store.js";

let db: string;
let dir: string;
let mmsi: number;
let events: Event[];

beforeAll(() => {
  const s = smokeStore();
  [db, dir] = [s.db, s.dir];
  mmsi = (s.truth.deliveries ?? [])[0].vessel.mmsi;
  events = darkfleet(["events", "--db", db, "--mmsi", String(mmsi), "--json"])
    .stdout.trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Event);
}, 120_000);

const evidenceCount = () => events.reduce((a, e) => a + e.evidence.length, 0);

describe("darkfleet case", () => {
  it("writes GeoJSON per RFC 7946: [lon, lat], no crs, the track, each event and its evidence", () => {
    const r = darkfleet(["case", String(mmsi), "--db", db, "--format", "geojson"]);
    expect(r.status).toBe(0);
    const fc = JSON.parse(r.stdout) as FeatureCollection;
    expect(fc.type).toBe("FeatureCollection");
    expect("crs" in fc).toBe(false);
    const layer = (n: string) => fc.features.filter((f) => f.properties?.layer === n);
    const track = layer("track");
    expect(track).toHaveLength(1);
    const line = track[0].geometry as LineString;
    expect(line.coordinates.length).toBe(track[0].properties?.positions);
    expect(layer("event").map((f) => f.id)).toEqual(events.map((e) => e.id));
    expect(layer("evidence")).toHaveLength(evidenceCount());
    for (const f of [...layer("event"), ...layer("evidence")]) {
      const [lon, lat] = (f.geometry as Point).coordinates;
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    }
    // The smoke scenario lies in the Yellow Sea: longitude first, 118-130 E; latitude 30-42 N.
    for (const [lon, lat] of line.coordinates) {
      expect(lon).toBeGreaterThan(118);
      expect(lat).toBeLessThan(42);
    }
  });

  it("writes KML 2.2 an XML parser reads: tracks, events with time spans, evidence points", () => {
    const r = darkfleet(["case", "--mmsi", String(mmsi), "--db", db, "--format", "kml"]);
    expect(r.status).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const kml = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (name) => ["Folder", "Placemark"].includes(name),
    }).parse(r.stdout);
    expect(kml.kml["@_xmlns"]).toBe("http://www.opengis.net/kml/2.2");
    const folders = kml.kml.Document.Folder as { name: string; Placemark?: Record<string, unknown>[] }[];
    expect(folders.map((f) => f.name)).toEqual(["Tracks", "Events", "Evidence"]);
    expect(folders[0].Placemark).toHaveLength(1);
    expect(folders[1].Placemark).toHaveLength(events.length);
    expect(folders[2].Placemark).toHaveLength(evidenceCount());
    const first = folders[1].Placemark![0] as { Point: { coordinates: string }; TimeSpan: { begin: string } };
    expect(first.Point.coordinates).toBe(`${events[0].lon},${events[0].lat}`);
    expect(first.TimeSpan.begin).toBe(new Date(events[0].start).toISOString());
  });

  it("writes CSV: the evidence rows, then the track", () => {
    const rows = darkfleet(["case", String(mmsi), "--db", db, "--format", "csv"])
      .stdout.trim()
      .split("\n");
    expect(rows[0]).toBe(CASE_CSV_HEADER);
    const evidence = rows.filter((r) => r.startsWith("evidence,"));
    expect(evidence).toHaveLength(evidenceCount());
    const [, id, kind, m, time, lat, lon] = evidence[0].split(",");
    const p = events[0].evidence[0];
    expect([id, kind, Number(m), time, Number(lat), Number(lon)]).toEqual([
      events[0].id,
      events[0].kind,
      p[4],
      new Date(p[0]).toISOString(),
      p[1],
      p[2],
    ]);
    expect(rows.some((r) => r.startsWith("track,"))).toBe(true);
  });

  it("writes a case for one event with the tracks of every vessel in it", () => {
    const enc = events.find((e) => e.kind === "encounter")!;
    const r = darkfleet(["case", "--event", enc.id, "--db", db, "--format", "geojson"]);
    const fc = JSON.parse(r.stdout) as FeatureCollection;
    const tracks = fc.features.filter((f) => f.properties?.layer === "track").map((f) => f.properties?.mmsi);
    expect(tracks.sort()).toEqual(enc.vessels.map((v) => v.mmsi).sort());
  });

  it("says so in one line when the subject is missing or unclear", () => {
    const none = darkfleet(["case", "123456789", "--db", db]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("darkfleet: no vessel with MMSI 123456789 in the store\n");
    const two = darkfleet(["case", "123", "--event", "x", "--db", db]);
    expect(two.status).toBe(1);
    expect(two.stderr).toMatch(/^darkfleet: name one subject/);
    expect(darkfleet(["case", "123", "--format", "pdf", "--db", db]).stderr).toMatch(
      /unknown --format 'pdf'/,
    );
  });

  it("writes one self-contained HTML file that makes no request", () => {
    const out = join(dir, "case.html");
    expect(darkfleet(["case", String(mmsi), "--db", db, "--out", out]).status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).toContain('<path class="land"');
    expect(html.match(/<circle class="point"/g)?.length).toBe(events.length + evidenceCount());
    for (const e of events) expect(html).toContain(`id="ev-${e.id}"`);
  });

  it.skipIf(!existsSync("/usr/bin/chromium"))(
    "renders in headless Chromium: map drawn, nothing refused, screenshot kept",
    () => {
      const out = join(dir, "case.html");
      darkfleet(["case", String(mmsi), "--db", db, "--out", out]);
      const artefacts = join(import.meta.dirname, "../../test-artifacts");
      mkdirSync(artefacts, { recursive: true });
      const shot = join(artefacts, "case.png");
      const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"];
      const dom = spawnSync("/usr/bin/chromium", [...flags, "--dump-dom", `file://${out}`], {
        encoding: "utf8",
      });
      expect(dom.stdout).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="map"');
      expect(dom.stdout).toContain("<h2>Evidence</h2>");
      // A blocked request or a script error shows on the console log Chromium writes to stderr.
      expect(dom.stderr).not.toMatch(/CONSOLE|Refused to|ERR_/);
      const r = spawnSync(
        "/usr/bin/chromium",
        [...flags, `--screenshot=${shot}`, "--window-size=1000,1400", `file://${out}`],
        { encoding: "utf8" },
      );
      expect(r.stderr).not.toMatch(/CONSOLE|Refused to|ERR_/);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
    },
  );
});
