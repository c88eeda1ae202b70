/**
 * Rows of numbers for the per-fix path, kept in shared Float64Array pages. Fast path
 * (perf annotate, 4000 vessels): V8 keeps each double field of an object in a heap box of
 * its own, so a fix's reads of its Vessel, Track and detector states were a dozen
 * scattered loads, most of them cache misses (the box of Vessel.lastT alone was a quarter
 * of onPosition). A row keeps one owner's numbers in adjacent cache lines. A row goes back
 * to the free list once its owner is garbage collected, so memory follows the owners
 * alive, and which row an owner gets changes nothing but where its numbers lie.
 */

/** An object whose numbers live in a row: `f` is its page, `o` the offset of its first number. */
export interface RowOwner {
  readonly f: Float64Array;
  readonly o: number;
}

const ROWS_PER_PAGE = 1024;

export class StateRows {
  private readonly pages: Float64Array[] = [];
  private readonly free: number[] = [];
  private next = 0;
  private readonly registry = new FinalizationRegistry<number>((row) => this.free.push(row));

  constructor(readonly stride: number) {}

  /** A zeroed row for `owner`, given back when the owner is collected. */
  take(owner: object): RowOwner {
    const row = this.free.pop() ?? this.next++;
    const page = Math.floor(row / ROWS_PER_PAGE);
    if (page === this.pages.length) this.pages.push(new Float64Array(ROWS_PER_PAGE * this.stride));
    const f = this.pages[page];
    const o = (row % ROWS_PER_PAGE) * this.stride;
    f.fill(0, o, o + this.stride);
    this.registry.register(owner, row);
    return { f, o };
  }
}

/**
 * Defines each of `names` on `proto` as a number in the instance's row, at `base` + its
 * index: `declare`d fields of the class that reads and writes them as usual.
 */
export function rowFields(proto: object, base: number, names: readonly string[]): void {
  names.forEach((name, i) => {
    const k = base + i;
    Object.defineProperty(proto, name, {
      get(this: RowOwner): number {
        return this.f[this.o + k];
      },
      set(this: RowOwner, v: number) {
        this.f[this.o + k] = v;
      },
    });
  });
}
