/**
 * `darkfleet lists import FILE... [--list NAME] [--db FILE] [--json]`: stores sanctions
 * lists for screening and risk, replacing the stored rows of every list imported (and,
 * for screening, the profile snapshot's rows of that list). Formats: OFAC's sdn.csv with
 * alt.csv and add.csv, OFAC's sdn.xml, FollowTheMoney JSON lines (schema Vessel), a plain
 * CSV (name, imo, mmsi, aliases, list, date). Bad rows are counted by reason with the
 * first place met. `darkfleet lists show`: the lists screening would use.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { readListFiles } from "../screen/import.js";
import { loadWatchlist } from "../screen/lists.js";
import { Store } from "../store/store.js";
import { replaceLists } from "../store/watchlist.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";
import { DEFAULT_DB } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";

export async function runImport(
  files: string[],
  o: { db: string; list?: string; json?: boolean },
): Promise<number> {
  const read = await readListFiles(files, o.list);
  const store = await Store.open(o.db);
  try {
    await replaceLists(
      store,
      read.flatMap((f) => f.read.entries.map((e) => ({ ...e, file: f.file }))),
    );
  } finally {
    store.close();
  }
  const report = read.map((f) => ({
    file: f.file,
    with: f.with,
    format: f.format,
    lists: [...new Set(f.read.entries.map((e) => e.list))],
    rows: f.read.rows,
    entries: f.read.entries.length,
    skipped: f.read.skipped,
    bad: Object.fromEntries([...f.read.bad.counts].map(([reason, c]) => [reason, c])),
  }));
  const out = new TextOut();
  if (o.json) await out.line(JSON.stringify(report));
  else
    for (const r of report) {
      await out.line(
        `${r.file}${r.with.length ? ` (+ ${r.with.join(", ")})` : ""}: ${r.format}, ${r.rows} rows, ${r.entries} vessels into ${r.lists.join(", ") || "no list"}, ${r.skipped} not vessels`,
      );
      for (const [reason, c] of Object.entries(r.bad))
        await out.line(`  bad: ${c.count} ${reason} (first at ${c.first})`);
    }
  await out.flush();
  return 0;
}

export async function runShow(o: { db: string; profile: string; json?: boolean }): Promise<number> {
  const store = existsSync(o.db) ? await Store.open(o.db, { readOnly: true }) : null;
  try {
    const list = await loadWatchlist(o.profile, store);
    const out = new TextOut();
    if (o.json) await out.line(JSON.stringify(list.sources));
    else {
      await out.line("list\tentries\tfrom");
      for (const s of list.sources) await out.line(`${s.list}\t${s.entries}\t${s.from}`);
    }
    await out.flush();
    return 0;
  } finally {
    store?.close();
  }
}

export function register(program: Command): void {
  const lists = program.command("lists").description("sanctions lists used by screen and risk");
  lists
    .command("import")
    .description(
      "import list files (OFAC sdn.csv+alt.csv+add.csv or sdn.xml, FollowTheMoney JSON lines, plain CSV)",
    )
    .argument("<file...>", "list files")
    .option(
      "--list <name>",
      "name the imported list (default: OFAC SDN for OFAC files, the file name otherwise)",
    )
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option("--json", "print the import report as JSON")
    .action(async (files: string[], opts: { db: string; list?: string; json?: boolean }) => {
      process.exitCode = await runImport(files, opts);
    });
  lists
    .command("show")
    .description("the lists screening uses: imported ones, and the profile snapshot's for the rest")
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option("--profile <name|dir>", "profile", DEFAULT_PROFILE)
    .option("--json", "JSON")
    .action(async (opts: { db: string; profile: string; json?: boolean }) => {
      process.exitCode = await runShow(opts);
    });
}
