/**
 * The events table (schema.ts V3): upserts by id and the listing `darkfleet events` reads.
 *
 * Emissions are folded in memory and written in batches through an appender on a
 * connection of their own, so a writer can run beside an ingest (which holds a long
 * transaction on the store's connection) or a replay streaming from it. A batch deletes
 * the ids it carries and appends their latest state: `open` then `final` leaves the final
 * row, `retracted` leaves none.
 */
import { type DuckDBConnection, LIST, listValue, timestampValue, UINTEGER, VARCHAR } from "@duckdb/node-api";
import type { Event, EventKind, EventVessel } from "../model/event.js";

export type { EventFilter, EventScope } from "./backend.js";

import type { EventFilter, EventScope, EventSink } from "./backend.js";
import { boxSql } from "./queries.js";
import type { Store } from "./store.js";

/** Pending emissions beyond which put() asks for a flush (bounds the fold's memory). */
const FLUSH_EVENTS = 10_000;

/**
 * The fold every event sink shares: emissions by id in memory, the latest winning, written
 * in batches one after another by the backend's write().
 */
export abstract class FoldingEventSink implements EventSink {
  private pending = new Map<string, Event>();
  private scope: EventScope | null = null;
  private chain: Promise<void> = Promise.resolve();

  /** Makes the next flush first delete the stored events inside `scope` (a rerun replaces them). */
  replace(scope: EventScope): void {
    this.scope = scope;
  }

  /** Records an emission; a full fold is written in the background (errors surface in close). */
  put(e: Event): void {
    this.pending.set(e.id, e);
    if (this.pending.size >= FLUSH_EVENTS) this.flush().catch(() => undefined);
  }

  /** Writes what is pending in one transaction; flushes run one after another. */
  flush(): Promise<void> {
    const batch = [...this.pending.values()];
    const scope = this.scope;
    this.pending = new Map();
    this.scope = null;
    this.chain = this.chain.then(() =>
      batch.length === 0 && scope === null ? undefined : this.write(batch, scope),
    );
    return this.chain;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.release();
    }
  }

  /** Deletes the scope's events (when given) and the batch's ids, and stores the batch's non-retracted events, in one transaction. */
  protected abstract write(batch: Event[], scope: EventScope | null): Promise<void>;
  /** Closes the sink's connection. */
  protected abstract release(): Promise<void>;
}

export class EventWriter extends FoldingEventSink {
  private constructor(private readonly con: DuckDBConnection) {
    super();
  }

  static async open(store: Store): Promise<EventWriter> {
    return new EventWriter(await store.db.connect());
  }

  protected async release(): Promise<void> {
    this.con.closeSync();
  }

  protected async write(batch: Event[], scope: EventScope | null): Promise<void> {
    const con = this.con;
    await con.run("BEGIN TRANSACTION");
    try {
      if (scope !== null) await deleteScope(con, scope);
      if (batch.length > 0) {
        await con.run(
          "DELETE FROM events WHERE id IN (SELECT unnest($1))",
          [listValue(batch.map((e) => e.id))],
          [LIST(VARCHAR)],
        );
      }
      const a = await con.createAppender("events");
      for (const e of batch) {
        if (e.status === "retracted") continue;
        a.appendVarchar(e.id);
        a.appendVarchar(e.kind);
        a.appendVarchar(e.status);
        a.appendTimestamp(timestampValue(BigInt(Math.round(e.start)) * 1000n));
        a.appendTimestamp(timestampValue(BigInt(Math.round(e.end)) * 1000n));
        a.appendList(listValue(e.vessels.map((v) => v.mmsi)), LIST(UINTEGER));
        a.appendVarchar(JSON.stringify(e.vessels));
        if (e.lat === null || e.lon === null) {
          a.appendNull();
          a.appendNull();
        } else {
          a.appendDouble(e.lat);
          a.appendDouble(e.lon);
        }
        a.appendVarchar(JSON.stringify(e.attributes));
        a.appendVarchar(JSON.stringify(e.evidence));
        a.appendVarchar(e.detector);
        a.appendVarchar(e.configHash);
        a.endRow();
      }
      a.closeSync();
      await con.run("COMMIT");
    } catch (err) {
      await con.run("ROLLBACK").catch(() => undefined);
      throw err;
    }
  }
}

/** SQL condition (with parameters) selecting the events a scope or a filter names. */
function conditions(f: EventFilter): { sql: string; params: unknown[] } {
  const parts: string[] = ["TRUE"];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.kinds !== undefined) parts.push(`kind IN (SELECT unnest(${p(listValue([...f.kinds]))}::VARCHAR[]))`);
  if (f.mmsi !== undefined) parts.push(`list_contains(mmsis, ${p(f.mmsi)}::UINTEGER)`);
  if (f.id !== undefined) parts.push(`id = ${p(f.id)}`);
  if (f.from !== undefined) parts.push(`end_time >= make_timestamp(${p(f.from)}::BIGINT * 1000)`);
  if (f.to !== undefined) parts.push(`start_time <= make_timestamp(${p(f.to)}::BIGINT * 1000)`);
  if (f.box !== undefined) parts.push(boxSql(f.box, "lat", "lon", p));
  return { sql: parts.join(" AND "), params };
}

async function deleteScope(con: DuckDBConnection, scope: EventScope): Promise<void> {
  const c = conditions(scope);
  await con.run(`DELETE FROM events WHERE ${c.sql}`, c.params as never);
}

/** An events row as both backends read it back (times as epoch ms, JSON columns as text). */
export interface EventRow {
  id: string;
  kind: EventKind;
  status: Event["status"];
  start: number;
  end: number;
  vessels: string;
  lat: number | null;
  lon: number | null;
  attributes: string;
  evidence: string;
  detector: string;
  config_hash: string;
}

/** Stored events overlapping the window (and of the kinds, involving the vessel), by start then id. */
export async function listEvents(store: Store, f: EventFilter = {}): Promise<Event[]> {
  const c = conditions(f);
  const reader = await store.con.runAndReadAll(
    `SELECT id, kind, status, epoch_ms(start_time)::DOUBLE AS start, epoch_ms(end_time)::DOUBLE AS "end",
       vessels::VARCHAR AS vessels, lat, lon, attributes::VARCHAR AS attributes,
       evidence::VARCHAR AS evidence, detector, config_hash
     FROM events WHERE ${c.sql} ORDER BY start_time, id`,
    c.params as never,
  );
  return (reader.getRowObjectsJS() as unknown as EventRow[]).map(eventOfRow);
}

export function eventOfRow(r: EventRow): Event {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    start: r.start,
    end: r.end,
    vessels: JSON.parse(r.vessels) as EventVessel[],
    lat: r.lat,
    lon: r.lon,
    attributes: JSON.parse(r.attributes) as Event["attributes"],
    evidence: JSON.parse(r.evidence) as Event["evidence"],
    detector: r.detector,
    configHash: r.config_hash,
  };
}
