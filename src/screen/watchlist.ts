/** What the list importers share: the read result, bad-row counting, identifier parsing. */
import type { WatchEntry } from "../model/watchlist.js";

/** What an importer read from a file: the entries, and the rows it could not use, by reason. */
export interface ListRead {
  entries: WatchEntry[];
  /** Records read, a header not counted. */
  rows: number;
  bad: BadRows;
  /** Rows that are fine but not vessels (people, companies), by schema or type. */
  skipped: number;
}

/** Rows counted by what was wrong with them (dropped, or kept without a bad identifier), with the first place each reason was met ("file:line"). */
export class BadRows {
  readonly counts = new Map<string, { count: number; first: string }>();

  add(reason: string, where: string): void {
    const c = this.counts.get(reason);
    if (c) c.count++;
    else this.counts.set(reason, { count: 1, first: where });
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c.count;
    return n;
  }
}

/** An IMO number from list text ("IMO 8405311", "8405311"), or null when it is not 7 digits. */
export function parseImo(text: string): number | null {
  const m = /^\s*(?:IMO[\s:.-]*)?(\d{7})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** An MMSI from list text (9 digits, "MMSI" prefix allowed), or null. */
export function parseMmsi(text: string): number | null {
  const m = /^\s*(?:MMSI[\s:.-]*)?(\d{9})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** Names split from a list cell ("A; B"), trimmed, empties and repeats of `not` dropped. */
export function splitNames(cell: string, not: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const part of cell.split(";")) {
    const n = part.trim();
    if (n !== "" && !not.includes(n) && !out.includes(n)) out.push(n);
  }
  return out;
}
