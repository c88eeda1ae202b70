/**
 * `darkfleet serve [--db FILE | --store URL] [--port 8080] [--host 127.0.0.1] [--feed tcp://host:port]`:
 * the web page and its read-only API over a store (the DuckDB file, or a PostgreSQL store
 * read through a small pool); with --feed, a live feed is ingested and detected in the
 * same process and streamed to the open pages (DuckDB only: detection over PostgreSQL is
 * not built). Prints the address on stdout once listening; stops cleanly on Ctrl-C.
 */
import type { Command } from "commander";
import { EVENT_KINDS } from "../model/event.js";
import { loadProfile } from "../profile/load.js";
import { buildApp, DEFAULT_RATE_LIMIT } from "../serve/app.js";
import { LiveHub } from "../serve/live-hub.js";
import type { StoreBackend } from "../store/backend.js";
import { DuckStore } from "../store/duck-backend.js";
import { isPostgresUrl, locationOf } from "../store/postgres/connect.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE } from "./shared/event-output.js";
import { type RunningFeed, startFeed } from "./shared/serve-feed.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

/** Port calls and zone visits are what ships do; these are what the summary ranks vessels by. */
const SUSPICIOUS_KINDS = EVENT_KINDS.filter((k) => k !== "port_call" && k !== "zone");

/** Reads a PostgreSQL store serves at once (each a connection of the pool). */
const PG_READERS = 4;

interface ServeOptions extends StoreCliOptions {
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
  const where = opts.store ?? opts.db;
  if (opts.feed !== undefined && isPostgresUrl(where))
    throw new Error(
      `${locationOf(where)}: serve --feed stores and detects in the DuckDB file only (detection over PostgreSQL is not built yet): ingest the feed into the store elsewhere, or serve --db FILE --feed`,
    );
  // Without a feed nothing writes: the store is opened read-only (and may be read by others).
  const store = await openCliStore(opts, { readOnly: opts.feed === undefined, readers: PG_READERS });
  // a live ingest holds a transaction open on the file's connection: the reads get their own
  const reader: StoreBackend =
    opts.feed !== undefined && store instanceof DuckStore
      ? new DuckStore(await store.store.connection(), true)
      : store;
  const hub = new LiveHub(opts.feed !== undefined);
  let feed: RunningFeed | null = null;
  const app = await buildApp({ reader, hub, rateLimit, areas: loadProfile(opts.profile).zones });
  try {
    if (opts.feed !== undefined && store instanceof DuckStore)
      feed = await startFeed(store.store, opts.feed, hub, { profile: opts.profile, latenessMin });
    const address = await app.listen({ port, host: opts.host });
    if (!/^(127\.|::1$|localhost$)/.test(opts.host))
      process.stderr.write(`darkfleet serve: listening on ${opts.host}: reachable from other machines\n`);
    const [t, counts] = [await reader.totals(), await reader.eventCounts()];
    const kinds =
      Object.entries(counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ") || "none";
    const suspicious = (await reader.mostEventful(SUSPICIOUS_KINDS, 5))
      .map((v) => `${v.name ?? "?"} (${v.mmsi}): ${v.events} ${v.kinds.join("/")}`)
      .join("; ");
    process.stdout.write(
      `darkfleet serve: ${address}/ (${store.location}: ${t.positions} positions, ${t.vessels} vessels; events: ${kinds}` +
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
      if (reader !== store) await reader.close();
      await store.close();
    }
  }
}

export function register(program: Command): void {
  const cmd = program
    .command("serve")
    .description(
      "serve the web page and a read-only JSON/GeoJSON API over the store (OpenAPI at /openapi.json)",
    );
  addStoreOptions(cmd)
    .option("--port <n>", "TCP port (0: any free port)", "8080")
    .option("--host <address>", "address to listen on; the default is this machine only", "127.0.0.1")
    .option(
      "--feed <url>",
      "also ingest and detect a live feed (tcp://host:port, udp://:port) and stream it to pages (with --db)",
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
