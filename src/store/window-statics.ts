/**
 * One replay window's static reports, read column by column from DuckDB's vectors and
 * kept as columns until each is handed on: a Static object is made only when the replay
 * pushes it (profile: building every report of a window up front, with its strings, kept
 * about 50k objects alive per window; the scavenger copied them and promoted them, and
 * that was most of what static reports cost). The rows are put in the detectors' order
 * (model/record-order.ts compareRecords) here, not by DuckDB. What a window's reports are
 * once read is plain data (StaticsData), so a window can be handed to another thread.
 */
import { cmpNullable } from "../model/record-order.js";
import type { Static } from "../model/records.js";
import {
  fixedColumn,
  isValid,
  type RawChunk,
  STRING_INLINE_MAX,
  STRING_T_WORDS,
  StringColumn,
  validity,
} from "./duckdb-raw.js";
import { storedStatic } from "./records.js";
import type { Store } from "./store.js";

/**
 * Small numbers cast to INTEGER (every stored value fits) so that they all arrive as one
 * typed-array kind. No ORDER BY: sorting here on the columns is cheaper than DuckDB's
 * sort of every field.
 */
const STATICS_SQL = `SELECT epoch_ms(t)::DOUBLE AS t, mmsi::INTEGER, msg_type::INTEGER, imo::INTEGER,
     ship_type::INTEGER, to_bow::INTEGER, to_stern::INTEGER, to_port::INTEGER, to_starboard::INTEGER,
     draught_dm::INTEGER, callsign, name, destination
   FROM statics WHERE t >= make_timestamp($1::BIGINT * 1000000) AND t < make_timestamp($2::BIGINT * 1000000)`;

/** Integer columns, in query order after t; NULL is kept as -1. */
const MMSI = 0;
const MSG_TYPE = 1;
const IMO = 2;
const SHIP_TYPE = 3;
const TO_BOW = 4;
const TO_STERN = 5;
const TO_PORT = 6;
const TO_STARBOARD = 7;
const DRAUGHT = 8;
const INTS = 9;
/** Text columns, as indices into the window's distinct strings (-1: NULL). */
const CALLSIGN = 0;
const NAME = 1;
const DESTINATION = 2;
const TEXTS = 3;

/** A string_t's 32-bit words (duckdb-raw.ts). */
const WORDS = STRING_T_WORDS;

/** A nullable AIS number as compareRecords orders it: 0 ("not available") and NULL both become null, first. */
const key = (v: number): number => (v > 0 ? v : -1);

/** Static reports as columns, what a Static is made from: plain data, structured-cloneable. */
export interface StaticsColumns {
  /** Epoch ms per row. */
  t: Float64Array;
  /** INTS integers per row (NULL: -1). */
  ints: Int32Array;
  /** TEXTS indices into `strings` per row (NULL: -1). */
  texts: Int32Array;
  /** The window's distinct strings. */
  strings: string[];
}

/** One window's static reports as read: `n` rows of columns, and the rows in the detectors' order. */
export interface StaticsData extends StaticsColumns {
  n: number;
  order: Uint32Array;
}

/** No static reports (a window's placeholder until it is read, or once they are pushed). */
export const noStatics = (): StaticsColumns => ({
  t: new Float64Array(0),
  ints: new Int32Array(0),
  texts: new Int32Array(0),
  strings: [],
});

/** Static reports read through: each row's MMSI, and the Static of a row when it is pushed. */
export class StaticsRows {
  private readonly t: Float64Array;
  private readonly ints: Int32Array;
  private readonly texts: Int32Array;
  private readonly strings: string[];

  constructor(d: StaticsColumns) {
    ({ t: this.t, ints: this.ints, texts: this.texts, strings: this.strings } = d);
  }

  mmsi(i: number): number {
    return this.ints[i * INTS + MMSI];
  }

  /** Row `i` as the Static a decoder would have made of its message. */
  record(i: number): Static {
    const v = (c: number): number | null => {
      const x = this.ints[i * INTS + c];
      return x < 0 ? null : x;
    };
    const text = (c: number): string | null => textOf(this.texts, this.strings, i, c);
    return storedStatic({
      mmsi: this.ints[i * INTS + MMSI],
      t: this.t[i],
      msgType: this.ints[i * INTS + MSG_TYPE],
      imo: v(IMO),
      callsign: text(CALLSIGN),
      name: text(NAME),
      shipType: v(SHIP_TYPE),
      toBow: v(TO_BOW),
      toStern: v(TO_STERN),
      toPort: v(TO_PORT),
      toStarboard: v(TO_STARBOARD),
      draughtDm: v(DRAUGHT),
      destination: text(DESTINATION),
    });
  }
}

const textOf = (texts: Int32Array, strings: string[], i: number, c: number): string | null => {
  const id = texts[i * TEXTS + c];
  return id < 0 ? null : strings[id];
};

/**
 * A window's inline strings (up to 12 bytes, most call signs and names) found by the 16
 * bytes of their string_t, which DuckDB keeps zero-padded after the text (its own
 * equality compares all 16): a value seen before in the window costs no JS string, no
 * string hash and no Map lookup. Fast path (profile: making, hashing and looking up each
 * text value was most of reading the static reports).
 */
class InlineStrings {
  private keys = new Int32Array(WORDS << 12);
  private ids = new Int32Array(1 << 12).fill(-1);
  private size = 0;

  clear(): void {
    if (this.size === 0) return;
    this.ids.fill(-1);
    this.size = 0;
  }

  /** The id of the string whose string_t starts at word `w`; `intern` gives one to a string not seen yet. */
  id(words: Int32Array, w: number, intern: () => number): number {
    const a = words[w];
    const b = words[w + 1];
    const c = words[w + 2];
    const d = words[w + 3];
    const mask = this.ids.length - 1;
    for (let slot = hashWords(a, b, c, d) & mask; ; slot = (slot + 1) & mask) {
      const id = this.ids[slot];
      const k = slot * WORDS;
      if (id < 0) {
        const fresh = intern();
        this.put(slot, a, b, c, d, fresh);
        return fresh;
      }
      if (this.keys[k] === a && this.keys[k + 1] === b && this.keys[k + 2] === c && this.keys[k + 3] === d)
        return id;
    }
  }

  private put(slot: number, a: number, b: number, c: number, d: number, id: number): void {
    const k = slot * WORDS;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = c;
    this.keys[k + 3] = d;
    this.ids[slot] = id;
    // at most half full, so a probe stays short
    if (++this.size * 2 > this.ids.length) this.grow();
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    this.size = 0;
    const mask = this.ids.length - 1;
    for (let s = 0; s < ids.length; s++) {
      if (ids[s] < 0) continue;
      const k = s * WORDS;
      let slot = hashWords(keys[k], keys[k + 1], keys[k + 2], keys[k + 3]) & mask;
      while (this.ids[slot] >= 0) slot = (slot + 1) & mask;
      this.put(slot, keys[k], keys[k + 1], keys[k + 2], keys[k + 3], ids[s]);
    }
  }
}

/** A 32-bit mix of four words (multiply-xorshift rounds). */
function hashWords(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ b ^ (h >>> 15), 0x85ebca77);
  h = Math.imul(h ^ c ^ (h >>> 13), 0xc2b2ae3d);
  h = Math.imul(h ^ d ^ (h >>> 16), 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** Reads windows of static reports from the store into columns reused from one window to the next. */
export class WindowStatics {
  private n = 0;
  private t = new Float64Array(1 << 12);
  private ints = new Int32Array(INTS << 12);
  private texts = new Int32Array(TEXTS << 12);
  /** The window's distinct strings (a report repeats its vessel's name and call sign). */
  private strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly inline = new InlineStrings();
  /** Rows in the detectors' order. */
  private order = new Uint32Array(0);

  /**
   * Reads the reports with whole seconds in [a, b) and puts them in the detectors' order:
   * a view of this reader's columns, valid until the next read.
   */
  async read(store: Store, a: number, b: number): Promise<StaticsData> {
    this.reset();
    const result = await store.con.stream(STATICS_SQL, [a, b]);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      this.append(chunk.chunk, chunk.rowCount);
    }
    return this.ordered();
  }

  /**
   * The same from rows of plain values in STATICS_SQL's column order (epoch ms, the INTS
   * integers, the TEXTS texts; NULL as null), as another store's driver gives them.
   */
  fromValues(rows: readonly (readonly (number | string | null)[])[]): StaticsData {
    this.reset();
    this.grow(rows.length);
    for (const row of rows) {
      const i = this.n++;
      this.t[i] = row[0] as number;
      for (let c = 0; c < INTS; c++) this.ints[i * INTS + c] = (row[1 + c] as number | null) ?? -1;
      for (let c = 0; c < TEXTS; c++) {
        const s = row[1 + INTS + c] as string | null;
        this.texts[i * TEXTS + c] = s === null ? -1 : this.intern(s);
      }
    }
    return this.ordered();
  }

  private reset(): void {
    this.n = 0;
    this.strings = [];
    this.ids.clear();
    this.inline.clear();
  }

  /** The rows read, put in the detectors' order. */
  private ordered(): StaticsData {
    const order = Array.from({ length: this.n }, (_, i) => i);
    order.sort((x, y) => this.compare(x, y));
    if (this.order.length < this.n) this.order = new Uint32Array(this.t.length);
    this.order.set(order);
    const n = this.n;
    return {
      n,
      t: this.t.subarray(0, n),
      ints: this.ints.subarray(0, n * INTS),
      texts: this.texts.subarray(0, n * TEXTS),
      strings: this.strings,
      order: this.order.subarray(0, n),
    };
  }

  private text(i: number, c: number): string | null {
    return textOf(this.texts, this.strings, i, c);
  }

  /**
   * compareRecords' order for static reports (time, MMSI, type, then IMO, name, call sign,
   * ship type, draught, destination, bow, stern), then the fields it leaves out, so that
   * the order is total and does not depend on how the rows lie in the file. Time and MMSI
   * decide almost every comparison: they are compared first, without making the closures
   * the rest of the fields need (profile: the closures were most of the sort).
   */
  private compare(x: number, y: number): number {
    return (
      this.t[x] - this.t[y] ||
      this.ints[x * INTS + MMSI] - this.ints[y * INTS + MMSI] ||
      this.compareFields(x, y)
    );
  }

  private compareFields(x: number, y: number): number {
    const ix = x * INTS;
    const iy = y * INTS;
    const I = this.ints;
    const n = (c: number): number => key(I[ix + c]) - key(I[iy + c]);
    const s = (c: number): number => cmpNullable(this.text(x, c), this.text(y, c));
    return (
      I[ix + MSG_TYPE] - I[iy + MSG_TYPE] ||
      n(IMO) ||
      s(NAME) ||
      s(CALLSIGN) ||
      n(SHIP_TYPE) ||
      n(DRAUGHT) ||
      s(DESTINATION) ||
      n(TO_BOW) ||
      n(TO_STERN) ||
      n(TO_PORT) ||
      n(TO_STARBOARD)
    );
  }

  /** Makes room for `m` more rows. */
  private grow(m: number): void {
    if (this.n + m > this.t.length) {
      const size = Math.max(2 * this.t.length, this.n + m);
      const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T, per: number): T => {
        const a = make(size * per);
        a.set(old.subarray(0, this.n * per));
        return a;
      };
      this.t = grow(this.t, (k) => new Float64Array(k), 1);
      this.ints = grow(this.ints, (k) => new Int32Array(k), INTS);
      this.texts = grow(this.texts, (k) => new Int32Array(k), TEXTS);
    }
  }

  private append(chunk: RawChunk, m: number): void {
    this.grow(m);
    this.t.set(fixedColumn(chunk, 0, m, Float64Array), this.n);
    for (let c = 0; c < INTS; c++) {
      const data = fixedColumn(chunk, 1 + c, m, Int32Array);
      const valid = validity(chunk, 1 + c, m);
      for (let i = 0; i < m; i++) this.ints[(this.n + i) * INTS + c] = isValid(valid, i) ? data[i] : -1;
    }
    for (let c = 0; c < TEXTS; c++) {
      const col = new StringColumn(chunk, 1 + INTS + c, m);
      const valid = validity(chunk, 1 + INTS + c, m);
      for (let i = 0; i < m; i++) {
        let id = -1;
        if (isValid(valid, i)) {
          id =
            col.length(i) <= STRING_INLINE_MAX
              ? this.inline.id(col.words, i * WORDS, () => this.intern(col.text(i)))
              : this.intern(col.text(i));
        }
        this.texts[(this.n + i) * TEXTS + c] = id;
      }
    }
    this.n += m;
  }

  private intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}
