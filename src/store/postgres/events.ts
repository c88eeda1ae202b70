/**
 * The events table in PostgreSQL: the same fold as the DuckDB writer (store/events.ts),
 * written as an upsert by id (a redelivered or repeated emission replaces, never adds),
 * and the listing `darkfleet events` reads, in the same order (start, then id in byte
 * order, whatever the database's collation).
 *
 * A batch whose connection is lost (a server restart) is written again on a new one: the
 * detectors that emitted it will not emit it again, and the transaction is idempotent
 * (deletes and upserts by id), so writing it twice is harmless where the first COMMIT did
 * land unacknowledged.
 */
import type pg from "pg";
import type { Event } from "../../model/event.js";
import { type EventFilter, type EventRow, type EventScope, eventOfRow, FoldingEventSink } from "../events.js";
import { boxSql } from "../queries.js";
import { isConnectionLoss, type Queryable } from "./connect.js";
import { epochMs, msTime } from "./queries.js";

/** Times a batch is written again on a new connection before its flush fails. */
const RECONNECTS = 5;

/** SQL condition selecting the events a scope or filter names, its parameters appended to `params`. */
function conditions(f: EventFilter, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const parts = ["TRUE"];
  if (f.kinds !== undefined) parts.push(`kind = ANY(${p([...f.kinds])}::text[])`);
  if (f.mmsi !== undefined) parts.push(`${p(f.mmsi)}::integer = ANY(mmsis)`);
  if (f.id !== undefined) parts.push(`id = ${p(f.id)}`);
  if (f.from !== undefined) parts.push(`end_time >= ${msTime(p(f.from))}`);
  if (f.to !== undefined) parts.push(`start_time <= ${msTime(p(f.to))}`);
  if (f.box !== undefined) parts.push(boxSql(f.box, "lat", "lon", (deg) => `${p(deg)}::float8`));
  return parts.join(" AND ");
}

const UPSERT = `INSERT INTO events
  (id, kind, status, start_time, end_time, mmsis, vessels, lat, lon, geom, attributes, evidence, detector, config_hash)
  SELECT id, kind, status, ${msTime("s")}, ${msTime("e")}, m::integer[], v::json, lat, lon,
    CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END,
    a::json, ev::json, d, c
  FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[],
    $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::text[])
    AS u(id, kind, status, s, e, m, v, lat, lon, a, ev, d, c)
  ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status, start_time = EXCLUDED.start_time,
    end_time = EXCLUDED.end_time, mmsis = EXCLUDED.mmsis, vessels = EXCLUDED.vessels, lat = EXCLUDED.lat,
    lon = EXCLUDED.lon, geom = EXCLUDED.geom, attributes = EXCLUDED.attributes, evidence = EXCLUDED.evidence,
    detector = EXCLUDED.detector, config_hash = EXCLUDED.config_hash`;

export class PgEventSink extends FoldingEventSink {
  /** Takes over `client` (its own connection) and ends it on close; `connect` makes a new one after a loss. */
  constructor(
    private client: pg.Client,
    private readonly connect: () => Promise<pg.Client>,
  ) {
    super();
  }

  protected async release(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  protected async write(batch: Event[], scope: EventScope | null): Promise<void> {
    for (let tries = 0; ; tries++) {
      try {
        return await this.writeOnce(batch, scope);
      } catch (err) {
        if (!isConnectionLoss(err) || tries >= RECONNECTS) throw err;
        await this.client.end().catch(() => undefined);
        this.client = await this.connect();
      }
    }
  }

  private async writeOnce(batch: Event[], scope: EventScope | null): Promise<void> {
    const client = this.client;
    await client.query("BEGIN");
    try {
      if (scope !== null) {
        const params: unknown[] = [];
        await client.query(`DELETE FROM events WHERE ${conditions(scope, params)}`, params);
      }
      const gone = batch.filter((e) => e.status === "retracted").map((e) => e.id);
      if (gone.length > 0) await client.query("DELETE FROM events WHERE id = ANY($1::text[])", [gone]);
      const kept = batch.filter((e) => e.status !== "retracted");
      if (kept.length > 0) {
        await client.query(UPSERT, [
          kept.map((e) => e.id),
          kept.map((e) => e.kind),
          kept.map((e) => e.status),
          kept.map((e) => Math.round(e.start)),
          kept.map((e) => Math.round(e.end)),
          kept.map((e) => `{${e.vessels.map((v) => v.mmsi).join(",")}}`),
          kept.map((e) => JSON.stringify(e.vessels)),
          kept.map((e) => e.lat),
          kept.map((e) => e.lon),
          kept.map((e) => JSON.stringify(e.attributes)),
          kept.map((e) => JSON.stringify(e.evidence)),
          kept.map((e) => e.detector),
          kept.map((e) => e.configHash),
        ]);
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  }
}

/** Stored events overlapping the window (and of the kinds, involving the vessel), by start then id. */
export async function listEvents(client: Queryable, f: EventFilter = {}): Promise<Event[]> {
  const params: unknown[] = [];
  const { rows } = await client.query<EventRow>(
    `SELECT id, kind, status, ${epochMs("start_time")} AS start, ${epochMs("end_time")} AS "end",
       vessels::text AS vessels, lat, lon, attributes::text AS attributes, evidence::text AS evidence,
       detector, config_hash
     FROM events WHERE ${conditions(f, params)} ORDER BY start_time, id COLLATE "C"`,
    params,
  );
  return rows.map(eventOfRow);
}
