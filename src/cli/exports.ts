/**
 * `darkfleet exports [--db FILE] [--year Y] [--profile NAME|DIR] [--json]`: voyages that
 * loaded at the profile country's ports (in sight, or on a dark call), the likely cargo,
 * and the first foreign port each went to, with the evidence.
 */
import type { Command } from "commander";
import { exportsOfStore } from "../ledger/exports-of-store.js";
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

const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

function textLines(voyages: Awaited<ReturnType<typeof exportsOfStore>>): string[] {
  const out = ["left\tmmsi\tname\thow\torigin\tdraught rise m\tlikely cargo\tdestination\tarrived\tevents"];
  for (const v of voyages) {
    const d = v.destination;
    out.push(
      [
        iso(v.left),
        v.vessel.mmsi,
        v.vessel.name ?? "",
        v.how,
        v.origin,
        v.draughtRiseM ?? "",
        v.cargo,
        d === null ? "" : `${d.port} (${d.country})`,
        d === null ? "" : iso(d.t),
        v.events.join(" "),
      ].join("\t"),
    );
  }
  return out;
}

export async function runExports(opts: Options): Promise<number> {
  const year = parseYear(opts.year);
  return printFromStore(opts.db, async (store) => {
    const voyages = await exportsOfStore(store, { profile: opts.profile, year });
    return opts.json ? [JSON.stringify(voyages)] : textLines(voyages);
  });
}

export function register(program: Command): void {
  addAccountingOptions(
    program
      .command("exports")
      .description(
        "export-ban voyages: vessels loading at the profile country's ports, their likely cargo and destination",
      ),
  )
    .option("--profile <name|dir>", "profile with ports", DEFAULT_PROFILE)
    .option("--json", "a JSON array of voyages")
    .action(async (opts: Options) => {
      process.exitCode = await runExports(opts);
    });
}
