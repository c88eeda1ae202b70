/**
 * The DPRK profile's areas (profiles/dprk/zones.geojson) as shipped and as the loader reads
 * them: valid GeoJSON (closed, counter-clockwise, simple [lon, lat] rings inside the
 * region), a source on every feature, the territorial sea holding every DPRK port and no
 * other, its seaward edge about 12 nm off the land mask's coast, and the loader refusing
 * a bad feature with the file and feature named.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLand, shoreDistanceNm } from "../../src/geo/land.js";
import { inZone, type Zone } from "../../src/geo/zones.js";
import { loadProfile, parseZones } from "../../src/profile/load.js";
import { loadPorts } from "../../src/sim/ports.js";
import { RIVERS } from "../../src/sim/waters.js";

const FILE = join(import.meta.dirname, "../../profiles/dprk/zones.geojson");
const raw = JSON.parse(readFileSync(FILE, "utf8")) as {
  type: string;
  features: { type: string; properties: Record<string, string>; geometry: { coordinates: number[][][] } }[];
};
const zones = loadProfile("dprk").zones;
const ofKind = (kind: string) => zones.filter((z) => z.kind === kind);
const inAny = (zs: Zone[], lat: number, lon: number) => zs.some((z) => inZone(z, lat, lon));

/** Twice the signed area (shoelace): positive for a counter-clockwise ring. */
const signedArea = (r: number[][]) =>
  r.slice(1).reduce((s, [x1, y1], i) => s + r[i][0] * y1 - x1 * r[i][1], 0);

/** Proper crossing of segments ab and cd (shared end points do not count). */
function cross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o = (p: number[], q: number[], r: number[]) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

describe("DPRK areas GeoJSON", () => {
  it("names the areas the issue asks for, each with a kind, a source and a note saying how approximate it is", () => {
    expect(raw.type).toBe("FeatureCollection");
    expect(zones.map((z) => z.name)).toEqual([
      "DPRK territorial sea (West Sea)",
      "DPRK territorial sea (East Sea)",
      "DPRK EEZ (West Sea, approximate)",
      "DPRK EEZ (East Sea, approximate)",
      "Korea Bay",
      "West Sea off Nampo",
      "Yellow Sea transfer area",
      "East China Sea STS area",
      "Off Zhoushan and the Saddle Islands",
      "Sea of Japan transfer area",
    ]);
    for (const f of raw.features) {
      expect(f.type).toBe("Feature");
      expect(["territorial_sea", "eez", "area", "sts_area"]).toContain(f.properties.kind);
      expect(f.properties.source.length, f.properties.name).toBeGreaterThan(10);
      expect(f.properties.note, f.properties.name).toMatch(/^approximate/);
    }
  });

  it("has closed, counter-clockwise, simple rings of [lon, lat] inside the region", () => {
    for (const z of zones)
      for (const ring of z.rings) {
        expect(ring[0], z.name).toEqual(ring[ring.length - 1]);
        expect(signedArea(ring), z.name).toBeGreaterThan(0);
        for (const [lon, lat] of ring) {
          // lon first: the region's longitudes (118-136 E) and latitudes (28-44 N) do not overlap
          expect(lon, z.name).toBeGreaterThan(118);
          expect(lon, z.name).toBeLessThan(136);
          expect(lat, z.name).toBeGreaterThan(28);
          expect(lat, z.name).toBeLessThan(44);
        }
        const n = ring.length - 1;
        for (let i = 0; i < n; i++)
          for (let j = i + 2; j < n; j++) {
            if (i === 0 && j === n - 1) continue;
            expect(cross(ring[i], ring[i + 1], ring[j], ring[j + 1]), `${z.name} edges ${i}, ${j}`).toBe(
              false,
            );
          }
      }
  });

  it("holds every DPRK port in the territorial sea, and no Chinese, Korean or Russian port nor the Yalu channel to Dandong", () => {
    const ts = ofKind("territorial_sea");
    expect(ts).toHaveLength(2);
    const ports = loadProfile("dprk").ports;
    for (const p of ports) expect(inAny(ts, p.lat, p.lon), p.name).toBe(p.country === "KP");
    // where the simulator's ships lie in port
    for (const p of loadPorts()) expect(inAny(ts, p.berth.lat, p.berth.lon), p.name).toBe(p.country === "KP");
    const yalu = RIVERS.find((r) => r.name.startsWith("Yalu"));
    const taedong = RIVERS.find((r) => r.name.startsWith("Taedong"));
    for (const q of yalu?.course ?? []) expect(inAny(ts, q.lat, q.lon)).toBe(false);
    for (const q of taedong?.course ?? []) expect(inAny(ts, q.lat, q.lon)).toBe(true);
  });

  it("draws the territorial sea's seaward edge about 12 nm off the coast, the EEZ around it", () => {
    const eez = ofKind("eez");
    for (const z of ofKind("territorial_sea")) {
      const sea = z.rings[0]
        .filter(([lon, lat]) => !isLand(lat, lon))
        .map(([lon, lat]) => shoreDistanceNm(lat, lon));
      const sorted = [...sea].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)], z.name).toBeGreaterThan(11);
      expect(sorted[Math.floor(sorted.length / 2)], z.name).toBeLessThan(14);
      expect(Math.max(...sea), z.name).toBeLessThan(16);
    }
    // Any point of the territorial sea is in the EEZ (random points in its bounding box).
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (u, v) => {
          for (const z of ofKind("territorial_sea")) {
            const [w, s, e, n] = z.bbox;
            const [lat, lon] = [s + v * (n - s), w + u * (e - w)];
            if (inZone(z, lat, lon) && !isLand(lat, lon) && !inAny(eez, lat, lon)) return false;
          }
          return true;
        },
      ),
      { seed: 16, numRuns: 2000 },
    );
  });

  it("refuses a feature without a source, an open ring, or [lat, lon] order, naming file and feature", () => {
    const one = (properties: object, ring: number[][]) =>
      JSON.stringify({
        type: "FeatureCollection",
        features: [{ type: "Feature", properties, geometry: { type: "Polygon", coordinates: [ring] } }],
      });
    const square = [
      [124, 38],
      [125, 38],
      [125, 39],
      [124, 38],
    ];
    expect(() => parseZones(one({ name: "A", kind: "area" }, square), "z.geojson")).toThrow(
      "z.geojson: feature 1 (A): needs name, kind and source",
    );
    expect(() =>
      parseZones(one({ name: "A", kind: "area", source: "s" }, square.slice(0, 3)), "z.geojson"),
    ).toThrow("z.geojson: feature 1 (A): a ring is not closed");
    const swapped = [
      [38, 124],
      [38, 125],
      [100, 125],
      [38, 124],
    ];
    expect(() => parseZones(one({ name: "A", kind: "area", source: "s" }, swapped), "z.geojson")).toThrow(
      "a position is not [lon, lat] in degrees",
    );
    expect(parseZones(one({ name: "A", kind: "area", source: "s" }, square), "z.geojson")[0]).toMatchObject({
      name: "A",
      kind: "area",
      source: "s",
    });
  });
});
