/**
 * The store interface the commands work through: what ingest writes (sources, position
 * and static rows, events) and what `events`, `vessels`, `track`, `stats` and `serve` read. Two
 * implementations: the embedded DuckDB file (duck-backend.ts, the default, `--db FILE`)
 * and PostgreSQL/PostGIS (postgres/backend.ts, `--store postgres://...`), which give the
 * same answers for the same input. Open one with openStore (open.ts).
 *
 * Writes are idempotent in both: a source is ingested once (its content fingerprint in
 * the ingest log, the offset committed with its rows); PostgreSQL also refuses a second
 * copy of a position or static row by message identity (source, line) and upserts events
 * by id, so a retried commit or a redelivered batch stores nothing twice.
 */
import type { Event, EventKind } from "../model/event.js";
import type { Position, Static } from "../model/records.js";
import type { AnchorageParams, LearnedAnchorage } from "./anchorages.js";
import type { PositionData, StaticRow } from "./batch.js";
import type { SourceEntry, SourceProgress } from "./ingest-log.js";
import type { CellPositions, EventfulVessel, TrackExtent, VesselHit } from "./map-queries.js";
import type { BBox, DayCount, IdentityRecord, StoreTotals, TimeWindow, VesselSeen } from "./queries.js";
import type { ReplayOptions, ReplayReader } from "./replay.js";

/** What a detect run over the store covers: its stored events are replaced by the run's. */
export interface EventScope extends TimeWindow {
  kinds: readonly EventKind[];
  box?: BBox;
}

export interface EventFilter extends TimeWindow {
  kinds?: readonly EventKind[];
  mmsi?: number;
  /** Events whose position (the evidence's centroid) is inside. */
  box?: BBox;
  id?: string;
}

/** Appends rows and commits them together with a source's progress (exactly once per commit). */
export interface RowWriter {
  /** Rows appended since the last commit. */
  readonly pending: number;
  /** Opens the transaction appends go into (a no-op where commit writes everything at once). */
  begin(): Promise<void>;
  /** Positions in stored units (schema.ts); the columns may be reused once this returns. */
  appendPositions(cols: PositionData): void;
  appendStatics(rows: readonly StaticRow[]): void;
  /** Commits what was appended since the last commit together with the source's progress. */
  commit(sourceId: number, progress: SourceProgress): Promise<void>;
  /** Drops what was appended since the last commit. */
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** Upserts events by id: the latest emission of an id wins, a retraction deletes it. */
export interface EventSink {
  /** Makes the next flush first delete the stored events inside `scope` (a rerun replaces them). */
  replace(scope: EventScope): void;
  /** Records an emission; written at the next flush (errors surface in flush or close). */
  put(e: Event): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A stored position in stored units, with its MMSI and epoch-ms time (what a resumed ingest's dedup is seeded from). */
export interface StoredPositionRow {
  mmsi: number;
  msg_type: number;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  heading: number;
  nav_status: number;
  second: number;
  t: number;
}

/** What the ingest pipeline needs of a store. */
export interface IngestTarget {
  findSource(fingerprint: string): Promise<SourceEntry | null>;
  createSource(name: string, kind: string, fingerprint: string | null): Promise<SourceEntry>;
  /**
   * A source's rows stored within `windowMs` of its newest one, in line order (statics
   * without type 19, which its position row stands for): the dedup state a clean run held.
   */
  recentRows(
    sourceId: number,
    windowMs: number,
  ): Promise<{ positions: StoredPositionRow[]; statics: StaticRow[] }>;
  openWriter(): Promise<RowWriter>;
}

/** What the query commands read. */
export interface StoreReader {
  vesselsSeen(): Promise<VesselSeen[]>;
  track(mmsi: number, w?: TimeWindow): Promise<Position[]>;
  totals(): Promise<StoreTotals>;
  countsPerDay(): Promise<DayCount[]>;
  listEvents(f?: EventFilter): Promise<Event[]>;
}

/**
 * What the detectors read of a store (detect/engine/store-detect.ts): its records in their
 * total order, window by window, and the anchorages learned from its positions. Both
 * stores give the same windows and anchorages for the same rows.
 */
export interface DetectSource {
  /** A reader of the stored records in the detectors' order (store/replay.ts); close it when done. */
  openReplay(o: ReplayOptions): Promise<ReplayReader>;
  /** Recomputes the learned anchorages when positions were stored since (store/anchorages.ts); true when it did. */
  refreshAnchorages(p: AnchorageParams): Promise<boolean>;
  readAnchorages(cellDeg: number): Promise<LearnedAnchorage[]>;
}

/**
 * What `darkfleet serve` reads: the map (positions thinned by cell, tracks), its search
 * box, a vessel's identity, the events list and the summary (store/map-queries.ts says
 * what each answers; both backends give the same rows in the same order).
 */
export interface ServeReader extends Pick<StoreReader, "track" | "totals" | "listEvents"> {
  /** Reads that may run at once: DuckDB runs one query per connection, a PostgreSQL pool several. */
  readonly concurrentReads: number;
  /** Where it is, for messages: the file, or host:port/database (no password). */
  readonly location: string;
  /**
   * Whether `err` is a lost connection (a server restarting): a read may succeed again
   * later, and reconnect() may cure a writer (the work since its last commit is redone
   * from the committed offset).
   */
  isConnectionLoss(err: unknown): boolean;
  searchVessels(q: string, limit: number): Promise<VesselHit[]>;
  trackExtent(mmsi: number): Promise<TrackExtent>;
  latestStatic(mmsi: number): Promise<Static | null>;
  identityHistory(mmsi: number): Promise<IdentityRecord[]>;
  positionsByCell(box: BBox, w: TimeWindow, cellDeg: number, limit: number): Promise<CellPositions>;
  eventCounts(): Promise<Record<string, number>>;
  mostEventful(kinds: readonly string[], limit: number): Promise<EventfulVessel[]>;
}

export interface StoreBackend extends IngestTarget, StoreReader, DetectSource, ServeReader {
  readonly kind: "duckdb" | "postgres";
  readonly version: number;
  /** Bytes the store takes on disk. */
  sizeBytes(): Promise<number>;
  /** A sink for events, on a connection of its own (writes beside an ingest). */
  openEvents(): Promise<EventSink>;
  /** Connects again, with the bounded retries of a first connect. */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}
