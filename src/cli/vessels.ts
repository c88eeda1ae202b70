/** `darkfleet vessels [--db FILE] [--json]`: every vessel in the store with its latest identity. */
import type { Command } from "commander";
import { vesselsSeen } from "../store/queries.js";
import { Store } from "../store/store.js";
import { DEFAULT_DB } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export async function runVessels(opts: { db: string; json?: boolean }): Promise<number> {
  const store = await Store.open(opts.db, { readOnly: true });
  try {
    const vessels = await vesselsSeen(store);
    const out = new TextOut();
    if (opts.json) await out.line(JSON.stringify(vessels));
    else await out.line("mmsi\tpositions\tfirst_seen\tlast_seen\timo\tcallsign\tship_type\tname");
    for (const v of opts.json ? [] : vessels) {
      await out.line(
        [
          v.mmsi,
          v.positions,
          iso(v.firstSeen),
          iso(v.lastSeen),
          v.imo ?? "",
          v.callsign ?? "",
          v.shipType ?? "",
          v.name ?? "",
        ].join("\t"),
      );
    }
    await out.flush();
    return 0;
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  program
    .command("vessels")
    .description("list the vessels in the store: MMSI, position count, first/last seen, latest identity")
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option("--json", "print a JSON array")
    .action(async (opts: { db: string; json?: boolean }) => {
      process.exitCode = await runVessels(opts);
    });
}
