/** `darkfleet vessels [--db FILE | --store URL] [--json]`: every vessel in the store with its latest identity. */
import type { Command } from "commander";
import { TextOut } from "./shared/stdout.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

type VesselsOptions = StoreCliOptions & { json?: boolean };

export async function runVessels(opts: VesselsOptions): Promise<number> {
  const store = await openCliStore(opts, { readOnly: true });
  try {
    const vessels = await store.vesselsSeen();
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
    await store.close();
  }
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("vessels")
      .description("list the vessels in the store: MMSI, position count, first/last seen, latest identity"),
  )
    .option("--json", "print a JSON array")
    .action(async (opts: VesselsOptions) => {
      process.exitCode = await runVessels(opts);
    });
}
