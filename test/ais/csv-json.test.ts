import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { csvRowToGpsdJson } from "../../src/ais/csv-json.js";
import { CsvAisReader } from "../../src/sources/csv.js";

function rowsAsJson(file: string): string[] {
  const out: string[] = [];
  const reader = new CsvAisReader({ onRow: (p, s) => out.push(csvRowToGpsdJson(p, s)) });
  reader.push(readFileSync(new URL(`../fixtures/csv/${file}`, import.meta.url)));
  reader.end();
  return out;
}

describe("csvRowToGpsdJson", () => {
  it("writes one gpsd-named object per row, position and identity together", () => {
    const lines = rowsAsJson("dma.csv");
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0])).toEqual({
      class: "AIS",
      type: 1,
      mmsi: 219000873,
      status: 0,
      speed: 9.8,
      course: 30.3,
      heading: 29,
      lat: 56.99091,
      lon: 10.304543,
      imo: 9395044,
      callsign: "OZWA2",
      shipname: "NORDIC ÆRØ",
      shiptype: 81,
      to_bow: 80,
      to_stern: 19,
      to_port: 8,
      to_starboard: 9,
      draught: 6.2,
      destination: "AARHUS",
      rxtime: "2023-01-01T00:00:00.000Z",
    });
  });

  it("keeps output pure ASCII and leaves out the half a row lacks", () => {
    const lines = rowsAsJson("dma.csv");
    for (const l of lines) expect(l).toMatch(/^[\x20-\x7e]+$/);
    expect(lines[0]).toContain('"shipname":"NORDIC \\u00c6R\\u00d8"');
    const classB = JSON.parse(lines[1]);
    expect(classB).toMatchObject({ type: 18, status: 15, course: null });
    expect("shipname" in classB).toBe(false);
    const noPosition = JSON.parse(lines[3]);
    expect(noPosition).toMatchObject({ type: 5, shipname: "KNUD, THE SECOND", shiptype: 60 });
    expect("lat" in noPosition).toBe(false);
  });
});
