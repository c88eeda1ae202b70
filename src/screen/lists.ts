/**
 * The watchlist a screening runs against: the lists imported into the store, and the
 * profile's snapshot for every list the store does not hold (an import of "OFAC SDN"
 * supersedes the snapshot's OFAC SDN rows).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { WatchEntry } from "../model/watchlist.js";
import { profileDir } from "../profile/load.js";
import type { Store } from "../store/store.js";
import { storedEntries } from "../store/watchlist.js";
import { readPlainCsv } from "./import-plain-csv.js";

export interface ListSource {
  list: string;
  entries: number;
  from: "profile" | "store";
}

export interface Watchlist {
  entries: WatchEntry[];
  sources: ListSource[];
}

/** The profile's snapshot (profiles/NAME/watchlist.csv); a bad row there is an error naming file and line. */
export function profileWatchlist(profile: string): WatchEntry[] {
  const file = join(profileDir(profile), "watchlist.csv");
  const read = readPlainCsv(readFileSync(file, "utf8"), file);
  for (const [reason, c] of read.bad.counts) throw new Error(`${c.first}: ${reason}`);
  return read.entries;
}

export async function loadWatchlist(profile: string, store: Store | null): Promise<Watchlist> {
  const stored = store ? await storedEntries(store) : [];
  const storedLists = new Set(stored.map((e) => e.list));
  const entries = [...stored, ...profileWatchlist(profile).filter((e) => !storedLists.has(e.list))];
  const counts = new Map<string, ListSource>();
  for (const e of entries) {
    const s = counts.get(e.list);
    if (s) s.entries++;
    else
      counts.set(e.list, { list: e.list, entries: 1, from: storedLists.has(e.list) ? "store" : "profile" });
  }
  return { entries, sources: [...counts.values()] };
}
