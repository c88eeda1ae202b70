/**
 * Risk ranking quality against a simulated truth (issue 16): precision of the top k
 * against the truth's evaders, and the share of innocent confounder vessels ranked in the
 * bottom half. Vessels with equal scores cannot be told apart by the ranking, so each
 * takes the middle rank of its tie group (a tie group straddling the middle counts as in
 * the bottom half when its middle rank is); vessels the ranking lacks (never seen) are
 * left out of both figures.
 */
import type { Truth } from "../model/truth.js";

export interface Ranked {
  mmsi: number;
  score: number;
}

export interface RiskQuality {
  vessels: number;
  /** Evaders the ranking holds (seen in the data), of those in truth. */
  evaders: number;
  innocents: number;
  precisionAt: Record<number, number>;
  /** Innocent confounder vessels whose middle rank is in the bottom half, as a share. */
  innocentsInBottomHalf: number;
  /** The innocents above the middle, best ranked first (what to look at). */
  innocentsAbove: number[];
}

/** Middle rank (0-based) of each vessel's tie group in a ranking sorted by score, highest first. */
export function midRanks(ranked: readonly Ranked[]): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    while (j + 1 < ranked.length && ranked[j + 1].score === ranked[i].score) j++;
    for (let k = i; k <= j; k++) out.set(ranked[k].mmsi, (i + j) / 2);
    i = j + 1;
  }
  return out;
}

export function riskQuality(ranked: readonly Ranked[], truth: Truth, ks = [10, 50]): RiskQuality {
  const evaders = new Set((truth.evaders ?? []).flatMap((e) => e.vessels.map((v) => v.mmsi)));
  const mid = midRanks(ranked);
  const n = ranked.length;
  const precisionAt: Record<number, number> = {};
  // Ties at the cut: the top k takes each tied vessel's share of the places left.
  for (const k of ks) {
    let hits = 0;
    let i = 0;
    while (i < Math.min(k, n)) {
      let j = i;
      while (j + 1 < n && ranked[j + 1].score === ranked[i].score) j++;
      const group = ranked.slice(i, j + 1);
      const places = Math.min(k, j + 1) - i;
      hits += (group.filter((r) => evaders.has(r.mmsi)).length * places) / group.length;
      i = j + 1;
    }
    precisionAt[k] = hits / k;
  }
  const innocents = (truth.innocents ?? []).map((v) => v.mmsi).filter((m) => mid.has(m));
  const above = innocents.filter((m) => (mid.get(m) as number) < (n - 1) / 2);
  return {
    vessels: n,
    evaders: ranked.filter((r) => evaders.has(r.mmsi)).length,
    innocents: innocents.length,
    precisionAt,
    innocentsInBottomHalf: innocents.length === 0 ? 1 : 1 - above.length / innocents.length,
    innocentsAbove: above.sort((a, b) => (mid.get(a) as number) - (mid.get(b) as number)),
  };
}
