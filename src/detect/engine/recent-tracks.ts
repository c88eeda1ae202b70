/**
 * The tracks heard lately, for the rules that look across vessels at every time slice
 * (the encounter rule's pair finder): the tracks whose last fix lies at or after a time,
 * without visiting every vessel remembered. Vessels are remembered for `evictMs` (14 days)
 * after their last fix, and on real feeds most of them are silent at any moment (profile,
 * the real US sample over five days: the pair finder's walk over every remembered vessel
 * at every slice was the largest part of the slice work, a cost per slice that grows with
 * every vessel ever heard, not with those heard now).
 * Tracks are listed in buckets of `bucketMs` by the time of their last fix (each track in
 * the bucket of its latest fix only counts there; fix times of a track never decrease).
 * Hand-written: an index of time, not of place (the pair finder's spatial hash is built
 * from these tracks at each slice, cheaper than moving a track between cells at every
 * fix, a fix every few seconds against a slice every ten minutes).
 */
import type { Track } from "./track.js";

export class RecentTracks {
  private readonly buckets = new Map<number, Track[]>();
  /** Buckets before this one are forgotten. */
  private first = Number.NEGATIVE_INFINITY;

  constructor(private readonly bucketMs: number) {}

  /** Notes a fix of `track`: call after each fix it records (track.lastT set). */
  heard(track: Track): void {
    const b = Math.floor(track.lastT / this.bucketMs);
    if (b === track.recentBucket) return;
    track.recentBucket = b;
    const list = this.buckets.get(b);
    if (list) list.push(track);
    else this.buckets.set(b, [track]);
  }

  /**
   * The tracks last heard at or after `t`, dead ones included, in no particular order
   * (sort what is kept with `registryOrder`). Forgets what is older than `t`'s bucket: `t`
   * must never decrease from one call to the next.
   */
  since(t: number): Track[] {
    const from = Math.floor(t / this.bucketMs);
    if (from > this.first) {
      for (const b of this.buckets.keys()) if (b < from) this.buckets.delete(b);
      this.first = from;
    }
    const out: Track[] = [];
    for (const [b, list] of this.buckets) {
      if (b < from) continue;
      for (const track of list) if (track.recentBucket === b && track.lastT >= t) out.push(track);
    }
    return out;
  }
}

/**
 * The order of the vessel registry (ctx.vessels: the vessel taken in first comes first,
 * then its tracks by index), in which a rule that walked the registry met tracks.
 */
export function registryOrder(x: Track, y: Track): number {
  return x.vessel.seq - y.vessel.seq || x.index - y.index;
}
