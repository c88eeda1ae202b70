import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Position, Static } from "../../src/model/records.js";
import type { RejectReason } from "../../src/model/stats.js";
import { CsvAisReader, type CsvAisReaderOptions } from "../../src/sources/csv.js";

const FIXTURES = new URL("../fixtures/csv/", import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

interface Run {
  reader: CsvAisReader;
  positions: [number, Position][];
  statics: [number, Static][];
  rejects: [number, RejectReason][];
}

function read(chunks: Buffer[], opts: CsvAisReaderOptions = {}): Run {
  const run: Run = { reader: null as unknown as CsvAisReader, positions: [], statics: [], rejects: [] };
  run.reader = new CsvAisReader({
    ...opts,
    onPosition: (p, line) => run.positions.push([line, p]),
    onStatic: (s, line) => run.statics.push([line, s]),
    onReject: (reason, line) => run.rejects.push([line, reason]),
  });
  for (const c of chunks) run.reader.push(c);
  run.reader.end();
  return run;
}

const HEADER_2023 =
  "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";

describe("MarineCadastre CSV", () => {
  const run = read([fixture("marinecadastre-2023.csv")]);

  it("recognises the format and counts rows by outcome", () => {
    expect(run.reader.format).toBe("marinecadastre");
    const s = run.reader.stats;
    expect(s.lines).toBe(9);
    expect(s.decoded.csv).toBe(5);
    expect(s.messages).toBe(5);
    expect(s.rejected.invalid_field).toBe(3);
    expect(s.rejected.malformed).toBe(1);
  });

  it("reports each bad row with its line number and reason", () => {
    expect(run.rejects).toEqual([
      [5, "invalid_field"], // MMSI abc123
      [6, "invalid_field"], // month 13
      [7, "invalid_field"], // latitude 95
      [8, "malformed"], // 10 columns of 17
    ]);
  });

  it("maps a Class A row to a position and a static report", () => {
    expect(run.positions[0]).toEqual([
      2,
      {
        mmsi: 367637330,
        t: Date.UTC(2023, 0, 1, 0, 0, 3),
        lat: 29.93385,
        lon: -90.12016,
        sog: 0,
        cog: 274.6,
        heading: null,
        navStatus: 0,
        cls: "A",
        msgType: 1,
      },
    ]);
    expect(run.statics[0]).toEqual([
      2,
      {
        mmsi: 367637330,
        t: Date.UTC(2023, 0, 1, 0, 0, 3),
        imo: 9194359,
        callsign: "WDH5624",
        name: "GULF BREEZE",
        shipType: 31,
        toBow: 16,
        toStern: 15,
        toPort: 5,
        toStarboard: 5,
        draught: 3.5,
        destination: null,
        cls: "A",
        msgType: 5,
      },
    ]);
  });

  it("reads a quoted name with a comma, and Class B", () => {
    const [line, p] = run.positions[1];
    expect(line).toBe(3);
    expect(p).toMatchObject({ mmsi: 338123456, cls: "B", msgType: 18, sog: 12.3, cog: 181.1, heading: 180 });
    expect(p.navStatus).toBeNull();
    expect(run.statics[1][1]).toMatchObject({
      name: "SEA, SKY & STARS",
      imo: null,
      shipType: 37,
      toBow: 6,
      toStern: 6,
      draught: null,
      msgType: 24,
    });
  });

  it("turns 'not available' values into null and emits no static without identity", () => {
    const [line, p] = run.positions[2];
    expect(line).toBe(4);
    expect(p).toMatchObject({ sog: null, cog: null, heading: null, navStatus: 15 });
    expect(run.statics.map(([l]) => l)).toEqual([2, 3, 9]);
  });

  it("keeps identity from a row whose position is not available (91/181)", () => {
    expect(run.positions.map(([l]) => l)).toEqual([2, 3, 4]);
    expect(run.statics[2]).toEqual([
      9,
      expect.objectContaining({
        name: "TANKER ONE",
        imo: 9321483,
        callsign: "D5AB2",
        shipType: 80,
        toBow: 123,
        toStern: 122,
        toPort: 22,
        toStarboard: 21,
        draught: 15.2,
      }),
    ]);
  });

  it("reads the 2024 snake_case variant by column name (longitude first)", () => {
    const r = read([fixture("marinecadastre-2024.csv")]);
    expect(r.reader.format).toBe("marinecadastre");
    expect(r.positions).toEqual([
      [
        2,
        {
          mmsi: 367637330,
          t: Date.UTC(2024, 0, 1, 0, 0, 3),
          lat: 29.93385,
          lon: -90.12016,
          sog: 0.1,
          cog: 274.6,
          heading: 88,
          navStatus: 5,
          cls: "A",
          msgType: 1,
        },
      ],
    ]);
  });

  it("accepts a byte-order mark and CRLF line ends", () => {
    const r = read([fixture("marinecadastre-bom-crlf.csv")]);
    expect(r.reader.format).toBe("marinecadastre");
    expect(r.positions).toHaveLength(1);
    expect(r.statics[0][1].name).toBe("GULF BREEZE");
    expect(r.reader.stats.rejected.malformed).toBe(0);
  });

  it("skips a repeated header (files joined with cat)", () => {
    const one = fixture("marinecadastre-2024.csv");
    const r = read([one, one]);
    expect(r.positions).toHaveLength(2);
    expect(r.reader.stats.lines).toBe(2);
    expect(r.reader.stats.rejected.malformed).toBe(0);
  });
});

describe("Danish Maritime Authority CSV", () => {
  const run = read([fixture("dma.csv")]);
  const byLine = (rows: [number, Position | Static][], line: number) => rows.find(([l]) => l === line)?.[1];

  it("recognises the format and counts rows", () => {
    expect(run.reader.format).toBe("dma");
    expect(run.reader.stats.decoded.csv).toBe(5);
    expect(run.rejects).toEqual([[7, "invalid_field"]]); // 32/12/2022
  });

  it("maps words to AIS codes and A-D to antenna offsets", () => {
    expect(byLine(run.positions, 2)).toEqual({
      mmsi: 219000873,
      t: Date.UTC(2023, 0, 1, 0, 0, 0),
      lat: 56.99091,
      lon: 10.304543,
      sog: 9.8,
      cog: 30.3,
      heading: 29,
      navStatus: 0,
      cls: "A",
      msgType: 1,
    });
    expect(byLine(run.statics, 2)).toEqual({
      mmsi: 219000873,
      t: Date.UTC(2023, 0, 1, 0, 0, 0),
      imo: 9395044,
      callsign: "OZWA2",
      name: "NORDIC ÆRØ",
      shipType: 81, // Tanker, hazard category X
      toBow: 80,
      toStern: 19,
      toPort: 8,
      toStarboard: 9,
      draught: 6.2,
      destination: "AARHUS",
      cls: "A",
      msgType: 5,
    });
  });

  it("treats Unknown/Undefined as null and knows Class B and base stations", () => {
    expect(byLine(run.positions, 3)).toMatchObject({
      cls: "B",
      msgType: 18,
      navStatus: 15,
      sog: 0,
      cog: null,
    });
    expect(byLine(run.statics, 3)).toBeUndefined();
    expect(byLine(run.positions, 4)).toMatchObject({ mmsi: 2190064, msgType: 4 });
    expect(byLine(run.statics, 4)).toBeUndefined();
  });

  it("splits Length/Width amidships when A-D are missing, and reads day-first dates", () => {
    expect(byLine(run.positions, 5)).toBeUndefined(); // latitude 91
    expect(byLine(run.statics, 5)).toMatchObject({
      name: "KNUD, THE SECOND",
      shipType: 60,
      toBow: 25,
      toStern: 25,
      toPort: 6,
      toStarboard: 6,
      destination: null,
    });
    expect(byLine(run.positions, 6)).toMatchObject({
      t: Date.UTC(2022, 11, 31, 23, 59, 59),
      navStatus: 3,
      heading: null,
    });
  });
});

describe("unknown headers and garbage", () => {
  it("rejects every row of an unknown CSV as malformed without throwing", () => {
    const r = read([Buffer.from("a,b,c\n1,2,3\n4,5,6\n")]);
    expect(r.reader.format).toBeNull();
    expect(r.reader.stats.rejected.malformed).toBe(3);
    expect(r.positions).toHaveLength(0);
  });

  it("counts broken quoting and over-long lines", () => {
    const text = `${HEADER_2023}\n367637330,2023-01-01T00:00:03,1,2,0,0,0,"OPEN,,,,,,,,,,A\n${"x".repeat(5000)}\n`;
    const r = read([Buffer.from(text)]);
    expect(r.rejects).toEqual([
      [2, "malformed"],
      [3, "overlong_line"],
    ]);
  });

  it("survives random bytes after a header, and good rows around them still decode", () => {
    const good = "367637330,2023-01-01T00:00:03,29.9,-90.1,0.0,274.6,511.0,A,,,,,,,,,A\n";
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        const r = read([Buffer.from(`${HEADER_2023}\n${good}`), Buffer.from(junk), Buffer.from(`\n${good}`)]);
        expect(r.positions.length).toBeGreaterThanOrEqual(2);
        expect(r.positions.at(-1)?.[1].mmsi).toBe(367637330);
      }),
      { numRuns: 300 },
    );
  });
});

/** CSV quoting as a writer would do it. */
function quote(field: string): string {
  return /[",\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

const nameArb = fc
  .array(fc.constantFrom("A", "B", " ", ",", '"', "Æ", "ø", "€", "😀", "-", "1"), { maxLength: 20 })
  .map((a) => a.join(""));

const rowArb = fc.record({
  mmsi: fc.integer({ min: 1, max: 999_999_999 }),
  t: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => t - (t % 1000)),
  lat: fc.integer({ min: -90_00000, max: 90_00000 }).map((v) => v / 100000),
  lon: fc.integer({ min: -180_00000, max: 180_00000 }).map((v) => v / 100000),
  name: nameArb,
  cls: fc.constantFrom("A", "B"),
});

type Row = typeof rowArb extends fc.Arbitrary<infer R> ? R : never;

function rowsToCsv(rows: Row[]): string {
  const lines = rows.map(
    (r) =>
      `${r.mmsi},${new Date(r.t).toISOString().slice(0, 19)},${r.lat},${r.lon},1.5,90,90,${quote(r.name)},,,,,,,,,${r.cls}`,
  );
  return `${HEADER_2023}\n${lines.join("\n")}\n`;
}

/** Splits bytes at the given cut points (any positions, even inside a UTF-8 character). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  chunks.push(bytes.subarray(prev));
  return chunks;
}

describe("streaming", () => {
  it("gives the same records however the bytes are chunked, and names read back exactly", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, points) => {
          const bytes = Buffer.from(rowsToCsv(rows));
          const whole = read([bytes]);
          const chunked = read(cut(bytes, points));
          expect(chunked.positions).toEqual(whole.positions);
          expect(chunked.statics).toEqual(whole.statics);
          expect(chunked.reader.stats).toEqual(whole.reader.stats);
          expect(chunked.reader.offset).toBe(bytes.length);
          // Independent oracle: the generated rows themselves.
          expect(whole.positions.map(([, p]) => [p.mmsi, p.t, p.lat, p.lon, p.cls])).toEqual(
            rows.map((r) => [r.mmsi, r.t, r.lat, r.lon, r.cls]),
          );
          const names = rows.map((r) => r.name.trim()).filter((n) => n !== "");
          expect(whole.statics.map(([, s]) => s.name)).toEqual(names);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same fixture records for every single split point", () => {
    for (const name of ["marinecadastre-2023.csv", "dma.csv", "marinecadastre-bom-crlf.csv"]) {
      const bytes = fixture(name);
      const whole = read([bytes]);
      for (let p = 0; p <= bytes.length; p++) {
        const split = read([bytes.subarray(0, p), bytes.subarray(p)]);
        expect(split.positions).toEqual(whole.positions);
        expect(split.statics).toEqual(whole.statics);
        expect(split.rejects).toEqual(whole.rejects);
      }
    }
  });

  it("resumes from any row's offset with the saved header, giving the rest of the records", () => {
    const bytes = fixture("dma.csv");
    const marks: { line: number; offset: number }[] = [];
    const full = read([bytes], {});
    const probe = new CsvAisReader({ onRow: () => marks.push({ line: probe.line, offset: probe.offset }) });
    probe.push(bytes);
    probe.end();
    expect(marks.length).toBe(5);
    for (const m of marks) {
      const rest = read([bytes.subarray(m.offset)], {
        header: probe.header ?? undefined,
        startLine: m.line,
        startOffset: m.offset,
      });
      expect(rest.positions).toEqual(full.positions.filter(([l]) => l > m.line));
      expect(rest.statics).toEqual(full.statics.filter(([l]) => l > m.line));
      expect(rest.reader.offset).toBe(bytes.length);
    }
  });
});
