/**
 * What the accounting commands (ledger, exports, flags) share: they read the DuckDB store
 * after `detect --db` for one calendar year (or the store's whole span) and print lines.
 */
import type { Command } from "commander";
import { Store } from "../../store/store.js";
import { DEFAULT_DB } from "./options.js";
import { TextOut } from "./stdout.js";

export interface AccountingOptions {
  db: string;
  year?: string;
}

/** Adds --db and --year. */
export function addAccountingOptions(cmd: Command): Command {
  return cmd
    .option("--db <file>", "DuckDB database file (after detect --db)", DEFAULT_DB)
    .option("--year <year>", "calendar year (default: the store's whole span)");
}

export function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const year = Number(text);
  if (!(Number.isInteger(year) && year >= 1970 && year < 3000)) throw new Error(`bad --year '${text}'`);
  return year;
}

/** Opens the store read-only, prints the lines `read` makes of it and closes it; exit code 0. */
export async function printFromStore(
  db: string,
  read: (store: Store) => Promise<Iterable<string>>,
): Promise<number> {
  const store = await Store.open(db, { readOnly: true });
  try {
    const out = new TextOut();
    for (const line of await read(store)) await out.line(line);
    await out.flush();
    return 0;
  } finally {
    store.close();
  }
}
