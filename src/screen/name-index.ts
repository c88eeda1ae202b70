/**
 * Fuzzy name search over watchlist names and aliases.
 *
 * Score of a query name against a listed name, from 0 to 1:
 *   1 - edits(keyA, keyB) / max(|keyA|, |keyB|)   on the romanisation-folded letters
 *   - 0.2 when one name has a number and the other none  ("KUM UN SAN" vs "KUM UN SAN 3": other ships)
 *   - 0.5 when both have numbers and they differ          ("SAM JONG 1" vs "SAM JONG 2": other ships)
 * edits: optimal-string-alignment distance (a swap of two letters is one edit, as in most
 * typos; screen/edit-distance.ts).
 * A name scoring at least MATCH_THRESHOLD is a hit. At 0.83 a key of 6 letters or more may
 * differ by one edit, of 12 or more by two; a key of 5 letters or fewer must agree exactly
 * after folding (short names are where unrelated ships collide). Measured on the names in
 * test/screen/names.test.ts.
 *
 * Candidates: names are kept in buckets by their numbers, and a bucket whose number
 * penalty leaves no room for a hit is never opened (at 0.83 only names with the query's
 * numbers can hit). Within a bucket, an index of the keys' letter pairs: an edit changes
 * at most three pairs (a swap; an insertion, deletion or substitution two), so a name
 * that can reach the threshold shares all but 3·k of the query's distinct pairs (k the
 * edits the threshold allows); only those are scored, with a distance that stops past k.
 * The filters are exact, never drop a hit (property-tested against a full scan).
 */
import { editsWithin } from "./edit-distance.js";
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

function penalty(a: { numbers: string }, b: { numbers: string }): number {
  if (a.numbers === b.numbers) return 0;
  return a.numbers === "" || b.numbers === "" ? NUMBER_MISSING : NUMBER_DIFFERS;
}

function score(edits: number, len: number, pen: number): number {
  return Math.max(0, Math.round((1 - edits / len - pen) * 1000) / 1000);
}

/** Score of two normalised names (see the header). */
export function nameScore(a: NormalName, b: NormalName): number {
  const len = Math.max(a.key.length, b.key.length);
  if (len === 0) return Math.max(0, (a.text !== "" && b.text !== "" ? 1 : 0) - penalty(a, b));
  return score(editsWithin(a.key, b.key, len), len, penalty(a, b));
}

/**
 * The score when it reaches `threshold`, else -1: the edits the score can afford are
 * worked out first, so most names are turned away on their length or within a few rows.
 */
function scoreAtLeast(a: NormalName, b: NormalName, threshold: number): number {
  const len = Math.max(a.key.length, b.key.length);
  if (len === 0) return nameScore(a, b) >= threshold ? nameScore(a, b) : -1;
  const pen = penalty(a, b);
  const k = Math.floor((1 - threshold - pen) * len + 1e-9);
  if (k < 0) return -1;
  const d = editsWithin(a.key, b.key, k);
  if (d > k) return -1;
  const s = score(d, len, pen);
  return s >= threshold ? s : -1;
}

/** The names that share one set of numbers ("" for none), with their letter-pair index. */
interface Bucket {
  numbers: string;
  names: number[];
  postings: Map<string, number[]>;
}

export class NameIndex<T> {
  private readonly names: Indexed<T>[] = [];
  /** By the names' numbers: a number differing costs more than any hit can afford, so most buckets are never opened. */
  private readonly buckets = new Map<string, Bucket>();

  /** Adds an item under its names; names that normalise to nothing are skipped. */
  add(item: T, names: { raw: string; kind: NameKind }[]): void {
    for (const { raw, kind } of names) {
      const norm = normaliseName(raw);
      if (norm.text === "") continue;
      const i = this.names.push({ item, raw, kind, norm }) - 1;
      let b = this.buckets.get(norm.numbers);
      if (!b) {
        b = { numbers: norm.numbers, names: [], postings: new Map() };
        this.buckets.set(norm.numbers, b);
      }
      b.names.push(i);
      for (const p of pairs(norm.key)) {
        const list = b.postings.get(p);
        if (list) list.push(i);
        else b.postings.set(p, [i]);
      }
    }
  }

  /** Items with a name scoring at least `threshold`, best name per item, best first (ties in insertion order). */
  search(query: string, threshold = MATCH_THRESHOLD): NameHit<T>[] {
    const q = normaliseName(query);
    if (q.text === "") return [];
    const qPairs = pairs(q.key);
    const best = new Map<T, NameHit<T> & { order: number }>();
    for (const b of this.buckets.values()) {
      const pen = penalty(q, b);
      if (1 - threshold - pen < 0) continue;
      for (const i of this.candidates(q, qPairs, b, threshold + pen)) {
        const n = this.names[i];
        const s = scoreAtLeast(q, n.norm, threshold);
        if (s < 0) continue;
        const prev = best.get(n.item);
        if (!prev || s > prev.score || (s === prev.score && i < prev.order))
          best.set(n.item, {
            item: n.item,
            score: s,
            matched: n.raw,
            kind: n.kind,
            order: Math.min(i, prev?.order ?? i),
          });
      }
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map(({ order: _, ...hit }) => hit);
  }

  /** Shared-pair counts per name for the query at hand; `stamp` marks which are current. */
  private shared = new Int32Array(0);
  private stamp = new Int32Array(0);
  private generation = 0;

  /** Names of the bucket that can reach `need` (the threshold plus the bucket's number penalty). */
  private candidates(q: NormalName, qPairs: Set<string>, b: Bucket, need: number): Iterable<number> {
    // The most edits a name of key length len affords; a reachable key is at most |q|/need long.
    const maxEdits = (len: number) => Math.floor((1 - need) * len + 1e-9);
    if (qPairs.size <= 3 * maxEdits(q.key.length / need)) return b.names;
    if (this.shared.length < this.names.length) {
      this.shared = new Int32Array(this.names.length);
      this.stamp = new Int32Array(this.names.length);
    }
    const gen = ++this.generation;
    const touched: number[] = [];
    for (const p of qPairs) {
      for (const i of b.postings.get(p) ?? []) {
        if (this.stamp[i] !== gen) {
          this.stamp[i] = gen;
          this.shared[i] = 0;
          touched.push(i);
        }
        this.shared[i]++;
      }
    }
    return touched.filter(
      (i) =>
        qPairs.size - this.shared[i] <= 3 * maxEdits(Math.max(q.key.length, this.names[i].norm.key.length)),
    );
  }
}
