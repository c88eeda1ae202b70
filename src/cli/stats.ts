/** `darkfleet stats [--db FILE | --store URL] [--json]`: what the store holds: totals, counts by reason, positions per day. */
import type { Command } from "commander";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z"));

type StatsOptions = StoreCliOptions & { json?: boolean };

export async function runStats(opts: StatsOptions): Promise<number> {
  const store = await openCliStore(opts, { readOnly: true });
  try {
    const t = await store.totals();
    const days = await store.countsPerDay();
    // the file's size, or the PostgreSQL database's
    const fileBytes = await store.sizeBytes();
    const bytesPerPosition = t.positions > 0 ? fileBytes / t.positions : null;
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ db: store.location, fileBytes, bytesPerPosition, ...t, days })}\n`,
      );
      return 0;
    }
    const lines = [
      `database      ${store.location} (${(fileBytes / 1e6).toFixed(1)} MB, schema ${store.version})`,
      `sources       ${t.sources}`,
      `positions     ${t.positions}${bytesPerPosition === null ? "" : ` (${bytesPerPosition.toFixed(1)} bytes each on disk)`}`,
      `static rows   ${t.statics}`,
      `vessels       ${t.vessels}`,
      `time span     ${iso(t.firstTime)} .. ${iso(t.lastTime)}`,
      "counts:",
      ...Object.entries(t.counts)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `  ${k.padEnd(28)} ${v}`),
      "per day:",
      ...days.map((d) => `  ${d.day}  ${d.positions} positions, ${d.vessels} vessels`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("stats")
      .description("summarise the store: sources, positions, vessels, counts by reason, positions per day"),
  )
    .option("--json", "print JSON")
    .action(async (opts: StatsOptions) => {
      process.exitCode = await runStats(opts);
    });
}
