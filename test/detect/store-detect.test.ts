/**
 * Detecting over the store on two threads (windows read and ordered here, the detectors
 * on a worker) gives the events of one thread, byte for byte and in the same order, over
 * many windows (whose buffers go to the worker and come back to be filled again), time
 * filters that cut windows included; a worker that fails makes the run fail. The compiled
 * module is used, as the worker runs the built JavaScript.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as StoreDetect from "../../src/detect/engine/store-detect.js";
import type * as StoreModule from "../../src/store/store.js";

const DIST = join(process.cwd(), "dist");
const { detectFromStore } = (await import(join(DIST, "detect/engine/store-detect.js"))) as typeof StoreDetect;
const { Store } = (await import(join(DIST, "store/store.js"))) as typeof StoreModule;

let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-store-detect-"));
  db = join(dir, "sample.duckdb");
  const r = spawnSync(process.execPath, [
    join(DIST, "cli/main.js"),
    "ingest",
    "samples/sample.nmea.gz",
    "--db",
    db,
  ]);
  expect(r.status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(options: StoreDetect.StoreDetectOptions, profile = "dprk") {
  const store = await Store.open(db, { readOnly: true });
  const events: string[] = [];
  try {
    const result = await detectFromStore(store, options, { profile, latenessMin: 10 }, (e) =>
      events.push(JSON.stringify(e)),
    );
    return { events, ...result };
  } finally {
    store.close();
  }
}

describe("detectFromStore", () => {
  it("gives the same events on two threads as on one, over many windows and cut by time", async () => {
    const cases: StoreDetect.StoreDetectOptions[] = [
      { windowRows: 40_000 },
      { windowRows: 25_000, from: Date.UTC(2019, 2, 2, 3, 17), to: Date.UTC(2019, 2, 5, 20, 41, 13) },
    ];
    for (const options of cases) {
      const one = await run({ ...options, threads: 1 });
      const two = await run({ ...options, threads: 2 });
      expect(one.replay.windows).toBeGreaterThan(8);
      expect(one.events.length).toBeGreaterThan(100);
      expect(two.events).toEqual(one.events);
      expect(two.stats).toEqual(one.stats);
      expect(two.replay).toEqual(one.replay);
    }
  }, 120_000);

  it("fails when the worker fails", async () => {
    await expect(run({ windowRows: 40_000, threads: 2 }, "no-such-profile")).rejects.toThrow(
      /no-such-profile/,
    );
  }, 60_000);
});
