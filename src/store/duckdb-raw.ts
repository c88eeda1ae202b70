/**
 * Every read of DuckDB's vector memory in one place (and the one layout the writer
 * assumes when it fills vectors: int64Halves). Fast path (profile: the driver's
 * per-value conversion was most of the cost of a replay's static reports, and DuckDB's
 * own epoch_ms(t) + t_ms a sixth of its position scan): the replay reads a data chunk's
 * vectors as typed arrays over DuckDB's memory instead. That relies on how DuckDB lays out
 * a vector, which its C API documents but a new version could change; each assumption is
 * stated where it is used, and test/store/duckdb-raw.test.ts checks every one against the
 * driver's own conversion, so a dependency bump that breaks one fails there, not silently
 * in a replay.
 */
import bindings from "@duckdb/node-bindings";

/** A data chunk as the driver's streaming result hands it (DuckDBDataChunk's `chunk`). */
export type RawChunk = bindings.DataChunk;

type FixedArray = Uint32Array | Float64Array | Int32Array | Uint16Array | Uint8Array;
type FixedType<T extends FixedArray> = {
  new (buffer: ArrayBufferLike, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * Column `c` of a chunk of `m` rows, of a fixed-width type (INTEGER, UTINYINT, DOUBLE, …),
 * as a typed array over DuckDB's memory, valid while the chunk lives. Assumes: a flat
 * vector of `m` values, each `Type.BYTES_PER_ELEMENT` bytes, in the machine's byte order
 * (little-endian on every platform DuckDB's Node builds ship for). A NULL's slot holds
 * garbage: read validity() for nullable columns.
 */
export function fixedColumn<T extends FixedArray>(
  chunk: RawChunk,
  c: number,
  m: number,
  Type: FixedType<T>,
): T {
  const raw = bindings.vector_get_data(bindings.data_chunk_get_vector(chunk, c), m * Type.BYTES_PER_ELEMENT);
  return new Type(raw.buffer, raw.byteOffset, m);
}

/**
 * Writes epoch milliseconds into `out` from `at` on, from a TIMESTAMP_S column `sec` and
 * a USMALLINT column `ms` of the same chunk. Assumes: TIMESTAMP_S is an int64 of seconds
 * since the epoch, read here as two 32-bit halves, low word first (little-endian, as the
 * driver itself assumes); the sum is exact in a double for any stored time.
 */
export function epochMsColumn(
  chunk: RawChunk,
  sec: number,
  ms: number,
  m: number,
  out: Float64Array,
  at: number,
): void {
  const low = fixedColumn(chunk, sec, 2 * m, Uint32Array);
  const high = new Int32Array(low.buffer, low.byteOffset, 2 * m);
  const millis = fixedColumn(chunk, ms, m, Uint16Array);
  for (let i = 0; i < m; i++) out[at + i] = (high[2 * i + 1] * 4294967296 + low[2 * i]) * 1000 + millis[i];
}

/**
 * Writes `v` as the int64 at row `i` of `out` (a vector's data for BIGINT, TIMESTAMP or
 * TIMESTAMP_S) without a BigInt per row: two 32-bit halves, low word first
 * (little-endian), exact below 2^53.
 */
export function int64Halves(v: number, out: Int32Array | Uint32Array, i: number): void {
  const hi = Math.floor(v / 4294967296);
  out[2 * i] = v - hi * 4294967296;
  out[2 * i + 1] = hi;
}

/**
 * Column `c`'s validity bits, or null when every row is valid. Assumes: one bit per row,
 * row i at bit i % 8 of byte i >> 3 (DuckDB keeps them in uint64 words, least significant
 * bit first, which on a little-endian machine is this byte order).
 */
export function validity(chunk: RawChunk, c: number, m: number): Uint8Array | null {
  return bindings.vector_get_validity(bindings.data_chunk_get_vector(chunk, c), Math.ceil(m / 64) * 8);
}

/** Whether row `i` is valid (not NULL) in `bits` from validity(). */
export const isValid = (bits: Uint8Array | null, i: number): boolean =>
  bits === null || (bits[i >> 3] & (1 << (i & 7))) !== 0;

/**
 * DuckDB's string_t, 16 bytes per row: a uint32 length, then either the string itself
 * inline when it is at most 12 bytes (zero-padded after it, so the 16 bytes identify a
 * short string), or a 4-byte prefix and an 8-byte pointer to the bytes.
 */
export const STRING_T_BYTES = 16;
export const STRING_T_WORDS = STRING_T_BYTES / 4;
export const STRING_INLINE_MAX = 12;

/** A VARCHAR column of a chunk as its string_t words (row i at words[i * STRING_T_WORDS]). */
export class StringColumn {
  /** The string_t array as 32-bit words: a row's length is its first. */
  readonly words: Int32Array;
  private readonly bytes: Buffer;

  constructor(chunk: RawChunk, c: number, m: number) {
    const raw = bindings.vector_get_data(bindings.data_chunk_get_vector(chunk, c), m * STRING_T_BYTES);
    this.bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    this.words = new Int32Array(raw.buffer, raw.byteOffset, m * STRING_T_WORDS);
  }

  /** Row `i`'s length in bytes (of a valid row). */
  length(i: number): number {
    return this.words[i * STRING_T_WORDS];
  }

  /**
   * Row `i`'s text (a valid row): short strings from the inline bytes, long ones fetched
   * through their pointer; TextDecoder only where it would drop a leading BOM, as the
   * driver does.
   */
  text(i: number): string {
    const len = this.length(i);
    const o = i * STRING_T_BYTES;
    const data = this.bytes;
    const bytes =
      len <= STRING_INLINE_MAX
        ? data.subarray(o + 4, o + 4 + len)
        : toBuffer(bindings.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + o + 8, len));
    return bytes[0] === 0xef ? UTF8.decode(bytes) : bytes.toString("utf8");
  }
}

const UTF8 = new TextDecoder();
const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
