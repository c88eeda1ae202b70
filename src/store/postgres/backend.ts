/**
 * PostgreSQL/PostGIS as a StoreBackend (`--store postgres://user@host:port/database`):
 * one connection for reads, the ingest log and row writes, another per event sink; with
 * `readers`, reads go through a pool of that many connections instead and run at once
 * (serve). A writable open migrates the schema (schema.ts); a read-only one refuses a
 * database without it and works in read-only transactions.
 */
import pg from "pg";
import type { Event } from "../../model/event.js";
import type { Position, Static } from "../../model/records.js";
import type { AnchorageParams, LearnedAnchorage } from "../anchorages.js";
import type { EventSink, StoreBackend, StoredPositionRow } from "../backend.js";
import type { StaticRow } from "../batch.js";
import type { EventFilter } from "../events.js";
import type { SourceEntry } from "../ingest-log.js";
import type { CellPositions, EventfulVessel, TrackExtent, VesselHit } from "../map-queries.js";
import type { BBox, DayCount, IdentityRecord, StoreTotals, TimeWindow, VesselSeen } from "../queries.js";
import { type ReplayOptions, ReplayReader } from "../replay.js";
import { StoreError } from "../store.js";
import { readAnchorages, refreshAnchorages } from "./anchorages.js";
import { clientConfig, connect, isConnectionLoss, locationOf, type Queryable } from "./connect.js";
import { listEvents, PgEventSink } from "./events.js";
import { createSource, findSource } from "./ingest-log.js";
import {
  eventCounts,
  identityHistory,
  latestStatic,
  mostEventful,
  positionsByCell,
  searchVessels,
  trackExtent,
} from "./map-queries.js";
import { countsPerDay, recentRows, totals, track, vesselsSeen } from "./queries.js";
import { PgReplaySource } from "./replay.js";
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./schema.js";
import { PgRowWriter } from "./writer.js";

export interface PgOpenOptions {
  readOnly?: boolean;
  /** Bound on waiting for an unreachable server, in seconds (connect.ts RETRY_SECONDS by default). */
  retrySeconds?: number;
  /** Stop migrating at this version (tests of the migration path). */
  targetVersion?: number;
  /** Told when an unreachable server is being waited for (connect.ts). */
  onWait?: (message: string) => void;
  /** Read through a pool of this many connections (reads run at once; writes keep the one connection). */
  readers?: number;
}

/** A pooled read (serve's) is stopped after this long: serve's requests time out after a minute. */
const POOLED_READ_MS = 60_000;

/** An arbitrary constant naming darkfleet's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 0x6461726b;

async function migrate(client: pg.Client, where: string, opts: PgOpenOptions): Promise<number> {
  const version = async () => {
    // pg_class read with the statement's snapshot, not to_regclass: that reads the catalog
    // cache, which still misses a table another process made while this one waited for the lock.
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'schema_version' AND relnamespace = current_schema()::regnamespace",
    );
    if (rows[0].n === 0) return 0;
    const { rows: v } = await client.query<{ v: number | null }>(
      "SELECT max(version) AS v FROM schema_version",
    );
    return v[0].v ?? 0;
  };
  let v = await version();
  if (v > PG_SCHEMA_VERSION) {
    throw new StoreError(
      `${where}: schema version ${v} is newer than this darkfleet supports (${PG_SCHEMA_VERSION}); upgrade darkfleet`,
    );
  }
  const target = Math.min(opts.targetVersion ?? PG_SCHEMA_VERSION, PG_SCHEMA_VERSION);
  if (v >= target) return v;
  if (opts.readOnly) {
    throw new StoreError(
      v === 0
        ? `${where}: not a darkfleet database (no schema); run an ingest into it first`
        : `${where}: schema version ${v} is older than ${PG_SCHEMA_VERSION}; run an ingest to migrate it`,
    );
  }
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    // another process may have migrated while this one waited for the lock
    v = await version();
    for (; v < target; v++) {
      for (const sql of PG_MIGRATIONS[v]) await client.query(sql);
      await client.query("INSERT INTO schema_version VALUES ($1, now())", [v + 1]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
  return Math.max(v, target);
}

export class PgStore implements StoreBackend {
  readonly kind = "postgres";
  readonly location: string;
  readonly concurrentReads: number;
  /** Month partitions known to exist (writers skip creating them again). */
  private readonly partitions = new Set<number>();
  private readonly pool: pg.Pool | null;

  private constructor(
    private readonly url: string,
    private readonly opts: PgOpenOptions,
    private client: pg.Client,
    readonly version: number,
  ) {
    this.location = locationOf(url);
    this.concurrentReads = opts.readers ?? 1;
    this.pool =
      opts.readers === undefined
        ? null
        : new pg.Pool({ ...clientConfig(url, opts), max: opts.readers, statement_timeout: POOLED_READ_MS });
    // an idle pooled connection the server closed is dropped by the pool; the next read connects again
    this.pool?.on("error", () => undefined);
  }

  /** Where reads go: the pool, or the one connection. */
  private get reads(): Queryable {
    return this.pool ?? this.client;
  }

  static async open(url: string, opts: PgOpenOptions = {}): Promise<PgStore> {
    const where = locationOf(url);
    const client = await connect(url, opts);
    try {
      const version = await migrate(client, where, opts);
      return new PgStore(url, opts, client, version);
    } catch (err) {
      await client.end().catch(() => undefined);
      if (err instanceof StoreError) throw err;
      throw new StoreError(`${where}: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    }
  }

  async sizeBytes(): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(
      "SELECT pg_database_size(current_database())::float8 AS n",
    );
    return rows[0].n;
  }

  findSource(fingerprint: string): Promise<SourceEntry | null> {
    return findSource(this.client, fingerprint);
  }

  createSource(name: string, kind: string, fingerprint: string | null): Promise<SourceEntry> {
    return createSource(this.client, name, kind, fingerprint);
  }

  recentRows(
    sourceId: number,
    windowMs: number,
  ): Promise<{ positions: StoredPositionRow[]; statics: StaticRow[] }> {
    return recentRows(this.client, sourceId, windowMs);
  }

  /** The connection reads and row writes go through (the bus ledger's, bus/ledger.ts); replaced by reconnect. */
  connection(): pg.Client {
    return this.client;
  }

  openWriter(): Promise<PgRowWriter> {
    return PgRowWriter.create(this.client, this.partitions);
  }

  async openEvents(): Promise<EventSink> {
    const open = () => connect(this.url, this.opts);
    return new PgEventSink(await open(), open);
  }

  vesselsSeen(): Promise<VesselSeen[]> {
    return vesselsSeen(this.reads);
  }

  track(mmsi: number, w?: TimeWindow): Promise<Position[]> {
    return track(this.reads, mmsi, w);
  }

  totals(): Promise<StoreTotals> {
    return totals(this.reads);
  }

  countsPerDay(): Promise<DayCount[]> {
    return countsPerDay(this.reads);
  }

  listEvents(f?: EventFilter): Promise<Event[]> {
    return listEvents(this.reads, f);
  }

  searchVessels(q: string, limit: number): Promise<VesselHit[]> {
    return searchVessels(this.reads, q, limit);
  }

  trackExtent(mmsi: number): Promise<TrackExtent> {
    return trackExtent(this.reads, mmsi);
  }

  latestStatic(mmsi: number): Promise<Static | null> {
    return latestStatic(this.reads, mmsi);
  }

  identityHistory(mmsi: number): Promise<IdentityRecord[]> {
    return identityHistory(this.reads, mmsi);
  }

  positionsByCell(box: BBox, w: TimeWindow, cellDeg: number, limit: number): Promise<CellPositions> {
    return positionsByCell(this.reads, box, w, cellDeg, limit);
  }

  eventCounts(): Promise<Record<string, number>> {
    return eventCounts(this.reads);
  }

  mostEventful(kinds: readonly string[], limit: number): Promise<EventfulVessel[]> {
    return mostEventful(this.reads, kinds, limit);
  }

  /** On a connection of its own, in one snapshot (postgres/replay.ts). */
  async openReplay(o: ReplayOptions): Promise<ReplayReader> {
    const source = await PgReplaySource.open(await connect(this.url, this.opts), o.box);
    try {
      return await ReplayReader.open(source, o);
    } catch (err) {
      await source.close();
      throw err;
    }
  }

  refreshAnchorages(p: AnchorageParams): Promise<boolean> {
    return refreshAnchorages(this.client, p);
  }

  readAnchorages(cellDeg: number): Promise<LearnedAnchorage[]> {
    return readAnchorages(this.client, cellDeg);
  }

  isConnectionLoss(err: unknown): boolean {
    return isConnectionLoss(err);
  }

  async reconnect(): Promise<void> {
    await this.client.end().catch(() => undefined);
    this.client = await connect(this.url, this.opts);
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
