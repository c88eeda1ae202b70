/**
 * The ingest pipeline in process, with inputs whose chunk boundaries and failure points
 * the test chooses: an ingest that dies after any chunk and is then resumed must give the
 * rows and counts of one clean run, even when chunks end between the two sentences of a
 * type 5 or between two copies of a duplicated message. Plus dedup and counting rules.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toSentences } from "../../src/ais/encode.js";
import type { IngestInput } from "../../src/ingest/inputs.js";
import { ingestInput } from "../../src/ingest/pipeline.js";
import type { AisMessage } from "../../src/model/ais.js";
import { listSources } from "../../src/store/ingest-log.js";
import { track } from "../../src/store/queries.js";
import { Store } from "../../src/store/store.js";
import { fixtureText } from "./fixture.js";

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-pipeline-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freshDb = () => join(dir, `t${n++}.duckdb`);

class Crash extends Error {}

/**
 * A file-like input over `text`, cut into chunks of `linesPerChunk` lines (ends at line
 * ends, so many fall inside multi-sentence messages), that throws after `failAfter` chunks.
 */
function memoryInput(text: string, linesPerChunk: number, failAfter = Number.POSITIVE_INFINITY): IngestInput {
  const data = Buffer.from(text);
  return {
    name: "memory.nmea",
    kind: "file",
    path: null,
    size: data.length,
    live: false,
    fingerprint: async () => `test:${data.length}`,
    open(offset) {
      const stream = {
        bytesRead: 0,
        async *[Symbol.asyncIterator]() {
          let pos = offset;
          let chunks = 0;
          while (pos < data.length) {
            let end = pos;
            for (let k = 0; k < linesPerChunk && end < data.length; k++) {
              const nl = data.indexOf(10, end);
              end = nl < 0 ? data.length : nl + 1;
            }
            if (chunks++ >= failAfter) throw new Crash("simulated crash");
            stream.bytesRead += end - pos;
            yield data.subarray(pos, end);
            pos = end;
          }
        },
      };
      return stream;
    },
  };
}

async function contents(db: string) {
  const store = await Store.open(db, { readOnly: true });
  try {
    const positions = await store.rows(
      "SELECT mmsi, epoch_ms(t)::DOUBLE AS t, lat, lon, sog, cog, heading, nav_status, msg_type, line FROM positions_v ORDER BY line",
    );
    const statics = await store.rows(
      "SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type, part, imo, callsign, name, ship_type, draught_dm, line FROM statics ORDER BY line",
    );
    const sources = (await listSources(store)).map(({ offset, line, status, counts }) => ({
      offset,
      line,
      status,
      counts,
    }));
    return { positions, statics, sources };
  } finally {
    store.close();
  }
}

/** Ingests `text` by runs that each die after 2 or 3 chunks, until one reaches the end; returns the runs taken. */
async function ingestCrashing(db: string, text: string, linesPerChunk: number): Promise<number> {
  for (let run = 1; run < 1000; run++) {
    const store = await Store.open(db);
    try {
      const r = await ingestInput(store, memoryInput(text, linesPerChunk, 2 + (run % 2)), { commitRows: 1 });
      expect(r.outcome).toBe("resumed");
      return run;
    } catch (err) {
      if (!(err instanceof Crash)) throw err;
    } finally {
      store.close();
    }
  }
  throw new Error("no progress");
}

describe("resume after a crash", () => {
  const text = fixtureText({ lines: 900, vessels: 15, seed: 3 });

  it("gives the rows and counts of one clean run, wherever it died", async () => {
    const clean = freshDb();
    const store = await Store.open(clean);
    await ingestInput(store, memoryInput(text, 1_000_000));
    store.close();
    const want = await contents(clean);
    expect(want.statics.length).toBeGreaterThan(30);
    expect(want.sources[0].counts.duplicate).toBeGreaterThan(50);
    // Every chunk end is a potential commit, and a crash follows within a chunk or two. Chunks
    // of 7 lines often end between the halves of a type 5, where no commit may happen.
    const db = freshDb();
    expect(await ingestCrashing(db, text, 7)).toBeGreaterThan(40);
    expect(await contents(db)).toEqual(want);
  });
});

describe("CSV exports", () => {
  /** A MarineCadastre-style export: 3 vessels, one row a minute each, some rows repeated. */
  function csvText(rows: number): string {
    const out = [
      "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass",
    ];
    for (let i = 0; i < rows; i++) {
      const mmsi = 367000001 + (i % 3);
      const t = new Date(Date.UTC(2023, 0, 1) + Math.floor(i / 3) * 60_000).toISOString().slice(0, 19);
      const row = `${mmsi},${t},${(29 + i / 1000).toFixed(5)},-90.12016,${(i % 150) / 10},${i % 360}.0,${i % 360}.0,SHIP ${mmsi % 10},IMO9194359,WDH${mmsi % 10},31,0,31,10,3.5,31,A`;
      out.push(row);
      if (i % 17 === 0) out.push(row);
    }
    return `${out.join("\n")}\n`;
  }

  it("stores positions and statics from a CSV export and resumes past its header", async () => {
    const text = csvText(600);
    const clean = freshDb();
    const store = await Store.open(clean);
    const s = await ingestInput(store, memoryInput(text, 1_000_000));
    expect(s.counts).toMatchObject({ position: 600, duplicate: 2 * 36 });
    const t = await track(store, 367000001);
    expect(t).toHaveLength(200);
    expect(t[1]).toMatchObject({
      t: Date.UTC(2023, 0, 1, 0, 1),
      lat: 29.003,
      lon: -90.12016,
      sog: 0.3,
      cog: 3,
      heading: 3,
    });
    store.close();
    const db = freshDb();
    await ingestCrashing(db, text, 11);
    expect(await contents(db)).toEqual(await contents(clean));
  });
});

const base = { class: "AIS" as const, repeat: 0, rxtime: null, station: null };
function type1(mmsi: number, lat: number, second: number): AisMessage {
  return {
    ...base,
    type: 1,
    mmsi,
    status: 0,
    turn: null,
    speed: 10.5,
    accuracy: true,
    lon: 124.5,
    lat,
    course: 90,
    heading: null,
    second,
    maneuver: 0,
    raim: false,
    radio: 0,
  };
}
const line = (msg: AisMessage, c: number, s = "rx1") => toSentences(msg, { tagBlock: { s, c } }).join("\n");

describe("duplicates and counts", () => {
  it("stores a message heard by two receivers within the window once, and again after the window", async () => {
    const m = type1(412000001, 39.1, 5);
    const text = `${[
      line(m, 1_700_000_000, "rx1"),
      line(m, 1_700_000_010, "rx2"), // 10 s later: duplicate
      line(type1(412000001, 39.2, 15), 1_700_000_011), // other content: kept
      line(m, 1_700_000_100, "rx3"), // 100 s after the first: outside the 60 s window, kept
      toSentences(m)[0], // no receive time: not placeable
    ].join("\n")}\n`;
    const db = freshDb();
    const store = await Store.open(db);
    try {
      const s = await ingestInput(store, memoryInput(text, 100));
      expect(s.counts).toMatchObject({ position: 3, duplicate: 1, no_time: 1 });
      const t = await track(store, 412000001);
      expect(t.map((p) => p.t)).toEqual([1_700_000_000_000, 1_700_000_011_000, 1_700_000_100_000]);
      expect(t[0]).toMatchObject({
        lat: 39.1,
        lon: 124.5,
        sog: 10.5,
        cog: 90,
        heading: null,
        navStatus: 0,
        cls: "A",
      });
    } finally {
      store.close();
    }
  });

  it("a window of 0 keeps every copy", async () => {
    const m = type1(412000002, 39.1, 5);
    const text = `${line(m, 1_700_000_000)}\n${line(m, 1_700_000_001, "rx2")}\n`;
    const store = await Store.open(freshDb());
    try {
      const s = await ingestInput(store, memoryInput(text, 100), { dedupWindowMs: 0 });
      expect(s.counts).toMatchObject({ position: 2, duplicate: 0 });
    } finally {
      store.close();
    }
  });
});
