/** End to end: a MarineCadastre CSV export through `darkfleet detect`, then `darkfleet events`. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { at, H, MIN, sail, T0 } from "./synth.js";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const HEADER =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";

function csv(): string {
  const [blat, blon] = at(33, 124.5, 90, 0.1, 1);
  const rows = [
    ...sail(412000001, T0, 33, 124.5, 45, 0.4, 4 * H, 2 * MIN).map((p) => ({
      p,
      name: "SHANG YUAN BAO",
      imo: 8126070,
    })),
    ...sail(445000002, T0, blat, blon, 45, 0.4, 4 * H, 2 * MIN).map((p) => ({ p, name: "PAEK MA", imo: 0 })),
  ].sort((a, b) => a.p.t - b.p.t || a.p.mmsi - b.p.mmsi);
  const lines = rows.map(({ p, name, imo }) =>
    [
      p.mmsi,
      new Date(p.t).toISOString().slice(0, 19),
      p.lat.toFixed(6),
      p.lon.toFixed(6),
      p.sog,
      45,
      511,
      name,
      imo ? `IMO${imo}` : "",
      "",
      80,
      "",
      120,
      20,
      8,
      "",
      "A",
    ].join(","),
  );
  return `${HEADER}\n${lines.join("\n")}\n`;
}

function darkfleet(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("darkfleet detect / events", () => {
  it("finds the encounter in a CSV export and lists it", () => {
    const dir = mkdtempSync(join(tmpdir(), "darkfleet-detect-"));
    const input = join(dir, "ais.csv");
    const out = join(dir, "events.jsonl");
    writeFileSync(input, csv());
    const r = darkfleet(["detect", input, "--json", "--out", out, "--kinds", "encounter"]);
    expect(r.stderr).toMatch(/242 positions/);
    expect(r.status).toBe(0);
    const emitted = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Event);
    expect(emitted.map((e) => e.status)).toEqual(["open", "final"]);
    expect(readFileSync(out, "utf8")).toBe(r.stdout);
    const final = emitted[1];
    expect(final.vessels).toEqual([
      { mmsi: 412000001, imo: 8126070, name: "SHANG YUAN BAO" },
      { mmsi: 445000002, name: "PAEK MA" },
    ]);
    expect(final.attributes.flags).toEqual(["CN", "KP"]);

    const listed = darkfleet(["events", out, "--json"]);
    expect(listed.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(listed.stdout)).toEqual(final);
    const geo = JSON.parse(darkfleet(["events", out, "--geojson", "--mmsi", "445000002"]).stdout);
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0].geometry.type).toBe("LineString");
    expect(JSON.parse(darkfleet(["events", out, "--json", "--kinds", "gap"]).stdout || "null")).toBeNull();
  });
});
