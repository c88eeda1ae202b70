/**
 * Bulk writes into PostgreSQL: rows appended between commits are encoded as COPY text in
 * memory and sent at commit, in one transaction with the source's progress: COPY into
 * temporary staging tables, then INSERT ... ON CONFLICT DO NOTHING into the stored tables
 * (COPY itself cannot skip a row already there). A commit that fails part-way (a server
 * restart) leaves nothing; the ingest redoes it from the committed offset, and a row that
 * did reach the table once is not stored again.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { RowWriter } from "../backend.js";
import type { PositionData, StaticRow } from "../batch.js";
import type { SourceProgress } from "../ingest-log.js";
import { LATLON_SCALE } from "../schema.js";
import { saveProgress } from "./ingest-log.js";
import { monthOf } from "./schema.js";

/** Rows per COPY text chunk (a string each). */
const CHUNK_ROWS = 8192;
/** Epoch ms to timestamptz, exactly (integer arithmetic, no float seconds). */
const MS_TO_TIME = (col: string) => `timestamptz 'epoch' + ${col} * interval '1 millisecond'`;

const STAGING = [
  `CREATE TEMP TABLE IF NOT EXISTS positions_in (
     mmsi integer, t_ms bigint, lat integer, lon integer, sog smallint, cog smallint, heading smallint,
     nav_status smallint, msg_type smallint, second smallint, source_id integer, line bigint) ON COMMIT DELETE ROWS`,
  `CREATE TEMP TABLE IF NOT EXISTS statics_in (
     mmsi integer, t_ms bigint, msg_type smallint, part smallint, imo integer, callsign text, name text,
     ship_type smallint, to_bow smallint, to_stern smallint, to_port smallint, to_starboard smallint,
     draught_dm smallint, destination text, eta text, source_id integer, line bigint) ON COMMIT DELETE ROWS`,
];

// In key order: each vessel's index pages (the key's and, a track being near itself, the
// points') are visited once a commit, not once a row; measured (bench bus-pg, 1.7M
// positions in 4 commits): the inserts 53 s -> 30 s. The sort needs memory, hence SORT_MEMORY.
const INSERT_POSITIONS = `INSERT INTO positions
  (mmsi, t, lat, lon, sog, cog, heading, nav_status, msg_type, second, source_id, line, geom)
  SELECT mmsi, ${MS_TO_TIME("t_ms")}, lat, lon, sog, cog, heading, nav_status, msg_type, second, source_id, line,
    ST_SetSRID(ST_MakePoint(lon::float8 / ${LATLON_SCALE}, lat::float8 / ${LATLON_SCALE}), 4326)
  FROM positions_in ORDER BY mmsi, t_ms, source_id, line ON CONFLICT DO NOTHING`;
/** Enough to sort a worker's commit (a fetch of 128 messages: 524,288 rows) in memory, not on disk. */
const SORT_MEMORY = "SET LOCAL work_mem = '128MB'";
// Only the MMSIs this writer has not seen stored: a DISTINCT over the staged rows cost 7% of a commit (measured).
const INSERT_VESSELS = "INSERT INTO vessels SELECT unnest($1::integer[]) ON CONFLICT DO NOTHING";
const INSERT_STATICS = `INSERT INTO statics
  SELECT mmsi, ${MS_TO_TIME("t_ms")}, msg_type, part, imo, callsign, name, ship_type, to_bow, to_stern,
    to_port, to_starboard, draught_dm, destination, eta, source_id, line
  FROM statics_in ON CONFLICT DO NOTHING`;

/** A text value in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyText(v: string | null): string {
  if (v === null) return "\\N";
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
}
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const copyNum = (v: number | null) => (v === null ? "\\N" : String(v));

/** SQLSTATEs of a partition created by another writer at the same moment. */
const ALREADY_THERE = new Set(["42P07", "23505"]);

/** Creates the month partitions positions need that are not known to exist; safe beside other writers. */
async function ensurePartitions(
  client: pg.Client,
  months: Iterable<number>,
  known: Set<number>,
): Promise<void> {
  for (const ms of months) {
    const m = monthOf(ms);
    if (known.has(m.from)) continue;
    const iso = (t: number) => new Date(t).toISOString();
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF positions FOR VALUES FROM ('${iso(m.from)}') TO ('${iso(m.to)}')`,
      );
    } catch (err) {
      if (!ALREADY_THERE.has((err as { code?: string }).code ?? "")) throw err;
    }
    known.add(m.from);
  }
}

async function copyIn(client: pg.Client, table: string, chunks: string[]): Promise<void> {
  if (chunks.length === 0) return;
  await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
}

export class PgRowWriter implements RowWriter {
  private positions: string[] = [];
  private statics: string[] = [];
  private rows: string[] = [];
  /** Month starts (epoch ms) of the positions pending. */
  private months = new Set<number>();
  /** The pending month's range, to skip the month arithmetic for rows in the same month as the last. */
  private month = { from: 0, to: 0 };
  /** MMSIs of the pending positions not in `vessels` when this writer last committed. */
  private newVessels = new Set<number>();
  pending = 0;

  private constructor(
    private readonly client: pg.Client,
    private readonly partitions: Set<number>,
    private readonly vessels: Set<number>,
  ) {}

  /** `partitions`: month starts known to have a partition, shared by the writers of one store. */
  static async create(client: pg.Client, partitions: Set<number>): Promise<PgRowWriter> {
    for (const sql of STAGING) await client.query(sql);
    const { rows } = await client.query({ text: "SELECT mmsi FROM vessels", rowMode: "array" });
    return new PgRowWriter(client, partitions, new Set((rows as number[][]).map((r) => r[0])));
  }

  /** Commit writes everything in one transaction: nothing is held open between commits. */
  async begin(): Promise<void> {}

  appendPositions(p: PositionData): void {
    const out = this.rows;
    for (let i = 0; i < p.n; i++) {
      const t = p.t[i];
      if (!this.vessels.has(p.mmsi[i])) this.newVessels.add(p.mmsi[i]);
      if (t < this.month.from || t >= this.month.to) {
        const m = monthOf(t);
        this.month = m;
        this.months.add(m.from);
      }
      out.push(
        `${p.mmsi[i]}\t${t}\t${p.lat[i]}\t${p.lon[i]}\t${p.sog[i]}\t${p.cog[i]}\t${p.heading[i]}\t${p.navStatus[i]}\t${p.msgType[i]}\t${p.second[i]}\t${p.sourceId[i]}\t${p.line[i]}\n`,
      );
      if (out.length === CHUNK_ROWS) this.positions.push(out.splice(0).join(""));
    }
    this.pending += p.n;
  }

  appendStatics(rows: readonly StaticRow[]): void {
    let chunk = "";
    for (const r of rows) {
      chunk += `${r.mmsi}\t${r.t}\t${r.msgType}\t${copyNum(r.part)}\t${copyNum(r.imo)}\t${copyText(r.callsign)}\t${copyText(r.name)}\t${copyNum(r.shipType)}\t${copyNum(r.toBow)}\t${copyNum(r.toStern)}\t${copyNum(r.toPort)}\t${copyNum(r.toStarboard)}\t${copyNum(r.draughtDm)}\t${copyText(r.destination)}\t${copyText(r.eta)}\t${r.sourceId}\t${r.line}\n`;
    }
    if (chunk !== "") this.statics.push(chunk);
    this.pending += rows.length;
  }

  async commit(sourceId: number, progress: SourceProgress): Promise<void> {
    await this.commitWith(() => saveProgress(this.client, sourceId, progress));
  }

  /** Commits everything appended since the last commit together with what `record` writes (on this writer's connection). */
  async commitWith(record: () => Promise<void>): Promise<void> {
    if (this.rows.length > 0) this.positions.push(this.rows.splice(0).join(""));
    const client = this.client;
    await ensurePartitions(client, this.months, this.partitions);
    await client.query("BEGIN");
    try {
      if (this.positions.length > 0) {
        await copyIn(client, "positions_in", this.positions);
        await client.query(SORT_MEMORY);
        await client.query(INSERT_POSITIONS);
        if (this.newVessels.size > 0) await client.query(INSERT_VESSELS, [[...this.newVessels]]);
      }
      if (this.statics.length > 0) {
        await copyIn(client, "statics_in", this.statics);
        await client.query(INSERT_STATICS);
      }
      await record();
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
    for (const m of this.newVessels) this.vessels.add(m);
    this.clear();
  }

  async rollback(): Promise<void> {
    this.clear();
  }

  async close(): Promise<void> {
    this.clear();
  }

  private clear(): void {
    this.positions = [];
    this.statics = [];
    this.rows = [];
    this.months = new Set();
    this.month = { from: 0, to: 0 };
    this.newVessels = new Set();
    this.pending = 0;
  }
}
