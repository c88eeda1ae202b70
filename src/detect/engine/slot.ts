/**
 * A detector's object state on a track or vessel (what does not fit a row of numbers:
 * a port, a list of evidence): one slot of the owner's `slots`, typed by the detector
 * that reserved it, so the runner and the Track need no field per detector.
 */

/** An owner of slots: a Track or a Vessel. */
export interface SlotOwner {
  readonly slots: unknown[];
}

export class Slot<T> {
  constructor(private readonly i: number) {}

  /** The state in this slot, null until set. */
  get(owner: SlotOwner): T | null {
    return owner.slots[this.i] as T | null;
  }

  set(owner: SlotOwner, state: T): void {
    owner.slots[this.i] = state;
  }
}

/** `n` empty slots (a packed array: its reads stay on the fast path). */
export function emptySlots(n: number): unknown[] {
  const slots: unknown[] = [];
  for (let i = 0; i < n; i++) slots.push(null);
  return slots;
}
