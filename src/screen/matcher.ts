/** Lookups over a set of watchlist entries: exact IMO and MMSI, fuzzy names. */

import type { WatchEntry } from "../model/watchlist.js";
import { MATCH_THRESHOLD, NameIndex, type NameKind } from "./name-index.js";

export interface ListHit {
  entry: WatchEntry;
  /** What matched: the IMO, an MMSI, or a name (with its score and the listed name). */
  on: "imo" | "mmsi" | "name";
  score: number;
  matched: string;
  kind?: NameKind;
}

export class Matcher {
  private readonly byImo = new Map<number, WatchEntry[]>();
  private readonly byMmsi = new Map<number, WatchEntry[]>();
  private readonly names = new NameIndex<WatchEntry>();

  constructor(readonly entries: readonly WatchEntry[]) {
    const push = <K>(m: Map<K, WatchEntry[]>, k: K, e: WatchEntry) => {
      const l = m.get(k);
      if (l) l.push(e);
      else m.set(k, [e]);
    };
    for (const e of entries) {
      if (e.imo !== null) push(this.byImo, e.imo, e);
      for (const m of e.mmsis) push(this.byMmsi, m, e);
      this.names.add(e, [
        { raw: e.name, kind: "name" },
        ...e.aliases.map((raw) => ({ raw, kind: "alias" as const })),
        ...e.formerNames.map((raw) => ({ raw, kind: "former name" as const })),
      ]);
    }
  }

  byImoNumber(imo: number): ListHit[] {
    return (this.byImo.get(imo) ?? []).map((entry) => ({ entry, on: "imo", score: 1, matched: String(imo) }));
  }

  byMmsiNumber(mmsi: number): ListHit[] {
    return (this.byMmsi.get(mmsi) ?? []).map((entry) => ({
      entry,
      on: "mmsi",
      score: 1,
      matched: String(mmsi),
    }));
  }

  byName(name: string, threshold = MATCH_THRESHOLD): ListHit[] {
    return this.names
      .search(name, threshold)
      .map((h) => ({ entry: h.item, on: "name", score: h.score, matched: h.matched, kind: h.kind }));
  }
}
