/**
 * `darkfleet ingest SOURCE... [--db FILE | --store URL] [--detect]`: AIS from files,
 * directories, globs, .gz, stdin and live feeds into the DuckDB store (or PostgreSQL),
 * each source exactly once. Progress on a
 * terminal (stderr), silent otherwise; `--json` prints the summary as JSON.
 *
 * With --detect and inputs that end (files, stdin), the detectors run over the store's
 * replay once they are stored, exactly as `detect --db` would: records in any order give
 * the same events. With a live feed among the inputs they run on the rows as they are
 * stored (deduplicated, in arrival order within the lateness): each event is printed on
 * stdout as soon as its rule is met; a record later than the lateness is still stored,
 * and counted on stderr. Events go to stdout (JSON lines with --json, the summary then
 * going to stderr) and into the events table. Either way the anchorages learned from the
 * store (store/anchorages.ts) are brought up to date at the end.
 *
 * Into PostgreSQL (--store postgres://...) a lost connection (a server restart) is
 * retried: the store reconnects within --store-retry and the source resumes from its last
 * committed offset, so nothing is lost or stored twice. --detect of inputs that end runs
 * over PostgreSQL too (`detect --store`); on a live feed it stays with the DuckDB store.
 */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { connectBus, ensureStreams, withRetry } from "../bus/connect.js";
import { DEFAULT_ROWS_PER_MESSAGE } from "../bus/publish.js";
import { type PublishSummary, publishInput } from "../bus/publish-input.js";
import { newRunner, type RunnerSettings } from "../detect/engine/runner-settings.js";
import { learnedAnchorages } from "../detect/engine/store-detect.js";
import { type IngestInput, resolveInputs } from "../ingest/inputs.js";
import { type IngestOptions, ingestInput, type SourceSummary } from "../ingest/pipeline.js";
import type { Batch } from "../ingest/producer.js";
import { type RejectReason, SKIP_REASONS } from "../model/stats.js";
import { COLUMNS_HELP, InputError } from "../sources/index.js";
import type { StoreBackend } from "../store/backend.js";
import { DuckStore } from "../store/duck-backend.js";
import { EventWriter } from "../store/events.js";
import { STREAMING_MEMORY_LIMIT, type Store } from "../store/store.js";
import { detectBatch } from "./shared/detect-batch.js";
import { detectStored } from "./shared/detect-stored.js";
import { forEachInput } from "./shared/each-input.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE, EventOutput, statsLine } from "./shared/event-output.js";
import {
  BUS_TRIES_HELP,
  busTries,
  DEFAULT_BUS_TRIES,
  parseColumns,
  parseTimeFrom,
  TIME_FROM_HELP,
} from "./shared/options.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

interface IngestCliOptions extends StoreCliOptions {
  bus?: string;
  busRows: string;
  busTries: string;
  json?: boolean;
  dedupWindow: string;
  commitRows?: string;
  detect?: boolean;
  profile: string;
  lateness: string;
  timeFrom?: string;
  columns?: string;
}

interface LiveDetector {
  onBatch: (b: Batch) => void;
  /** Closes every open episode and writes the remaining events. */
  end: () => Promise<void>;
}

function detectSettings(opts: IngestCliOptions): RunnerSettings {
  const lateness = Number(opts.lateness);
  if (!(lateness >= 0)) throw new Error(`bad --lateness '${opts.lateness}': minutes >= 0`);
  return { profile: opts.profile, latenessMin: lateness };
}

async function liveDetector(store: Store, opts: IngestCliOptions): Promise<LiveDetector> {
  const events = await EventWriter.open(store);
  const output = new EventOutput({ json: opts.json, allStatuses: true, store: events });
  // the anchorages learned from what the store held before this ingest
  const anchorages = await learnedAnchorages(store);
  const runner = newRunner({ ...detectSettings(opts), anchorages }, output.event);
  let lateSeen = 0;
  return {
    onBatch: (b) => {
      detectBatch(runner, b);
      const late = runner.stats.late;
      if (late > lateSeen) {
        process.stderr.write(
          `detect: ${late - lateSeen} records later than --lateness ${opts.lateness} min: stored, not detected (${late} in all)\n`,
        );
        lateSeen = late;
      }
      output.flushSoon();
      events.flush().catch(() => undefined);
    },
    end: async () => {
      runner.end();
      await output.close();
      process.stderr.write(statsLine(runner.stats, output.distinct));
    },
  };
}

function progressBar(input: IngestInput): {
  update: (p: { bytes: number; sentences: number }) => void;
  stop: () => void;
} | null {
  if (!process.stderr.isTTY) return null;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: input.size
        ? " {source} |{bar}| {percentage}% {mb}/{totalMb} MB | {rate} sentences/s | ETA {eta_formatted}"
        : " {source} | {mb} MB | {sentences} sentences | {rate} sentences/s",
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = input.size ?? 1;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  bar.start(total, 0, { source: input.name, mb: "0", totalMb: mb(total), rate: 0, sentences: 0 });
  return {
    update: ({ bytes, sentences }) => {
      const rate = Math.round(sentences / Math.max(0.001, (Date.now() - started) / 1000));
      bar.update(Math.min(bytes, total), { mb: mb(bytes), rate, sentences });
    },
    stop: () => bar.stop(),
  };
}

function summaryText(results: PublishSummary[], seconds: number): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.outcome === "skipped") {
      lines.push(`${r.source}: already ingested, nothing added`);
      continue;
    }
    const c = r.counts;
    const listed = (skip: boolean) =>
      Object.entries(c)
        .filter(([k, v]) => k.startsWith("rejected.") && v > 0)
        .filter(([k]) => SKIP_REASONS.includes(k.slice(9) as RejectReason) === skip)
        .map(([k, v]) => `${k.slice(9)} ${v}`)
        .join(", ");
    const rejected = listed(false);
    const skipped = listed(true);
    const derived = c["times.base_station"] ?? 0;
    lines.push(
      `${r.source}${r.outcome === "resumed" ? " (resumed)" : ""}: ${c.lines ?? 0} lines, ${c.messages ?? 0} messages, ` +
        `${c.position ?? 0} positions, ${c.static ?? 0} static reports, ${c.duplicate ?? 0} duplicates, ` +
        `${c.no_time ?? 0} without time, ${c.no_position ?? 0} without position, ${c.not_stored ?? 0} not vessels` +
        (derived ? `, ${derived} timed from base stations` : "") +
        (rejected ? `; rejected: ${rejected}` : "") +
        (skipped ? `; skipped: ${skipped}` : "") +
        (r.bus
          ? `; ${r.bus.messages} bus messages${r.bus.duplicates ? ` (${r.bus.duplicates} already on the bus)` : ""}`
          : ""),
    );
  }
  lines.push(`${seconds.toFixed(1)} s`);
  return `${lines.join("\n")}\n`;
}

/** One line naming the file at fault; a full disk says that what was committed is kept. */
function describeIngestError(db: string, source: string, err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split("\n")[0];
  if (/no space left|ENOSPC|disk is full|out of disk/i.test(msg)) {
    return `${db}: disk full while ingesting ${source}; everything committed before is kept, run again with free space to continue (${msg})`;
  }
  return msg.includes(source) || msg.includes(db) ? msg : `${source}: ${msg}`;
}

/**
 * Rows per commit by default. PostgreSQL's writer holds a commit's rows as COPY text until
 * it sends them: 1M rows took the ingest to 596 MB, against 333 MB into DuckDB (measured).
 */
const COMMIT_ROWS = { duckdb: 1_000_000, postgres: 100_000 } as const;

/** Times one input is taken up again after a lost database connection before the ingest gives up. */
const RECONNECTS = 5;

/**
 * Ingests one input; a lost connection (PostgreSQL restarting) reconnects, within the
 * store's bounded retries, and resumes from the committed offset. The summary's counts
 * are then those of the run that finished it (the ingest log holds the whole source's).
 */
async function ingestResuming(
  store: StoreBackend,
  input: IngestInput,
  opts: IngestOptions,
): Promise<SourceSummary> {
  for (let tries = 0; ; tries++) {
    try {
      return await ingestInput(store, input, opts);
    } catch (err) {
      if (!store.isConnectionLoss(err) || tries >= RECONNECTS || input.live || opts.signal?.aborted)
        throw err;
      process.stderr.write(
        `${store.location}: connection lost while ingesting ${input.name}; reconnecting to resume\n`,
      );
      await store.reconnect();
    }
  }
}

/** `ingest --bus`: every input published and acknowledged; the workers store and detect. */
async function runIngestBus(specs: string[], url: string, opts: IngestCliOptions): Promise<number> {
  if (opts.detect) throw new Error("--detect with --bus: the workers run the detectors (darkfleet worker)");
  const inputs = await resolveInputs(specs);
  const rows = Number(opts.busRows);
  if (!Number.isInteger(rows) || rows < 1 || rows > 16384)
    throw new Error(`bad --bus-rows '${opts.busRows}': 1 to 16384`);
  const retry = {
    tries: busTries(opts.busTries),
    onRetry: (line: string) => process.stderr.write(`${line}\n`),
  };
  const nc = await connectBus(url, retry);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = Date.now();
  const results: PublishSummary[] = [];
  let failed = 0;
  try {
    await withRetry(`${url}: stream`, async () => ensureStreams(await nc.jetstreamManager()), retry);
    const js = nc.jetstream();
    const publish = async (input: IngestInput) => {
      const summary = await publishInput(js, input, {
        dedupWindowMs: Number(opts.dedupWindow) * 1000,
        timeFrom: parseTimeFrom(opts.timeFrom),
        columns: parseColumns(opts.columns),
        signal: controller.signal,
        rowsPerMessage: rows,
        retry,
      });
      results.push(summary);
      return summary;
    };
    failed = await forEachInput(inputs, publish, () => controller.signal.aborted);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await nc.close();
  }
  const seconds = (Date.now() - started) / 1000;
  if (opts.json)
    process.stdout.write(`${JSON.stringify({ bus: url, seconds, sources: results }, null, 2)}\n`);
  else process.stderr.write(summaryText(results, seconds));
  return failed > 0 || controller.signal.aborted ? 1 : 0;
}

export async function runIngest(specs: string[], opts: IngestCliOptions): Promise<number> {
  if (opts.bus !== undefined) return runIngestBus(specs, opts.bus, opts);
  const inputs = await resolveInputs(specs);
  // A bounded buffer pool keeps the ingest's memory flat however large the input: appending
  // never rereads the blocks DuckDB would otherwise keep cached.
  const backend = await openCliStore(opts, { memoryLimit: STREAMING_MEMORY_LIMIT });
  // Detecting as rows are stored, and the anchorages refreshed after an ingest, work on the DuckDB store.
  const store = backend instanceof DuckStore ? backend.store : null;
  const live = inputs.some((i) => i.live);
  if (store === null && opts.detect && live) {
    await backend.close();
    throw new Error(
      `${backend.location}: --detect on a live feed works on the DuckDB store (--db) only, for now`,
    );
  }
  const timeFrom = parseTimeFrom(opts.timeFrom);
  const columns = parseColumns(opts.columns);
  const detector = store !== null && opts.detect && live ? await liveDetector(store, opts) : null;
  const controller = new AbortController();
  // Ctrl-C on a live feed ends it cleanly: the pipeline commits what it holds and stops.
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = Date.now();
  const results: SourceSummary[] = [];
  let failed = 0;
  try {
    const ingestOne = async (input: IngestInput) => {
      const bar = progressBar(input);
      try {
        const summary = await ingestResuming(backend, input, {
          dedupWindowMs: Number(opts.dedupWindow) * 1000,
          commitRows: Number(opts.commitRows ?? COMMIT_ROWS[backend.kind]),
          signal: controller.signal,
          onProgress: bar?.update,
          onBatch: detector?.onBatch,
          timeFrom,
          columns,
        });
        results.push(summary);
        return summary;
      } catch (err) {
        // An input that cannot be read is reported and the others go on; a store failure stops all.
        if (err instanceof InputError) throw err;
        throw new Error(describeIngestError(backend.location, input.name, err));
      } finally {
        bar?.stop();
      }
    };
    failed = await forEachInput(inputs, ingestOne, () => controller.signal.aborted);
    // learned from everything stored now, ready for the next `detect --db`
    if (store !== null) await learnedAnchorages(store);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    try {
      await detector?.end();
      if (opts.detect && !live && !controller.signal.aborted)
        await detectStored(backend, detectSettings(opts), { json: opts.json });
    } finally {
      await backend.close();
    }
  }
  const seconds = (Date.now() - started) / 1000;
  if (opts.json && !opts.detect)
    process.stdout.write(`${JSON.stringify({ db: backend.location, seconds, sources: results }, null, 2)}\n`);
  else process.stderr.write(summaryText(results, seconds));
  return failed > 0 ? 1 : 0;
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("ingest")
      .description("store AIS from files, directories, globs, .gz, stdin (-), tcp://host:port or udp://:port")
      .argument("<sources...>", "inputs; each file is ingested once (re-running resumes or adds nothing)"),
  )
    .option(
      "--bus <nats://host:port>",
      "publish the decoded records to this NATS JetStream bus instead (darkfleet worker stores them)",
    )
    .option("--bus-rows <n>", "with --bus: rows per message", String(DEFAULT_ROWS_PER_MESSAGE))
    .option("--bus-tries <n>", BUS_TRIES_HELP, String(DEFAULT_BUS_TRIES))
    .option(
      "--dedup-window <seconds>",
      "the same message heard again within this many seconds is stored once",
      "60",
    )
    .option(
      "--commit-rows <n>",
      `commit a file's rows (and its offset) every this many rows (default ${COMMIT_ROWS.duckdb}; ${COMMIT_ROWS.postgres} into PostgreSQL)`,
    )
    .option("--time-from <source>", TIME_FROM_HELP)
    .option("--columns <map>", COLUMNS_HELP)
    .option("--json", "print the summary as JSON on stdout (with --detect: the events as JSON lines)")
    .option(
      "--detect",
      "run the detectors on the stored rows; events on stdout as soon as met, and in the store",
    )
    .option("--profile <name|dir>", "profile with ports and areas (with --detect)", DEFAULT_PROFILE)
    .option(
      "--lateness <minutes>",
      "how late a record may arrive behind the newest one (with --detect)",
      DEFAULT_LATENESS_MIN,
    )
    .action(async (sources: string[], opts: IngestCliOptions) => {
      process.exitCode = await runIngest(sources, opts);
    });
}
