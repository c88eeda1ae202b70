/**
 * `darkfleet detect [INPUT...] [--db FILE] [--from T --to T] [--bbox W,S,E,N] [--kinds K,...]
 * [--profile NAME|DIR] [--lateness MIN] [--json] [--out FILE]`: runs every detector over AIS
 * records, either read straight from inputs (NMEA or CSV exports; files, .gz, globs, stdin)
 * or, with no inputs, replayed from the store (positions and static reports in one time
 * order, store/replay.ts), in which case the events are also stored in it, replacing those
 * a previous run stored for the same kinds, window and box. Events go to stdout: with
 * --json every emission as a JSON line (`open`, then `final` or `retracted`, same id), else
 * one line per final event; --out also writes the JSON lines to a file.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { readInput } from "../ais/reader.js";
import { newRunner } from "../detect/engine/runner-settings.js";
import { detectFromStore } from "../detect/engine/store-detect.js";
import { EVENT_KINDS } from "../model/event.js";
import type { Position, Static } from "../model/records.js";
import { InputError, resolveInputs } from "../sources/index.js";
import { type EventScope, EventWriter } from "../store/events.js";
import { STREAMING_MEMORY_LIMIT, Store } from "../store/store.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE, EventOutput, statsLine } from "./shared/event-output.js";
import { type Box, DEFAULT_DB, parseBbox, parseKinds, parseTime } from "./shared/options.js";

interface DetectOptions {
  db: string;
  from?: string;
  to?: string;
  bbox?: string;
  kinds?: string;
  profile: string;
  lateness: string;
  threads?: string;
  json?: boolean;
  out?: string;
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

/** Feeds every record of the inputs to `push`; returns how many inputs could be read. */
async function readInputs(args: string[], push: (r: Position | Static) => void): Promise<number> {
  let readable = 0;
  for (const arg of args) {
    try {
      for (const input of await resolveInputs([arg])) {
        await readInput(input, { onPosition: push, onStatic: push });
        readable++;
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      process.stderr.write(`${err.message}\n`);
    }
  }
  return readable;
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
  if (args.length === 0 && !existsSync(opts.db)) throw new Error(`${opts.db}: no such database`);
  const store = args.length === 0 ? await Store.open(opts.db, { memoryLimit: STREAMING_MEMORY_LIMIT }) : null;
  const events = store === null ? null : await EventWriter.open(store);
  events?.replace(scope);
  const output = new EventOutput({ json: opts.json, out: opts.out, store: events });
  // The same lateness for the store (sorted anyway) as for inputs and live feeds: it is
  // part of the config hash, so every path gives byte-identical events.
  const settings = { profile: opts.profile, kinds, latenessMin: lateness };
  if (store !== null) {
    try {
      const { stats } = await detectFromStore(store, { ...scope, threads }, settings, output.event);
      await output.close();
      process.stderr.write(statsLine(stats));
    } finally {
      store.close();
    }
    return 0;
  }
  const runner = newRunner(settings, output.event);
  const readable = await readInputs(args, (r) => {
    if (r.t < filter.from || r.t > filter.to) return;
    if ("lat" in r && !inBox(filter.box, r.lat, r.lon)) return;
    runner.push(r);
  });
  runner.end();
  await output.close();
  process.stderr.write(statsLine(runner.stats));
  return readable === 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command("detect")
    .description("run the detectors over AIS inputs, or over the store when no input is given")
    .argument("[inputs...]", "NMEA or CSV files, .gz, directories, globs, or - for stdin")
    .option(
      "--db <file>",
      "DuckDB database file to replay and store events in (when no input is given)",
      DEFAULT_DB,
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
    .option("--json", "every emission as a JSON line (open, final, retracted)")
    .option("--out <file>", "also write the JSON lines to this file")
    .action(async (inputs: string[], opts: DetectOptions) => {
      process.exitCode = await runDetect(inputs, opts);
    });
}
