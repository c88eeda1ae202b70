/**
 * `darkfleet serve [--db FILE] [--port 8080] [--host 127.0.0.1] [--feed tcp://host:port]`:
 * the web page and its read-only API over a store; with --feed, a live feed is ingested
 * and detected in the same process and streamed to the open pages. Prints the address on
 * stdout once listening; stops cleanly on Ctrl-C.
 */
import type { Command } from "commander";
import { EVENT_KINDS } from "../model/event.js";
import { loadProfile } from "../profile/load.js";
import { buildApp, DEFAULT_RATE_LIMIT } from "../serve/app.js";
import { LiveHub } from "../serve/live-hub.js";
import { eventCounts, mostEventful } from "../store/map-queries.js";
import { totals } from "../store/queries.js";
import { Store } from "../store/store.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE } from "./shared/event-output.js";
import { DEFAULT_DB } from "./shared/options.js";
import { type RunningFeed, startFeed } from "./shared/serve-feed.js";

/** Port calls and zone visits are what ships do; these are what the summary ranks vessels by. */
const SUSPICIOUS_KINDS = EVENT_KINDS.filter((k) => k !== "port_call" && k !== "zone");

interface ServeOptions {
  db: string;
  port: string;
  host: string;
  feed?: string;
  profile: string;
  lateness: string;
  rateLimit: string;
}

function intOption(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`bad --${name} '${text}': an integer ${min}..${max}`);
  return n;
}

export async function runServe(opts: ServeOptions): Promise<number> {
  const port = intOption("port", opts.port, 0, 65535);
  const rateLimit = intOption("rate-limit", opts.rateLimit, 1, 1_000_000);
  const latenessMin = Number(opts.lateness);
  if (!(latenessMin >= 0)) throw new Error(`bad --lateness '${opts.lateness}': minutes >= 0`);
  // Without a feed nothing writes: the file is opened read-only (and may be read by others).
  const store = await Store.open(opts.db, { readOnly: opts.feed === undefined });
  const reader = opts.feed === undefined ? store : await store.connection();
  const hub = new LiveHub(opts.feed !== undefined);
  let feed: RunningFeed | null = null;
  const app = await buildApp({ store: reader, hub, rateLimit, areas: loadProfile(opts.profile).zones });
  try {
    if (opts.feed !== undefined)
      feed = await startFeed(store, opts.feed, hub, { profile: opts.profile, latenessMin });
    const address = await app.listen({ port, host: opts.host });
    if (!/^(127\.|::1$|localhost$)/.test(opts.host))
      process.stderr.write(`darkfleet serve: listening on ${opts.host}: reachable from other machines\n`);
    const [t, counts] = [await totals(reader), await eventCounts(reader)];
    const kinds =
      Object.entries(counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ") || "none";
    const suspicious = (await mostEventful(reader, SUSPICIOUS_KINDS, 5))
      .map((v) => `${v.name ?? "?"} (${v.mmsi}): ${v.events} ${v.kinds.join("/")}`)
      .join("; ");
    process.stdout.write(
      `darkfleet serve: ${address}/ (${opts.db}: ${t.positions} positions, ${t.vessels} vessels; events: ${kinds}` +
        `${opts.feed ? `; live from ${opts.feed}` : ""})\n` +
        (suspicious ? `most events: ${suspicious}\n` : ""),
    );
    const stopped = new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await (feed ? Promise.race([stopped, feed.done]) : stopped);
    return 0;
  } finally {
    feed?.stop();
    hub.close();
    await app.close();
    try {
      await feed?.done;
    } finally {
      if (reader !== store) reader.close();
      store.close();
    }
  }
}

export function register(program: Command): void {
  program
    .command("serve")
    .description(
      "serve the web page and a read-only JSON/GeoJSON API over the store (OpenAPI at /openapi.json)",
    )
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option("--port <n>", "TCP port (0: any free port)", "8080")
    .option("--host <address>", "address to listen on; the default is this machine only", "127.0.0.1")
    .option(
      "--feed <url>",
      "also ingest and detect a live feed (tcp://host:port, udp://:port) and stream it to pages",
    )
    .option(
      "--profile <name|dir>",
      "profile whose areas the map shows, and whose ports and areas a --feed's detectors use",
      DEFAULT_PROFILE,
    )
    .option(
      "--lateness <minutes>",
      "how late a record may arrive behind the newest one (with --feed)",
      DEFAULT_LATENESS_MIN,
    )
    .option("--rate-limit <n>", "requests per client per minute", String(DEFAULT_RATE_LIMIT))
    .action(async (opts: ServeOptions) => {
      process.exitCode = await runServe(opts);
    });
}
