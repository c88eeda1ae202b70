/**
 * `darkfleet detect [INPUT...] [--db FILE | --store postgres://...] [--from T --to T] [--bbox W,S,E,N] [--kinds K,...]
 * [--profile NAME|DIR] [--lateness MIN] [--time-from W] [--json] [--out FILE]`: runs every
 * detector over AIS records replayed from the store (positions and static reports in one
 * time order, store/replay.ts). With no inputs that is the --db store (or the PostgreSQL
 * store --store names: the same events), and the events are also stored in it, replacing those a previous run stored for the same kinds, window and
 * box. Inputs that end (files, .gz, globs, stdin: NMEA or CSV exports) are ingested into a
 * temporary store first, so their order does not matter: the events are those of `ingest`
 * then `detect --db`, whatever order the records come in. Live feeds are detected as they
 * come, within --lateness (a record later than that is counted, not detected). Events go to stdout: with
 * --json every emission as a JSON line (`open`, then `final` or `retracted`, same id), else
 * one line per final event; --out also writes the JSON lines to a file.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { TimeFrom } from "../ais/decoder.js";
import { readInput } from "../ais/reader.js";
import { newRunner, type RunnerSettings } from "../detect/engine/runner-settings.js";
import { detectFromStore, type StoreDetectOptions } from "../detect/engine/store-detect.js";
import { ingestInputOf } from "../ingest/inputs.js";
import { ingestInput } from "../ingest/pipeline.js";
import { EVENT_KINDS } from "../model/event.js";
import type { Position, Static } from "../model/records.js";
import { COLUMNS_HELP, type Input, resolveInputs } from "../sources/index.js";
import type { EventScope } from "../store/events.js";
import { isPostgresUrl } from "../store/postgres/connect.js";
import { STREAMING_MEMORY_LIMIT, Store } from "../store/store.js";
import { forEachInput } from "./shared/each-input.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE, EventOutput, statsLine } from "./shared/event-output.js";
import {
  type Box,
  parseBbox,
  parseColumns,
  parseKinds,
  parseTime,
  parseTimeFrom,
  TIME_FROM_HELP,
} from "./shared/options.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

interface DetectOptions extends StoreCliOptions {
  from?: string;
  to?: string;
  bbox?: string;
  kinds?: string;
  profile: string;
  lateness: string;
  threads?: string;
  json?: boolean;
  out?: string;
  timeFrom?: string;
  columns?: string;
}

interface Filter {
  from: number;
  to: number;
  box: Box;
}

function inBox(b: Box, lat: number, lon: number): boolean {
  if (lat < b.minLat || lat > b.maxLat) return false;
  return b.minLon <= b.maxLon ? lon >= b.minLon && lon <= b.maxLon : lon >= b.minLon || lon <= b.maxLon;
}

/** How inputs are read: --time-from and --columns. */
interface ReadSettings {
  timeFrom?: TimeFrom;
  columns?: string;
}

/** Inputs that failed (reported on stderr, one line each) and the ones that resolved. */
interface Resolved {
  inputs: Input[];
  failed: number;
}

async function resolveEach(args: string[]): Promise<Resolved> {
  const inputs: Input[] = [];
  const failed = await forEachInput(args, async (arg) => {
    inputs.push(...(await resolveInputs([arg])));
    return undefined;
  });
  return { inputs, failed };
}

/** Feeds every record of the (live) inputs to `push`; returns how many failed. */
async function readLive(inputs: Input[], read: ReadSettings, push: (r: Position | Static) => void) {
  return forEachInput(inputs, async (input) => {
    await readInput(input, { onPosition: push, onStatic: push, ...read, timeFrom: read.timeFrom ?? "now" });
    return undefined;
  });
}

/**
 * Ingests inputs that end into a temporary store and detects over its replay, so records
 * in any order give the events `ingest` then `detect --db` gives. Returns how many failed.
 */
async function detectViaStore(
  inputs: Input[],
  read: ReadSettings,
  o: StoreDetectOptions,
  settings: RunnerSettings,
  output: EventOutput,
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "darkfleet-detect-"));
  let failed = 0;
  try {
    const store = await Store.open(join(dir, "detect.duckdb"), { memoryLimit: STREAMING_MEMORY_LIMIT });
    try {
      failed += await forEachInput(inputs, (input) => ingestInput(store, ingestInputOf(input), read));
      const { stats } = await detectFromStore(store, o, settings, output.event);
      await output.close();
      process.stderr.write(statsLine(stats, output.distinct));
    } finally {
      store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return failed;
}

export async function runDetect(args: string[], opts: DetectOptions): Promise<number> {
  const filter: Filter = {
    from: opts.from === undefined ? Number.NEGATIVE_INFINITY : parseTime(opts.from),
    to: opts.to === undefined ? Number.POSITIVE_INFINITY : parseTime(opts.to),
    box: opts.bbox ? parseBbox(opts.bbox) : { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 },
  };
  const lateness = Number(opts.lateness);
  if (!(lateness >= 0)) throw new Error(`bad --lateness '${opts.lateness}': minutes >= 0`);
  const kinds = opts.kinds ? parseKinds(opts.kinds) : undefined;
  const read = { timeFrom: parseTimeFrom(opts.timeFrom), columns: parseColumns(opts.columns) };
  const threads = opts.threads === undefined ? (availableParallelism() > 1 ? 2 : 1) : Number(opts.threads);
  if (threads !== 1 && threads !== 2) throw new Error(`bad --threads '${opts.threads}': 1 or 2`);
  // What a run over the store covers; its stored events are replaced by this run's.
  const scope: EventScope = {
    kinds: kinds ?? EVENT_KINDS,
    from: opts.from === undefined ? undefined : filter.from,
    to: opts.to === undefined ? undefined : filter.to,
    box: opts.bbox ? filter.box : undefined,
  };
  // Read-write (the events are stored), so the store would create a missing file: refuse it.
  const file = opts.store ?? opts.db;
  if (args.length === 0 && !isPostgresUrl(file) && !existsSync(file))
    throw new Error(`${file}: no such database`);
  const store = args.length === 0 ? await openCliStore(opts, { memoryLimit: STREAMING_MEMORY_LIMIT }) : null;
  const events = store === null ? null : await store.openEvents();
  events?.replace(scope);
  const output = new EventOutput({ json: opts.json, out: opts.out, store: events });
  // The same lateness for the store (sorted anyway) as for inputs and live feeds: it is
  // part of the config hash, so every path gives byte-identical events.
  const settings = { profile: opts.profile, kinds, latenessMin: lateness };
  if (store !== null) {
    try {
      const { stats } = await detectFromStore(store, { ...scope, threads }, settings, output.event);
      await output.close();
      process.stderr.write(statsLine(stats, output.distinct));
    } finally {
      await store.close();
    }
    return 0;
  }
  const resolved = await resolveEach(args);
  let failed = resolved.failed;
  if (resolved.inputs.some((i) => i.live)) {
    const runner = newRunner(settings, output.event);
    failed += await readLive(resolved.inputs, read, (r) => {
      if (r.t < filter.from || r.t > filter.to) return;
      if ("lat" in r && !inBox(filter.box, r.lat, r.lon)) return;
      runner.push(r);
    });
    runner.end();
    await output.close();
    process.stderr.write(statsLine(runner.stats, output.distinct));
  } else {
    failed += await detectViaStore(resolved.inputs, read, { ...scope, threads }, settings, output);
  }
  return failed > 0 ? 1 : 0;
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("detect")
      .description(
        "run the detectors over AIS inputs, or over the store (--db or --store) when no input is given, storing the events there",
      )
      .argument("[inputs...]", "NMEA or CSV files, .gz, directories, globs, or - for stdin"),
  )
    .option("--from <time>", "start (ISO 8601 or epoch ms)")
    .option("--to <time>", "end (ISO 8601 or epoch ms)")
    .option("--bbox <W,S,E,N>", "only positions inside this box")
    .option("--kinds <list>", `event kinds to report (${EVENT_KINDS.join(",")})`)
    .option("--profile <name|dir>", "profile with ports and areas", DEFAULT_PROFILE)
    .option(
      "--lateness <minutes>",
      "how late a record may arrive behind the newest one",
      DEFAULT_LATENESS_MIN,
    )
    .option(
      "--threads <n>",
      "with the store: 1 reads and detects on one thread, 2 detects on a second one (default: 2 with two or more cores)",
    )
    .option("--time-from <source>", TIME_FROM_HELP)
    .option("--columns <map>", COLUMNS_HELP)
    .option("--json", "every emission as a JSON line (open, final, retracted)")
    .option("--out <file>", "also write the JSON lines to this file")
    .action(async (inputs: string[], opts: DetectOptions) => {
      process.exitCode = await runDetect(inputs, opts);
    });
}
