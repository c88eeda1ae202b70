/**
 * The layout assumptions of store/duckdb-raw.ts, each checked against the driver's own
 * conversion of the same chunk on real DuckDB: if an upgrade changes a vector's layout,
 * this fails here instead of a replay silently reading other numbers and texts.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  epochMsColumn,
  fixedColumn,
  int64Halves,
  isValid,
  STRING_INLINE_MAX,
  StringColumn,
  validity,
} from "../../src/store/duckdb-raw.js";

const TEXTS = [
  "",
  "A",
  "TWELVE BYTES", // exactly inline
  "THIRTEEN BYTE", // one past inline: through the pointer
  "A LONGER NAME THAT LIVES OUTSIDE THE STRING_T",
  "ÆGIR ØSTERSØ", // multi-byte UTF-8, 14 bytes
  "\uFEFFBOM FIRST",
  null,
];

// Times around the int64 halves' boundaries: before 1970, at 2^32 s and far ahead.
const SECONDS = [-86_400, 0, 1, 1_546_300_800, 4_294_967_295, 4_294_967_296, 9_000_000_000, null];

const SQL = `SELECT * FROM (VALUES ${TEXTS.map(
  (s, i) =>
    `(${i}::INTEGER, ${s === null ? "NULL" : `'${s.replace(/'/g, "''")}'`}::VARCHAR,
      ${SECONDS[i] === null ? "NULL" : `make_timestamp(${SECONDS[i]}::BIGINT * 1000000)::TIMESTAMP_S`},
      ${(i * 137) % 1000}::USMALLINT, ${i % 2 === 0 ? "NULL" : i * 1.5}::DOUBLE, ${i * 31}::UTINYINT)`,
).join(", ")}) AS v(i, s, t, ms, d, u) ORDER BY i`;

describe("DuckDB vector layout (store/duckdb-raw.ts)", () => {
  let db: DuckDBInstance;
  beforeAll(async () => {
    db = await DuckDBInstance.create(":memory:");
  });
  afterAll(() => db.closeSync());

  it("reads fixed-width columns, validity, TIMESTAMP_S and string_t as the driver does", async () => {
    const con = await db.connect();
    const result = await con.stream(SQL);
    const chunk = await result.fetchChunk();
    if (chunk === null) throw new Error("no chunk");
    const m = chunk.rowCount;
    expect(m).toBe(TEXTS.length);
    const rows = chunk.getRowObjects(result.columnNames());

    const ints = fixedColumn(chunk.chunk, 0, m, Int32Array);
    const d = fixedColumn(chunk.chunk, 4, m, Float64Array);
    const dValid = validity(chunk.chunk, 4, m);
    const u = fixedColumn(chunk.chunk, 5, m, Uint8Array);
    const texts = new StringColumn(chunk.chunk, 1, m);
    const sValid = validity(chunk.chunk, 1, m);
    const tValid = validity(chunk.chunk, 2, m);
    const t = new Float64Array(m + 2);
    epochMsColumn(chunk.chunk, 2, 3, m, t, 2);

    for (let i = 0; i < m; i++) {
      const row = rows[i];
      expect(ints[i]).toBe(row.i);
      expect(u[i]).toBe(row.u);
      expect(isValid(dValid, i)).toBe(row.d !== null);
      if (row.d !== null) expect(d[i]).toBe(row.d);
      expect(isValid(sValid, i)).toBe(row.s !== null);
      if (row.s !== null) {
        expect(texts.length(i)).toBe(Buffer.byteLength(TEXTS[i] as string));
        expect(texts.text(i)).toBe(row.s);
        expect(texts.text(i)).toBe(TEXTS[i]?.replace(/^\uFEFF/, ""));
      }
      expect(isValid(tValid, i)).toBe(SECONDS[i] !== null);
      if (SECONDS[i] !== null) expect(t[2 + i]).toBe((SECONDS[i] as number) * 1000 + ((i * 137) % 1000));
    }
    expect(TEXTS.some((s) => s !== null && Buffer.byteLength(s) === STRING_INLINE_MAX)).toBe(true);
    con.closeSync();
  });

  it("writes an int64 as the two little-endian halves an int64 vector holds", () => {
    const values = [0, 1, -1, 4_294_967_295, 4_294_967_296, -4_294_967_297, 2 ** 53 - 1, -(2 ** 53) + 1];
    const halves = new Int32Array(2 * values.length);
    for (const [i, v] of values.entries()) int64Halves(v, halves, i);
    const big = new BigInt64Array(halves.buffer);
    expect([...big].map(Number)).toEqual(values);
  });
});
