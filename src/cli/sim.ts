/**
 * `darkfleet sim --scenario NAME|FILE --seed N --out DIR`: writes DIR/ais.nmea and
 * DIR/truth.json. `--scenario scale --vessels N --days D` makes benchmark load.
 */
import type { Command } from "commander";
import { TRUTH_KINDS } from "../model/truth.js";
import { ARCHIVE_ORDERS, type ArchiveOrder } from "../sim/order.js";
import { runSim } from "../sim/run.js";
import { loadScenario, scaleScenario } from "../sim/scenario.js";

export function register(program: Command): void {
  program
    .command("sim")
    .description("simulate AIS traffic with known sanctions-evasion events: NMEA plus ground truth")
    .option(
      "--scenario <name|file>",
      "smoke, dprk-2019, dprk-2019-unsorted, scale, or a scenario JSON file",
      "smoke",
    )
    .option("--seed <n>", "random seed (same seed, same bytes)", "1")
    .option("--out <dir>", "output directory", "sim-out")
    .option("--vessels <n>", "scale scenario: number of vessels", "1000")
    .option("--days <n>", "scale scenario: days (fractions allowed)", "1")
    .option("--until <time>", "stop the feed at this time (ISO 8601): a cut of the full run")
    .option(
      "--order <order>",
      "archive order: delivery (as received), shuffled (within an hour), by-vessel (each day grouped by MMSI); default the scenario's",
    )
    .action(
      (opts: {
        scenario: string;
        seed: string;
        out: string;
        vessels: string;
        days: string;
        until?: string;
        order?: string;
      }) => {
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new Error(`darkfleet: bad --seed ${opts.seed}`);
        const config = {
          ...(opts.scenario === "scale"
            ? scaleScenario(Number(opts.vessels), Number(opts.days))
            : loadScenario(opts.scenario)),
        };
        if (opts.order !== undefined) {
          if (!(ARCHIVE_ORDERS as readonly string[]).includes(opts.order))
            throw new Error(`darkfleet: bad --order ${opts.order} (${ARCHIVE_ORDERS.join(", ")})`);
          config.order = opts.order as ArchiveOrder;
        }
        const t0 = performance.now();
        const until = opts.until === undefined ? undefined : Date.parse(opts.until);
        if (until !== undefined && Number.isNaN(until))
          throw new Error(`darkfleet: bad --until ${opts.until}`);
        const r = runSim(config, seed, opts.out, until);
        const s = (performance.now() - t0) / 1000;
        const counts = TRUTH_KINDS.map(
          (k) => `${k} ${r.truth.events.filter((e) => e.kind === k).length}`,
        ).join(", ");
        process.stderr.write(
          `sim ${config.name} seed ${seed}: ${r.truth.vessels} vessels, ${r.sentences} sentences (${(r.bytes / 1e6).toFixed(1)} MB) in ${s.toFixed(1)} s\n` +
            `truth: ${counts}; ${r.truth.confounders.length} confounders\n` +
            `vessels: ${r.truth.evaders?.length ?? 0} evaders (${r.truth.evaders?.filter((e) => e.listed).length ?? 0} listed), ${r.truth.innocents?.length ?? 0} innocents in confounders\n` +
            `wrote ${r.nmeaFile} and ${r.truthFile}\n`,
        );
      },
    );
}
