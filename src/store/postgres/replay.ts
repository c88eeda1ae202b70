/**
 * The replay's rows from PostgreSQL (store/replay.ts ReplaySource): the same windows of
 * positions and static reports as the DuckDB file gives for the same rows, so the replay
 * puts them in the same total order and the detectors give the same events.
 *
 * Every read of one replay is in one REPEATABLE READ transaction on a connection of its
 * own: workers storing meanwhile (docs/bus.md) add nothing part-way through, and a
 * vessel's MMSI is in the snapshot's vessels table whenever its positions are.
 *
 * A window's positions come as COPY's binary format (fixed-width big-endian fields, 68
 * bytes a row here, parsed straight into the window's typed arrays): hand-written, a hot
 * path, since the driver's row objects would cost an object and nine boxed values a
 * position. Each window is one time-range query (partition pruning by month and the
 * positions_t index); static reports, a few per cent of rows, come as ordinary rows.
 */
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { BBox } from "../queries.js";
import { type ReplaySource, type StoreExtent, storedBoxSql, type WindowColumns } from "../replay.js";
import { type StaticsData, WindowStatics } from "../window-statics.js";

/** Whole seconds as a timestamptz literal expression (integers only: COPY takes no parameters). */
const secondsTime = (s: number) => `(timestamptz 'epoch' + ${Math.trunc(s)} * interval '1 second')`;

const POSITIONS_COPY = (a: number, b: number, box: string) =>
  `COPY (SELECT mmsi, t, lat, lon, sog, cog, heading, nav_status, msg_type FROM positions p
     WHERE t >= ${secondsTime(a)} AND t < ${secondsTime(b)}${box}) TO STDOUT (FORMAT binary)`;

/** window-statics.ts STATICS_SQL's columns in its order. */
const STATICS_SQL = `SELECT (extract(epoch from t) * 1000)::float8 AS t, mmsi, msg_type::int, imo,
    ship_type::int, to_bow::int, to_stern::int, to_port::int, to_starboard::int, draught_dm::int,
    callsign, name, destination
  FROM statics WHERE t >= to_timestamp($1::float8) AND t < to_timestamp($2::float8)`;

/** COPY binary: an 11-byte signature, 32-bit flags, and a header extension of a 32-bit length. */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER = SIGNATURE.length + 8;
/** Field widths of a row (int4 mmsi, timestamptz, int4 lat, lon, five int2). */
const WIDTHS = [4, 8, 4, 4, 2, 2, 2, 2, 2];
/** A row: 16-bit field count, then a 32-bit length before each field. */
const ROW_BYTES = 2 + WIDTHS.reduce((s, w) => s + 4 + w, 0);
/** PostgreSQL's epoch (2000-01-01) in Unix ms: a timestamptz is microseconds from it. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/** Reads one window's COPY output into the columns. */
class CopyRows {
  private rest: Buffer | null = null;
  private headerLeft = true;
  private ended = false;

  constructor(
    private readonly columns: WindowColumns,
    private readonly rankOf: Map<number, number>,
  ) {}

  take(chunk: Buffer): void {
    let buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = null;
    let off = 0;
    if (this.headerLeft) {
      if (buf.length < HEADER) {
        this.rest = buf;
        return;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE))
        throw new Error("COPY: not binary COPY output");
      const ext = buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < HEADER + ext) {
        this.rest = buf;
        return;
      }
      off = HEADER + ext;
      this.headerLeft = false;
    }
    const rows = Math.floor((buf.length - off) / ROW_BYTES);
    this.columns.reserve(rows);
    const [rank, t, lat, lon, sog, cog, heading, nav, type] = this.columns.cols;
    let n = this.columns.n;
    for (; off + 2 <= buf.length; off += ROW_BYTES, n++) {
      const fields = buf.readInt16BE(off);
      if (fields === -1) {
        this.ended = true;
        off += 2;
        break;
      }
      if (off + ROW_BYTES > buf.length) break;
      if (fields !== WIDTHS.length) throw new Error(`COPY: a row of ${fields} fields`);
      let f = off + 2;
      for (const w of WIDTHS) {
        if (buf.readInt32BE(f) !== w) throw new Error("COPY: a field of an unexpected width (NULL?)");
        f += 4 + w;
      }
      const mmsi = buf.readInt32BE(off + 6);
      const r = this.rankOf.get(mmsi);
      if (r === undefined) throw new Error(`replay: MMSI ${mmsi} has positions but is not in vessels`);
      rank[n] = r;
      // microseconds from 2000: exact in a double for ±285 years
      const us = buf.readInt32BE(off + 14) * 2 ** 32 + buf.readUInt32BE(off + 18);
      t[n] = us / 1000 + PG_EPOCH_MS;
      lat[n] = buf.readInt32BE(off + 26);
      lon[n] = buf.readInt32BE(off + 34);
      sog[n] = buf.readInt16BE(off + 42);
      cog[n] = buf.readInt16BE(off + 48);
      heading[n] = buf.readInt16BE(off + 54);
      nav[n] = buf.readInt16BE(off + 60);
      type[n] = buf.readInt16BE(off + 66);
    }
    this.columns.n = n;
    if (off < buf.length) buf = buf.subarray(off);
    else return;
    if (this.ended) throw new Error("COPY: data after the trailer");
    this.rest = Buffer.from(buf);
  }

  end(): void {
    if (!this.ended || this.rest !== null) throw new Error("COPY: output ended part-way through a row");
  }
}

export class PgReplaySource implements ReplaySource {
  private readonly statics = new WindowStatics();

  private constructor(
    private readonly client: pg.Client,
    readonly mmsiOfRank: Uint32Array,
    private readonly rankOf: Map<number, number>,
    private readonly box: string,
  ) {}

  /** Takes over `client` (a connection of its own), opens the replay's snapshot, and ends both on close. */
  static async open(client: pg.Client, box: BBox | undefined): Promise<PgReplaySource> {
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const { rows } = await client.query({
        text: "SELECT mmsi FROM vessels ORDER BY mmsi",
        rowMode: "array",
      });
      const mmsiOfRank = Uint32Array.from(rows as number[][], (r) => r[0]);
      const rankOf = new Map<number, number>();
      for (const [i, m] of mmsiOfRank.entries()) rankOf.set(m, i);
      return new PgReplaySource(client, mmsiOfRank, rankOf, storedBoxSql(box));
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  async extent(): Promise<StoreExtent | null> {
    const { rows } = await this.client.query<{ lo: number | null; hi: number | null; n: number }>(
      `SELECT extract(epoch from min(lo))::float8 AS lo, extract(epoch from max(hi))::float8 AS hi, sum(n)::float8 AS n
       FROM (SELECT min(t) AS lo, max(t) AS hi, count(*) AS n FROM positions
         UNION ALL SELECT min(t), max(t), 0 FROM statics) x`,
    );
    const r = rows[0];
    return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi, n: r.n };
  }

  async readPositions(a: number, b: number, columns: WindowColumns): Promise<void> {
    const rows = new CopyRows(columns, this.rankOf);
    const stream = this.client.query(copyTo(POSITIONS_COPY(a, b, this.box)));
    for await (const chunk of stream) rows.take(chunk as Buffer);
    rows.end();
  }

  async readStatics(a: number, b: number): Promise<StaticsData> {
    const { rows } = await this.client.query({ text: STATICS_SQL, values: [a, b], rowMode: "array" });
    return this.statics.fromValues(rows as (number | string | null)[][]);
  }

  async close(): Promise<void> {
    await this.client.query("COMMIT").catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
