/**
 * Opening database files: a new file gets the current schema, an older one is migrated,
 * and a newer, damaged, foreign or locked one is refused with a one-line error naming the
 * file, leaving its bytes unchanged.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../../src/model/event.js";
import { EventWriter, listEvents } from "../../src/store/events.js";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { Store, StoreError } from "../../src/store/store.js";

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-store-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name = `db${n++}.duckdb`) => join(dir, name);
const digest = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

async function tables(store: Store): Promise<string[]> {
  const rows = await store.rows<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** Expects opening to fail with a StoreError whose message is one line, names the file and matches `re`. */
async function expectRefused(p: string, re: RegExp, readOnly = false): Promise<void> {
  const err = await Store.open(p, { readOnly }).then(
    (s) => {
      s.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  const msg = (err as Error).message;
  expect(msg).not.toContain("\n");
  expect(msg).toContain(p);
  expect(msg).toMatch(re);
}

describe("Store.open", () => {
  it("creates the current schema in a new file", async () => {
    const s = await Store.open(path());
    expect(s.version).toBe(SCHEMA_VERSION);
    expect(await tables(s)).toEqual([
      "anchorages",
      "anchorages_basis",
      "bus_applied",
      "decode_errors",
      "events",
      "identity_history",
      "ingest_log",
      "positions",
      "positions_v",
      "schema_version",
      "statics",
      "vessels",
      "watchlist",
    ]);
    s.close();
  });

  it("migrates a file of an older version, keeping its rows", async () => {
    const p = path();
    const old = await Store.open(p, { targetVersion: 1 });
    expect(old.version).toBe(1);
    await old.con.run("INSERT INTO vessels VALUES (7, 412000001)");
    await old.con.run(
      "INSERT INTO positions VALUES (7, '2024-01-01 00:00:00', 0, 1, 2, 3, 4, 5, 0, 1, 0, 1, 1)",
    );
    expect(await tables(old)).not.toContain("identity_history");
    old.close();
    const s = await Store.open(p);
    expect(s.version).toBe(SCHEMA_VERSION);
    expect(await tables(s)).toContain("identity_history");
    expect(await s.rows("SELECT mmsi, lat FROM positions_v")).toEqual([{ mmsi: 412000001, lat: 1 / 600000 }]);
    expect(
      (await s.rows<{ v: number }>("SELECT version AS v FROM schema_version ORDER BY 1")).map((r) => r.v),
    ).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    s.close();
  });

  it("stores an event with no place as null, not 0,0, in a file migrated from version 3", async () => {
    const p = path();
    (await Store.open(p, { targetVersion: 3 })).close();
    const s = await Store.open(p);
    const w = await EventWriter.open(s);
    const e: Event = {
      id: "e1",
      kind: "identity",
      status: "final",
      start: Date.UTC(2022, 0, 3),
      end: Date.UTC(2022, 0, 3),
      vessels: [{ mmsi: 412000001 }],
      lat: null,
      lon: null,
      attributes: { type: "imo_invalid", imo: 1 },
      evidence: [],
      detector: "identity@1",
      configHash: "x",
    };
    w.put(e);
    await w.close();
    expect(await listEvents(s)).toEqual([e]);
    s.close();
  });

  it("adds the events table to a version 2 file", async () => {
    const p = path();
    const old = await Store.open(p, { targetVersion: 2 });
    expect(await tables(old)).not.toContain("events");
    old.close();
    const s = await Store.open(p);
    expect(s.version).toBe(SCHEMA_VERSION);
    expect(await s.rows("SELECT count(*)::DOUBLE AS n FROM events")).toEqual([{ n: 0 }]);
    s.close();
  });

  it("adds the watchlist table to a version 3 file", async () => {
    const p = path();
    const old = await Store.open(p, { targetVersion: 3 });
    expect(await tables(old)).not.toContain("watchlist");
    old.close();
    const s = await Store.open(p);
    expect(s.version).toBe(SCHEMA_VERSION);
    expect(await s.rows("SELECT count(*)::DOUBLE AS n FROM watchlist")).toEqual([{ n: 0 }]);
    s.close();
  });

  it("refuses a file of a newer schema and leaves it unchanged", async () => {
    const p = path();
    const s = await Store.open(p);
    await s.con.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    s.close();
    const before = digest(p);
    await expectRefused(p, /newer/);
    await expectRefused(p, /newer/, true);
    expect(digest(p)).toBe(before);
  });

  it("refuses a damaged file and a file that is not a database, leaving them unchanged", async () => {
    const good = path();
    (await Store.open(good)).close();
    const damaged = path();
    copyFileSync(good, damaged);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(damaged, bytes);
    const text = path("notes.duckdb");
    writeFileSync(text, "this is not a database\n".repeat(500));
    for (const p of [damaged, text]) {
      const before = digest(p);
      await expectRefused(p, /damaged|not a DuckDB|not a darkfleet/);
      expect(digest(p)).toBe(before);
    }
  });

  it("refuses a DuckDB file that another program made", async () => {
    const p = path();
    const db = await DuckDBInstance.create(p);
    const con = await db.connect();
    await con.run("CREATE TABLE t (x INTEGER)");
    con.closeSync();
    db.closeSync();
    await expectRefused(p, /not a darkfleet database/);
  });

  it("read-only opening of a missing file creates nothing", async () => {
    const p = path();
    await expectRefused(p, /no such database/, true);
    expect(() => readFileSync(p)).toThrow();
  });

  it("refuses a file another process holds open", async () => {
    const p = path();
    (await Store.open(p)).close();
    const script = `
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const db = await DuckDBInstance.create(${JSON.stringify(p)});
      await db.connect();
      process.stdout.write("open\\n");
      setTimeout(() => {}, 60000);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", () => resolve());
        child.on("exit", () => reject(new Error("holder exited")));
      });
      const before = digest(p);
      await expectRefused(p, /locked by another process/);
      await expectRefused(p, /locked by another process/, true);
      expect(digest(p)).toBe(before);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
