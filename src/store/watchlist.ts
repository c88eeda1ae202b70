/** The watchlist table (schema.ts V4): lists imported by `darkfleet lists import`. */
import type { WatchEntry } from "../model/watchlist.js";
import { inTransaction, type Store } from "./store.js";

export interface StoredList {
  list: string;
  entries: number;
  files: string;
}

/** Replaces every list the entries name with these entries, in one transaction; `file` says where each came from. */
export async function replaceLists(
  store: Store,
  entries: readonly (WatchEntry & { file: string })[],
): Promise<void> {
  const lists = [...new Set(entries.map((e) => e.list))];
  const con = store.con;
  await inTransaction(con, async () => {
    for (const list of lists) await con.run("DELETE FROM watchlist WHERE list = $1", [list]);
    const a = await con.createAppender("watchlist");
    for (const { file, ...entry } of entries) {
      a.appendVarchar(entry.list);
      a.appendVarchar(entry.id);
      a.appendVarchar(JSON.stringify(entry));
      a.appendVarchar(file);
      a.endRow();
    }
    a.closeSync();
  });
}

/** Every stored entry, by list then id. */
export async function storedEntries(store: Store): Promise<WatchEntry[]> {
  const rows = await store.rows<{ entry: string }>(
    "SELECT entry::VARCHAR AS entry FROM watchlist ORDER BY list, id",
  );
  return rows.map((r) => JSON.parse(r.entry) as WatchEntry);
}

/** The stored lists with their entry counts and the files they came from. */
export async function storedLists(store: Store): Promise<StoredList[]> {
  return store.rows<StoredList>(
    `SELECT list, count(*)::DOUBLE AS entries, string_agg(DISTINCT file, ', ' ORDER BY file) AS files
     FROM watchlist GROUP BY list ORDER BY list`,
  );
}
