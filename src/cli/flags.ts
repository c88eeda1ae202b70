/**
 * `darkfleet flags [--db FILE] [--year Y] [--profile NAME|DIR] [--json]`: findings and
 * petroleum deliveries by the flag each vessel's MMSI names, ranked, with the vessels behind
 * each row, and the vessels seen under MMSIs of several flags.
 */
import type { Command } from "commander";
import { exportsOfStore } from "../ledger/exports-of-store.js";
import { type FlagTable, flagTable } from "../ledger/flags.js";
import { ledgerOfStore } from "../ledger/from-store.js";
import { listEvents } from "../store/events.js";
import { vesselsSeen } from "../store/queries.js";
import {
  type AccountingOptions,
  addAccountingOptions,
  parseYear,
  printFromStore,
} from "./shared/accounting.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";

interface Options extends AccountingOptions {
  profile: string;
  json?: boolean;
}

function textLines(t: FlagTable): string[] {
  const out = ["flag\tevents\tdeliveries\tbarrels (mid)\tsupplied\texports\tvessels\tby kind"];
  for (const r of t.flags) {
    const kinds = Object.entries(r.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    out.push(
      [r.flag, r.events, r.deliveries, r.barrelsMid, r.supplied, r.exports, r.vessels.length, kinds].join(
        "\t",
      ),
    );
  }
  out.push(`${t.reflags.length} vessels seen under MMSIs of several flags`);
  for (const r of t.reflags)
    out.push(`IMO ${r.imo}: ${r.mmsis.map((m) => `${m.mmsi} (${m.flag})`).join(", ")}`);
  return out;
}

export async function runFlags(opts: Options): Promise<number> {
  const year = parseYear(opts.year);
  return printFromStore(opts.db, async (store) => {
    const ledger = await ledgerOfStore(store, { profile: opts.profile, year, product: "refined" });
    const events = await listEvents(store, { from: Date.parse(ledger.from), to: Date.parse(ledger.to) });
    const exports = await exportsOfStore(store, { profile: opts.profile, year });
    const table = flagTable(events, ledger.deliveries, await vesselsSeen(store), exports);
    return opts.json ? [JSON.stringify(table)] : textLines(table);
  });
}

export function register(program: Command): void {
  addAccountingOptions(
    program
      .command("flags")
      .description(
        "flag-state accountability: findings and deliveries by MMSI flag, and vessels that changed flag",
      ),
  )
    .option("--profile <name|dir>", "profile with ports and caps", DEFAULT_PROFILE)
    .option("--json", "one JSON object: flags (ranked rows with their vessels) and reflags")
    .action(async (opts: Options) => {
      process.exitCode = await runFlags(opts);
    });
}
