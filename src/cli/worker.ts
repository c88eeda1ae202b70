/**
 * `darkfleet worker --bus nats://HOST:PORT [--db FILE | --store postgres://...] [--until-idle]`: takes the records
 * `ingest --bus` published, stores them (acknowledging each fetch only once its
 * transaction has committed) and, whenever sources are complete and the bus has nothing
 * more to deliver, runs the detectors over the store as `detect --db` does: the same events,
 * stored (replacing the previous run's) and printed. Runs until stopped (SIGINT/SIGTERM),
 * or with --until-idle until the bus is drained. Any number of workers share a PostgreSQL
 * store; a DuckDB file takes one. See docs/bus.md.
 */
import type { Command } from "commander";
import { connectBus } from "../bus/connect.js";
import { type BusLedger, duckLedger, pgLedger } from "../bus/ledger.js";
import { runWorker } from "../bus/worker.js";
import type { StoreBackend } from "../store/backend.js";
import type { DuckStore } from "../store/duck-backend.js";
import { openStore } from "../store/open.js";
import { PgStore } from "../store/postgres/backend.js";
import { isPostgresUrl } from "../store/postgres/connect.js";
import { STREAMING_MEMORY_LIMIT } from "../store/store.js";
import { detectStored } from "./shared/detect-stored.js";
import { DEFAULT_LATENESS_MIN, DEFAULT_PROFILE } from "./shared/event-output.js";
import { BUS_TRIES_HELP, busTries, DEFAULT_BUS_TRIES } from "./shared/options.js";
import { addStoreOptions, type StoreCliOptions, storeRetrySeconds } from "./shared/store-options.js";

interface WorkerCliOptions extends StoreCliOptions {
  bus: string;
  batch: string;
  busTries: string;
  untilIdle?: boolean;
  detect: boolean;
  profile: string;
  lateness: string;
  json?: boolean;
}

export async function runWorkerCommand(opts: WorkerCliOptions): Promise<number> {
  const batch = Number(opts.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`bad --batch '${opts.batch}': messages >= 1`);
  const lateness = Number(opts.lateness);
  if (!(lateness >= 0)) throw new Error(`bad --lateness '${opts.lateness}': minutes >= 0`);
  const retrySeconds = storeRetrySeconds(opts);
  // Where the bus's message ledger lives: the DuckDB file, or PostgreSQL (docs/bus.md).
  if (opts.store !== undefined && !isPostgresUrl(opts.store))
    throw new Error(`${opts.store}: --store takes a postgres:// URL; a DuckDB file is --db`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const retry = { tries: busTries(opts.busTries), onRetry: log };
  const nc = await connectBus(opts.bus, retry);
  let store: StoreBackend;
  try {
    store = await openStore(opts, { memoryLimit: STREAMING_MEMORY_LIMIT, onWait: log, retrySeconds });
  } catch (err) {
    await nc.close();
    throw err;
  }
  const ledger: BusLedger =
    store instanceof PgStore ? pgLedger(store) : duckLedger((store as DuckStore).store);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const s = await runWorker(nc, ledger, {
      batch,
      untilIdle: opts.untilIdle,
      signal: controller.signal,
      log,
      retry,
      detect: opts.detect
        ? () => detectStored(store, { profile: opts.profile, latenessMin: lateness }, { json: opts.json })
        : null,
    });
    log(
      `worker: ${s.stored} messages stored (${s.positions} positions, ${s.statics} static reports), ` +
        `${s.skipped} stored before, ${s.sources} sources complete, ${s.detections} detector runs` +
        (s.refused ? `, ${s.refused} messages refused as not darkfleet's` : ""),
    );
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
    await nc.close();
  }
  return 0;
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("worker")
      .description(
        "store the records `ingest --bus` published and run the detectors over the store (a PostgreSQL store is shared by any number of workers)",
      )
      .requiredOption("--bus <nats://host:port>", "the NATS JetStream bus to take records from"),
  )
    // 2M mix, one worker (whole run, ~2 s of it idle checks): 32 took 7.0 s and 295 MB, 128 took
    // 6.1 s and 371 MB, 256 took 5.7 s and 417 MB.
    .option("--batch <messages>", "messages per fetch, stored in one transaction", "128")
    .option("--bus-tries <n>", BUS_TRIES_HELP, String(DEFAULT_BUS_TRIES))
    .option("--until-idle", "stop once the bus has nothing left to deliver and the detectors have run")
    .option("--no-detect", "only store: leave the detection jobs to other workers")
    .option("--profile <name|dir>", "profile with ports and areas", DEFAULT_PROFILE)
    .option(
      "--lateness <minutes>",
      "as detect's --lateness (part of the events' config hash)",
      DEFAULT_LATENESS_MIN,
    )
    .option("--json", "events as JSON lines on stdout")
    .action(async (opts: WorkerCliOptions) => {
      process.exitCode = await runWorkerCommand(opts);
    });
}
