/**
 * `darkfleet ingest tcp://... --detect` as a child process against a feed served by the
 * test: events are printed while the feed is still connected, and the events of the whole
 * run (printed and stored) are byte for byte those of `darkfleet detect` on the same file.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "./feed-server.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
const SAMPLE = join(process.cwd(), "samples/sample.nmea.gz");

const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await sleep(20);
}

let dir: string;
let feedServer: FeedServer;
let port: number;
let connections: Socket[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-live-detect-"));
  feedServer = await startFeedServer();
  ({ port, connections } = feedServer);
});
afterAll(async () => {
  await feedServer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ingest --detect", () => {
  it("emits events while the feed runs, the same as detect on the file", async () => {
    const feed = gunzipSync(readFileSync(SAMPLE));
    const file = join(dir, "feed.nmea");
    writeFileSync(file, feed);
    const db = join(dir, "live.duckdb");
    const live: ChildProcess = spawn(
      process.execPath,
      [CLI, "ingest", `tcp://127.0.0.1:${port}`, "--db", db, "--detect", "--json"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    live.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    live.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => live.on("exit", resolve));
    try {
      await until(() => connections.length === 1);
      await new Promise<void>((resolve) => connections[0].end(feed, resolve));
      // The ingest reconnects once it has read the whole feed; events were printed by then.
      await until(() => connections.length === 2);
      await until(() => stdout.includes("\n"));
    } finally {
      live.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/detect: \d+ positions, [1-9]\d* static reports/);

    const batch = run("detect", file, "--json");
    expect(batch.status).toBe(0);
    expect(batch.stdout.split("\n").length).toBeGreaterThan(100);
    expect(stdout).toBe(batch.stdout);
    const stored = run("events", "--db", db, "--json");
    expect(stored.status).toBe(0);
    const out = join(dir, "batch.jsonl");
    writeFileSync(out, batch.stdout);
    expect(stored.stdout).toBe(run("events", out, "--json").stdout);
  }, 180_000);
});
