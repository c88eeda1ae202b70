/**
 * A detector's object state on a track or vessel (what does not fit a row of numbers:
 * a port, a list of evidence): one slot of the owner, typed by the detector that
 * reserved it, so the runner and the Track need no field per detector. Fast path
 * (profile: the per-fix path): the first slots are fields of the owner itself, not an
 * array beside it, which was one more cache line reached per fix; slots past them spill
 * into `more`.
 */

/** Slots kept as fields of their owner. */
const INLINE = 6;

/** An owner of slots (Track, Vessel): fields s0 … s5 set to null, `more` too. */
export interface Slots {
  s0: unknown;
  s1: unknown;
  s2: unknown;
  s3: unknown;
  s4: unknown;
  s5: unknown;
  /** Slots from the seventh on. */
  more: unknown[] | null;
}

export class Slot<T> {
  constructor(private readonly i: number) {}

  /** The state in this slot, null until set. */
  get(owner: Slots): T | null {
    switch (this.i) {
      case 0:
        return owner.s0 as T | null;
      case 1:
        return owner.s1 as T | null;
      case 2:
        return owner.s2 as T | null;
      case 3:
        return owner.s3 as T | null;
      case 4:
        return owner.s4 as T | null;
      case 5:
        return owner.s5 as T | null;
      default:
        return (owner.more?.[this.i - INLINE] ?? null) as T | null;
    }
  }

  set(owner: Slots, state: T): void {
    switch (this.i) {
      case 0:
        owner.s0 = state;
        return;
      case 1:
        owner.s1 = state;
        return;
      case 2:
        owner.s2 = state;
        return;
      case 3:
        owner.s3 = state;
        return;
      case 4:
        owner.s4 = state;
        return;
      case 5:
        owner.s5 = state;
        return;
      default:
        owner.more ??= [];
        owner.more[this.i - INLINE] = state;
    }
  }
}
