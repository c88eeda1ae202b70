/**
 * A track's recent history, sampled every `intervalMs` into a ring of numbers: the
 * evidence events cut from. No allocation per position: the ring starts small and doubles
 * until it holds `capacity` samples (profile, the real US sample: most tracks are heard
 * for minutes a day and fill a few samples; a full ring allocated per track, 7 kB off the
 * heap, was most of a new track's cost and brought collections for external memory).
 */
import type { EvidencePoint } from "../../model/event.js";

const STRIDE = 4;
/** Samples the ring holds at first. */
const INITIAL = 4;

export class Trail {
  private buf: Float64Array;
  private n = 0;
  private next = 0;
  private lastSampleT = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly capacity: number,
    private readonly intervalMs: number,
  ) {
    this.buf = new Float64Array(Math.min(capacity, INITIAL) * STRIDE);
  }

  /** Records the fix if `intervalMs` has passed since the last sample. */
  add(t: number, lat: number, lon: number, sog: number | null): void {
    if (t - this.lastSampleT < this.intervalMs) return;
    this.lastSampleT = t;
    const o = this.next * STRIDE;
    if (o === this.buf.length) {
      // not yet wrapped (next = n < capacity): the samples lie in order from 0
      const grown = new Float64Array(Math.min(this.capacity, 2 * this.n) * STRIDE);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[o] = t;
    this.buf[o + 1] = lat;
    this.buf[o + 2] = lon;
    this.buf[o + 3] = sog === null ? Number.NaN : sog;
    this.next = (this.next + 1) % this.capacity;
    if (this.n < this.capacity) this.n++;
  }

  /** Samples with from ≤ t ≤ to, oldest first, thinned evenly to at most `max` points. */
  slice(from: number, to: number, max: number, mmsi: number): EvidencePoint[] {
    const picked: EvidencePoint[] = [];
    const start = (this.next - this.n + this.capacity) % this.capacity;
    for (let k = 0; k < this.n; k++) {
      const o = ((start + k) % this.capacity) * STRIDE;
      const t = this.buf[o];
      if (t < from || t > to) continue;
      const sog = this.buf[o + 3];
      picked.push([t, this.buf[o + 1], this.buf[o + 2], Number.isNaN(sog) ? null : sog, mmsi]);
    }
    return thin(picked, max);
  }
}

/** Keeps the first and last points and evenly spaced ones between, `max` in all. */
export function thin(points: EvidencePoint[], max: number): EvidencePoint[] {
  if (points.length <= max) return points;
  const out: EvidencePoint[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}
