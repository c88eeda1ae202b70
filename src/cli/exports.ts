/**
 * `darkfleet exports [--db FILE] [--year Y] [--profile NAME|DIR] [--json]`: voyages that
 * loaded at the profile country's ports (in sight, or on a dark call), the likely cargo,
 * and the first foreign port each went to, with the evidence.
 */
import type { Command } from "commander";
import { exportsOfStore } from "../ledger/exports-of-store.js";
import { Store } from "../store/store.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";
import { DEFAULT_DB } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";

interface Options {
  db: string;
  year?: string;
  profile: string;
  json?: boolean;
}

const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

export async function runExports(opts: Options): Promise<number> {
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year < 3000))
    throw new Error(`bad --year '${opts.year}'`);
  const store = await Store.open(opts.db, { readOnly: true });
  try {
    const voyages = await exportsOfStore(store, { profile: opts.profile, year });
    const out = new TextOut();
    if (opts.json) await out.line(JSON.stringify(voyages));
    else {
      await out.line(
        "left\tmmsi\tname\thow\torigin\tdraught rise m\tlikely cargo\tdestination\tarrived\tevents",
      );
      for (const v of voyages) {
        const d = v.destination;
        await out.line(
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
    }
    await out.flush();
    return 0;
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  program
    .command("exports")
    .description(
      "export-ban voyages: vessels loading at the profile country's ports, their likely cargo and destination",
    )
    .option("--db <file>", "DuckDB database file (after detect --db)", DEFAULT_DB)
    .option("--year <year>", "calendar year (default: the store's whole span)")
    .option("--profile <name|dir>", "profile with ports", DEFAULT_PROFILE)
    .option("--json", "a JSON array of voyages")
    .action(async (opts: Options) => {
      process.exitCode = await runExports(opts);
    });
}
