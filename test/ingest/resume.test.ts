/**
 * Exactly once, for real: a child `darkfleet ingest` is SIGKILLed part-way through a file
 * (several times, at growing points), then run to the end; the database must hold exactly
 * the rows and counts of one clean run. Also: re-ingesting a finished file adds nothing.
 * Runs the built CLI (dist/), as `npm test` builds first.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSources } from "../../src/store/ingest-log.js";
import { Store } from "../../src/store/store.js";
import { fixtureText } from "./fixture.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
let dir: string;
let nmea: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-resume-"));
  nmea = join(dir, "big.nmea");
  writeFileSync(nmea, fixtureText({ lines: 120_000, vessels: 300, seed: 7 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ingestSync(db: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [CLI, "ingest", nmea, "--db", db, "--json", ...extra], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { sources: { outcome: string; counts: Record<string, number> }[] };
}

/** Everything an ingest leaves in the file, as comparable values. */
async function snapshot(db: string) {
  const store = await Store.open(db, { readOnly: true });
  try {
    const [p] = await store.rows<Record<string, string>>(
      `SELECT count(*)::VARCHAR AS n, sum(hash(vid, t, t_ms, lat, lon, sog, cog, heading, nav_status, msg_type, second, source_id, line))::VARCHAR AS h FROM positions`,
    );
    const [s] = await store.rows<Record<string, string>>(
      `SELECT count(*)::VARCHAR AS n, sum(hash(mmsi, t, msg_type, part, imo, callsign, name, ship_type, draught_dm, destination, eta, line))::VARCHAR AS h FROM statics`,
    );
    const errors = await store.rows(
      "SELECT source_id, reason, count::DOUBLE AS count FROM decode_errors ORDER BY ALL",
    );
    const sources = (await listSources(store)).map(({ name, offset, line, status, counts }) => ({
      name,
      offset,
      line,
      status,
      counts,
    }));
    return { positions: p, statics: s, errors, sources };
  } finally {
    store.close();
  }
}

/** Starts an ingest and SIGKILLs it once its WAL has grown past `walBytes` (i.e. after some commits). */
async function killPartWay(db: string, walBytes: number): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, "ingest", nmea, "--db", db, "--commit-rows", "3000"],
    {
      stdio: "ignore",
    },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done) {
    const wal = `${db}.wal`;
    if (existsSync(wal) && statSync(wal).size > walBytes) {
      child.kill("SIGKILL");
      break;
    }
    await sleep(2);
  }
  await exited;
}

describe("ingest exactly once", () => {
  it("a run killed with SIGKILL and run again ends with the rows of one clean run", async () => {
    const clean = join(dir, "clean.duckdb");
    const first = ingestSync(clean);
    expect(first.sources[0].outcome).toBe("ingested");
    const want = await snapshot(clean);
    expect(Number(want.positions.n)).toBeGreaterThan(50_000);
    expect(want.sources[0].status).toBe("done");
    expect(want.sources[0].offset).toBe(statSync(nmea).size);

    const killed = join(dir, "killed.duckdb");
    const offsets: number[] = [];
    for (const walBytes of [30_000, 200_000, 500_000]) {
      await killPartWay(killed, walBytes);
      const mid = await snapshot(killed);
      offsets.push(mid.sources[0].offset);
      // The kill landed part-way: committed, not finished.
      expect(mid.sources[0].status).toBe("running");
      expect(mid.sources[0].offset).toBeLessThan(statSync(nmea).size);
      expect(Number(mid.positions.n)).toBeLessThan(Number(want.positions.n));
    }
    expect(offsets.at(-1)).toBeGreaterThan(0);
    const resumed = ingestSync(killed);
    expect(resumed.sources[0].outcome).toBe("resumed");
    expect(await snapshot(killed)).toEqual(want);
  });

  it("ingesting the same file again adds nothing", async () => {
    const db = join(dir, "twice.duckdb");
    ingestSync(db);
    const once = await snapshot(db);
    const again = ingestSync(db);
    expect(again.sources[0].outcome).toBe("skipped");
    expect(await snapshot(db)).toEqual(once);
  });
});
