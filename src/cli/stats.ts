/** `darkfleet stats [--db FILE] [--json]`: what the store holds: totals, counts by reason, positions per day. */
import { statSync } from "node:fs";
import type { Command } from "commander";
import { countsPerDay, totals } from "../store/queries.js";
import { Store } from "../store/store.js";
import { DEFAULT_DB } from "./shared/options.js";

const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z"));

export async function runStats(opts: { db: string; json?: boolean }): Promise<number> {
  const store = await Store.open(opts.db, { readOnly: true });
  try {
    const t = await totals(store);
    const days = await countsPerDay(store);
    const fileBytes = statSync(opts.db).size;
    const bytesPerPosition = t.positions > 0 ? fileBytes / t.positions : null;
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ db: opts.db, fileBytes, bytesPerPosition, ...t, days })}\n`);
      return 0;
    }
    const lines = [
      `database      ${opts.db} (${(fileBytes / 1e6).toFixed(1)} MB, schema ${store.version})`,
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
    store.close();
  }
}

export function register(program: Command): void {
  program
    .command("stats")
    .description("summarise the store: sources, positions, vessels, counts by reason, positions per day")
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option("--json", "print JSON")
    .action(async (opts: { db: string; json?: boolean }) => {
      process.exitCode = await runStats(opts);
    });
}
