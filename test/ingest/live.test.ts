/**
 * Live ingest from a real TCP feed (a local server): rows are committed while the feed is
 * still open (small batches, readable from another connection), the ingest survives the
 * feed dropping mid-line and coming back, and stops cleanly on abort.
 */
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toSentences } from "../../src/ais/encode.js";
import { resolveInputs } from "../../src/ingest/inputs.js";
import { ingestInput } from "../../src/ingest/pipeline.js";
import type { AisMessage } from "../../src/model/ais.js";
import { listSources } from "../../src/store/ingest-log.js";
import { Store } from "../../src/store/store.js";
import { type FeedServer, startFeedServer } from "./feed-server.js";

const T0 = 1_709_251_200;

function lines(from: number, count: number): string {
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const msg: AisMessage = {
      class: "AIS",
      type: 1,
      repeat: 0,
      rxtime: null,
      station: null,
      mmsi: 412000000 + i,
      status: 0,
      turn: null,
      speed: 5,
      accuracy: true,
      lon: 124,
      lat: 38,
      course: 90,
      heading: 90,
      second: 0,
      maneuver: 0,
      raim: false,
      radio: 0,
    };
    out.push(...toSentences(msg, { tagBlock: { c: T0 + i } }));
  }
  return `${out.join("\n")}\n`;
}

let dir: string;
let feedServer: FeedServer;
let port: number;
let connections: Socket[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-live-"));
  feedServer = await startFeedServer();
  ({ port, connections } = feedServer);
});
afterAll(async () => {
  await feedServer.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    await sleep(20);
  }
}

describe("live TCP ingest", () => {
  it("commits while the feed runs, survives a drop, stops on abort", async () => {
    const store = await Store.open(join(dir, "live.duckdb"));
    const reader = await store.db.connect();
    const count = async () =>
      Number((await reader.runAndReadAll("SELECT count(*) FROM positions")).getRowsJS()[0][0]);
    const [input] = await resolveInputs([`tcp://127.0.0.1:${port}`]);
    const controller = new AbortController();
    const running = ingestInput(store, input, { signal: controller.signal, commitMs: 200 });
    try {
      const first = await until(
        async () => connections.length,
        (n) => n === 1,
      );
      expect(first).toBe(1);
      connections[0].write(lines(0, 50));
      // Committed with the connection still open: another connection sees the rows.
      expect(await until(count, (n) => n === 50)).toBe(50);

      // The feed drops in the middle of a line, then comes back.
      connections[0].end(lines(50, 1).slice(0, 30));
      await until(
        async () => connections.length,
        (n) => n === 2,
      );
      connections[1].write(lines(51, 30));
      expect(await until(count, (n) => n === 80)).toBe(80);
    } finally {
      controller.abort();
    }
    const summary = await running;
    reader.closeSync();
    expect(summary.counts).toMatchObject({ position: 80, "rejected.malformed": 1 });
    const [source] = await listSources(store);
    expect(source).toMatchObject({ kind: "tcp", status: "done", fingerprint: null });
    expect(source.counts.position).toBe(80);
    store.close();
  });

  it("takes datagrams from a UDP listener, one or more lines each", async () => {
    const store = await Store.open(join(dir, "udp.duckdb"));
    const reader = await store.db.connect();
    const count = async () =>
      Number((await reader.runAndReadAll("SELECT count(*) FROM positions")).getRowsJS()[0][0]);
    // A free port: bind, read it, release (the listener binds it next).
    const probe = createSocket("udp4");
    await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
    const udpPort = probe.address().port;
    probe.close();
    const [input] = await resolveInputs([`udp://127.0.0.1:${udpPort}`]);
    const controller = new AbortController();
    const running = ingestInput(store, input, { signal: controller.signal, commitMs: 200 });
    const sender = createSocket("udp4");
    try {
      // Datagrams sent before the listener is bound are lost, as on a network: resend until seen.
      const all = lines(100, 20).trimEnd().split("\n");
      await until(
        async () => {
          for (const [i, l] of all.entries()) {
            const text = i % 2 === 0 ? l : `${l}\n`; // with and without the final newline
            await new Promise<void>((resolve) => sender.send(text, udpPort, "127.0.0.1", () => resolve()));
          }
          await sleep(250);
          return count();
        },
        (n) => n >= 20,
      );
    } finally {
      sender.close();
      controller.abort();
    }
    const summary = await running;
    reader.closeSync();
    expect(summary.counts["rejected.malformed"]).toBe(0);
    expect(summary.counts.duplicate).toBe((summary.counts.messages ?? 0) - 20);
    expect(await store.rows("SELECT count(DISTINCT vid)::DOUBLE AS n FROM positions")).toEqual([{ n: 20 }]);
    store.close();
  });
});
