/**
 * Fuzzy name search over watchlist names and aliases.
 *
 * Score of a query name against a listed name, from 0 to 1:
 *   1 - edits(keyA, keyB) / max(|keyA|, |keyB|)   on the romanisation-folded letters
 *   - 0.2 when one name has a number and the other none  ("KUM UN SAN" vs "KUM UN SAN 3": other ships)
 *   - 0.5 when both have numbers and they differ          ("SAM JONG 1" vs "SAM JONG 2": other ships)
 * edits: Damerau-Levenshtein distance (a swap of two letters is one edit, as in most typos).
 * A name scoring at least MATCH_THRESHOLD is a hit. At 0.83 a key of 6 letters or more may
 * differ by one edit, of 12 or more by two; a key of 5 letters or fewer must agree exactly
 * after folding (short names are where unrelated ships collide). Measured on the names in
 * test/screen/names.test.ts.
 *
 * Candidates come from an index of the keys' letter pairs: an edit changes at most three
 * pairs (a swap; an insertion, deletion or substitution two), so a name that can reach
 * the threshold shares all but 3·k of the query's distinct pairs (k the edits the
 * threshold allows); only those are scored. The filter is exact, never drops a hit.
 */
import damerauLevenshtein from "damerau-levenshtein";
import { type NormalName, normaliseName } from "./normalise.js";

export const MATCH_THRESHOLD = 0.83;
const NUMBER_MISSING = 0.2;
const NUMBER_DIFFERS = 0.5;

export type NameKind = "name" | "alias" | "former name";

export interface NameHit<T> {
  item: T;
  score: number;
  /** The listed name that matched, as the list writes it. */
  matched: string;
  kind: NameKind;
}

interface Indexed<T> {
  item: T;
  raw: string;
  kind: NameKind;
  norm: NormalName;
}

function pairs(key: string): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i + 1 < key.length; i++) s.add(key.slice(i, i + 2));
  return s;
}

/** Score of two normalised names (see the header). */
export function nameScore(a: NormalName, b: NormalName): number {
  const len = Math.max(a.key.length, b.key.length);
  let score =
    len === 0 ? (a.text !== "" && b.text !== "" ? 1 : 0) : 1 - damerauLevenshtein(a.key, b.key).steps / len;
  if (a.numbers !== b.numbers)
    score -= a.numbers === "" || b.numbers === "" ? NUMBER_MISSING : NUMBER_DIFFERS;
  return Math.max(0, Math.round(score * 1000) / 1000);
}

export class NameIndex<T> {
  private readonly names: Indexed<T>[] = [];
  private readonly postings = new Map<string, number[]>();

  /** Adds an item under its names; names that normalise to nothing are skipped. */
  add(item: T, names: { raw: string; kind: NameKind }[]): void {
    for (const { raw, kind } of names) {
      const norm = normaliseName(raw);
      if (norm.text === "") continue;
      const i = this.names.push({ item, raw, kind, norm }) - 1;
      for (const p of pairs(norm.key)) {
        const list = this.postings.get(p);
        if (list) list.push(i);
        else this.postings.set(p, [i]);
      }
    }
  }

  /** Items with a name scoring at least `threshold`, best name per item, best first (ties in insertion order). */
  search(query: string, threshold = MATCH_THRESHOLD): NameHit<T>[] {
    const q = normaliseName(query);
    if (q.text === "") return [];
    const qPairs = pairs(q.key);
    const candidates = this.candidates(q, qPairs, threshold);
    const best = new Map<T, NameHit<T> & { order: number }>();
    for (const i of candidates) {
      const n = this.names[i];
      const score = nameScore(q, n.norm);
      if (score < threshold) continue;
      const prev = best.get(n.item);
      if (!prev || score > prev.score)
        best.set(n.item, { item: n.item, score, matched: n.raw, kind: n.kind, order: prev?.order ?? i });
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map(({ order: _, ...hit }) => hit);
  }

  private candidates(q: NormalName, qPairs: Set<string>, threshold: number): Iterable<number> {
    // The most edits any reachable name allows: its key is at most |q|/threshold long.
    const maxEdits = (len: number) => Math.floor((1 - threshold) * len + 1e-9);
    if (qPairs.size <= 3 * maxEdits(q.key.length / threshold)) return this.names.keys();
    const shared = new Map<number, number>();
    for (const p of qPairs)
      for (const i of this.postings.get(p) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    const out: number[] = [];
    for (const [i, n] of shared) {
      const len = Math.max(q.key.length, this.names[i].norm.key.length);
      if (qPairs.size - n <= 3 * maxEdits(len)) out.push(i);
    }
    return out.sort((a, b) => a - b);
  }
}
