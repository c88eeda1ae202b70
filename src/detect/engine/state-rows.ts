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

  /** `start`: the numbers every row starts with (zeros when absent). */
  constructor(
    readonly stride: number,
    private readonly start?: Float64Array,
  ) {}

  /** A fresh row for `owner` (zeroed, or a copy of `start`), given back when the owner is collected. */
  take(owner: object): RowOwner {
    const row = this.free.pop() ?? this.next++;
    const page = Math.floor(row / ROWS_PER_PAGE);
    if (page === this.pages.length) this.pages.push(new Float64Array(ROWS_PER_PAGE * this.stride));
    const f = this.pages[page];
    const o = (row % ROWS_PER_PAGE) * this.stride;
    if (this.start === undefined) f.fill(0, o, o + this.stride);
    else f.set(this.start, o);
    this.registry.register(owner, row);
    return { f, o };
  }
}

/**
 * Defines each of `names` on `proto` as a number in the instance's row, at `base` + its
 * index: `declare`d fields of the class that reads and writes them as usual. Prefer
 * rowOwner/rowPart, which type the fields from the same list.
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

/** The numbers named `K`, as fields. */
export type RowNumbers<K extends string> = { [k in K]: number };

/**
 * A base class for objects that own a row of `rows` and keep `names` as its first
 * numbers: the names are written once, the fields typed from them (a name left off is a
 * type error, not an undefined read as NaN). The row's other numbers belong to the parts
 * (rowPart) laid out after them (RowLayout).
 */
export function rowOwner<const K extends string>(names: readonly K[]) {
  class Owner implements RowOwner {
    readonly f: Float64Array;
    readonly o: number;
    constructor(rows: StateRows) {
      ({ f: this.f, o: this.o } = rows.take(this));
    }
  }
  rowFields(Owner.prototype, 0, names);
  return Owner as unknown as new (
    rows: StateRows,
  ) => RowOwner & RowNumbers<K>;
}

/**
 * A base class for a part of another owner's row (a detector's state in its track's row):
 * `names` are the numbers from `at` on, typed as for rowOwner.
 */
export function rowPart<const K extends string>(names: readonly K[]) {
  class Part implements RowOwner {
    readonly f: Float64Array;
    readonly o: number;
    constructor(owner: RowOwner, at: number) {
      this.f = owner.f;
      this.o = owner.o + at;
    }
  }
  rowFields(Part.prototype, 0, names);
  return Part as unknown as new (
    owner: RowOwner,
    at: number,
  ) => RowOwner & RowNumbers<K>;
}

/**
 * Where each part of one kind of row lies for one run: the owner's own numbers first,
 * then each detector's, reserved when the detector is built. The rows are made once the
 * layout is complete (the first `rows`), so no part needs to know the sizes of the others.
 */
export class RowLayout {
  private readonly start: number[];
  private made: StateRows | null = null;

  constructor(ownNumbers: number) {
    this.start = new Array<number>(ownNumbers).fill(0);
  }

  /** Reserves `n` numbers per row, each starting as `start`; returns where they lie. */
  reserve(n: number, start = 0): number {
    if (this.made !== null) throw new Error("row layout: reserve after the rows were made");
    const at = this.start.length;
    for (let i = 0; i < n; i++) this.start.push(start);
    return at;
  }

  /** The rows of this layout (its size fixed from the first call on). */
  get rows(): StateRows {
    this.made ??= new StateRows(this.start.length, Float64Array.from(this.start));
    return this.made;
  }
}
