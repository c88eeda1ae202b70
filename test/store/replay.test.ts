/**
 * `darkfleet detect --db` end to end, as child processes on real DuckDB files: replaying
 * the store gives the same events however the feed was split into files and in whatever
 * order they were ingested, the same as detecting the file itself (with the same filters),
 * stores them (a rerun replaces rather than adds), and `darkfleet events` lists them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareRecords, isStatic } from "../../src/model/record-order.js";
import type { Position, Static } from "../../src/model/records.js";
import { replay } from "../../src/store/replay.js";
import { Store } from "../../src/store/store.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
const SAMPLE = join(process.cwd(), "samples/sample.nmea.gz");

function darkfleet(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Cuts NMEA lines into `n` pieces, never between the sentences of one message (they come in a row). */
function split(lines: string[], n: number): string[][] {
  const pieces: string[][] = [];
  let piece: string[] = [];
  let inMessage = false;
  for (const line of lines) {
    if (!inMessage && piece.length >= lines.length / n && pieces.length < n - 1) {
      pieces.push(piece);
      piece = [];
    }
    piece.push(line);
    const m = /!AIVD[MO],(\d),(\d)/.exec(line);
    inMessage = m !== null && m[2] !== m[1];
  }
  pieces.push(piece);
  return pieces;
}

let dir: string;
let whole: string;
let oneDb: string;
let piecesDb: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-replay-"));
  const lines = gunzipSync(readFileSync(SAMPLE)).toString("latin1").trimEnd().split("\n");
  whole = join(dir, "whole.nmea");
  writeFileSync(whole, `${lines.join("\n")}\n`, "latin1");
  oneDb = join(dir, "one.duckdb");
  piecesDb = join(dir, "pieces.duckdb");
  expect(darkfleet("ingest", whole, "--db", oneDb).status).toBe(0);
  const files = split(lines, 4).map((piece, i) => {
    const f = join(dir, `piece-${i}.nmea`);
    writeFileSync(f, `${piece.join("\n")}\n`, "latin1");
    return f;
  });
  expect(files).toHaveLength(4);
  for (const i of [2, 0, 3, 1]) expect(darkfleet("ingest", files[i], "--db", piecesDb).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("detect --db", () => {
  it("gives byte-identical events however the feed was split and ingested", () => {
    const a = darkfleet("detect", "--db", oneDb, "--json");
    const b = darkfleet("detect", "--db", piecesDb, "--json");
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const kinds = new Set(
      a.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { kind: string }).kind),
    );
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["encounter", "gap", "identity", "port_call"]));
    expect(b.stdout).toBe(a.stdout);
    // static reports come from the store too
    expect(a.stderr).toMatch(/ [1-9]\d* static reports/);
    const listed = darkfleet("events", "--db", piecesDb, "--json");
    expect(listed.status).toBe(0);
    expect(listed.stdout).toBe(darkfleet("events", "--db", oneDb, "--json").stdout);
  }, 120_000);

  it("equals detecting the file itself, filters included, and stores what it finds", () => {
    const filters = [
      "--from",
      "2019-03-01T06:00:00Z",
      "--to",
      "2019-03-02T06:00:00Z",
      "--bbox",
      "119,33,127,41",
    ];
    const out = join(dir, "events.jsonl");
    const fromStore = darkfleet("detect", "--db", oneDb, ...filters, "--json", "--out", out);
    const fromFile = darkfleet("detect", whole, ...filters, "--json");
    expect(fromStore.status).toBe(0);
    expect(fromStore.stdout.length).toBeGreaterThan(0);
    expect(fromStore.stdout).toBe(fromFile.stdout);
    expect(readFileSync(out, "utf8")).toBe(fromStore.stdout);
    // the store holds the folded events (what `events FILE` makes of the JSON lines) beside
    // the earlier run's events outside the box
    const stored = darkfleet("events", "--db", oneDb, ...filters.slice(0, 4), "--json").stdout.split("\n");
    const folded = darkfleet("events", out, "--json").stdout.split("\n");
    expect(folded.length).toBeGreaterThan(1);
    expect(stored).toEqual(expect.arrayContaining(folded));
  }, 120_000);

  it("replaces its stored events when run again, and filters the listing", () => {
    expect(darkfleet("detect", "--db", oneDb).status).toBe(0);
    const first = darkfleet("events", "--db", oneDb, "--json").stdout;
    expect(darkfleet("detect", "--db", oneDb, "--kinds", "gap").status).toBe(0);
    expect(darkfleet("events", "--db", oneDb, "--json").stdout).toBe(first);
    const gaps = darkfleet("events", "--db", oneDb, "--kinds", "gap", "--json")
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; vessels: { mmsi: number }[] });
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((e) => e.kind === "gap")).toBe(true);
    const mmsi = gaps[0].vessels[0].mmsi;
    const mine = darkfleet("events", "--db", oneDb, "--mmsi", String(mmsi), "--json")
      .stdout.trim()
      .split("\n");
    expect(mine.every((l) => l.includes(`"mmsi":${mmsi}`))).toBe(true);
    const geo = JSON.parse(darkfleet("events", "--db", oneDb, "--geojson").stdout);
    expect(geo.features.length).toBe(first.trim().split("\n").length);
    const missing = darkfleet("detect", "--db", join(dir, "missing.duckdb"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/missing\.duckdb: no such database\n$/);
    expect(darkfleet("events", "--db", join(dir, "missing.duckdb")).stderr).toMatch(
      /missing\.duckdb: no such database\n$/,
    );
  }, 120_000);

  it("streams the same records in the detectors' total order whatever the window size", async () => {
    const store = await Store.open(piecesDb, { readOnly: true });
    try {
      const read = async (windowRows?: number) => {
        const out: string[] = [];
        let last: Position | Static | null = null;
        let ordered = true;
        const stats = await replay(store, { from: Date.UTC(2019, 2, 2), windowRows }, (r) => {
          // strictly increasing for positions (exact copies are left out); statics may repeat
          if (last !== null && compareRecords(last, r) >= (isStatic(r) ? 1 : 0)) ordered = false;
          last = r;
          out.push(JSON.stringify(r));
        });
        return { out, stats, ordered };
      };
      const big = await read();
      const small = await read(5_000);
      expect(big.ordered && small.ordered).toBe(true);
      expect(small.stats.windows).toBeGreaterThan(big.stats.windows);
      expect(small.stats.statics).toBeGreaterThan(0);
      expect(small.out).toEqual(big.out);
    } finally {
      store.close();
    }
  }, 120_000);

  it("reads static texts as DuckDB holds them: short, long, non-ASCII, a leading BOM, NULL", async () => {
    const store = await Store.open(join(dir, "texts.duckdb"));
    try {
      const texts = [
        "A",
        "TWELVE BYTES",
        "THIRTEEN BYTE",
        "A NAME OF TWENTY CHR",
        "ÅLAND STAR",
        "\ufeffBOM AHEAD",
        "\ufeffB",
        "",
      ];
      const rows = texts.map(
        (x, i) =>
          `(${200000000 + i}, TIMESTAMP '2019-03-01 00:00:00' + INTERVAL ${i} SECOND, 5, NULL, 9074729, '${x}', '${x}',` +
          ` 70, 100, 20, 10, 10, 55, ${i === 2 ? "NULL" : `'${x}'`}, NULL, 1, ${i})`,
      );
      await store.con.run(`INSERT INTO statics VALUES ${rows.join(", ")}`);
      const seen: Static[] = [];
      await replay(store, {}, (r) => seen.push(r as Static));
      expect(seen.map((s) => [s.callsign, s.name, s.destination])).toEqual(
        texts.map((x, i) => {
          const decoded = new TextDecoder().decode(new TextEncoder().encode(x));
          return [decoded, decoded, i === 2 ? null : decoded];
        }),
      );
    } finally {
      store.close();
    }
  });
});
