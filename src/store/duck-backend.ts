/** The embedded DuckDB file as a StoreBackend: the store modules' functions over one open Store. */
import { statSync } from "node:fs";
import type { Event } from "../model/event.js";
import type { Position, Static } from "../model/records.js";
import {
  type AnchorageParams,
  type LearnedAnchorage,
  readAnchorages,
  refreshAnchorages,
} from "./anchorages.js";
import type { EventSink, RowWriter, StoreBackend, StoredPositionRow } from "./backend.js";
import type { StaticRow } from "./batch.js";
import { type EventFilter, EventWriter, listEvents } from "./events.js";
import { createSource, findSource, type SourceEntry } from "./ingest-log.js";
import {
  type CellPositions,
  type EventfulVessel,
  eventCounts,
  mostEventful,
  positionsByCell,
  searchVessels,
  type TrackExtent,
  trackExtent,
  type VesselHit,
} from "./map-queries.js";
import {
  type BBox,
  countsPerDay,
  type DayCount,
  type IdentityRecord,
  identityHistory,
  latestStatic,
  type StoreTotals,
  type TimeWindow,
  totals,
  track,
  type VesselSeen,
  vesselsSeen,
} from "./queries.js";
import { recentRows } from "./recent-rows.js";
import { duckReplaySource, type ReplayOptions, ReplayReader } from "./replay.js";
import { type OpenOptions, Store } from "./store.js";
import { StoreWriter } from "./writer.js";

export class DuckStore implements StoreBackend {
  readonly kind = "duckdb";
  /** One query at a time on a connection. */
  readonly concurrentReads = 1;

  /** Wraps an open store; close() closes it only when `owned`. */
  constructor(
    readonly store: Store,
    private readonly owned = false,
  ) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<DuckStore> {
    return new DuckStore(await Store.open(path, opts), true);
  }

  get location(): string {
    return this.store.path;
  }

  get version(): number {
    return this.store.version;
  }

  async sizeBytes(): Promise<number> {
    return statSync(this.store.path).size;
  }

  findSource(fingerprint: string): Promise<SourceEntry | null> {
    return findSource(this.store, fingerprint);
  }

  createSource(name: string, kind: string, fingerprint: string | null): Promise<SourceEntry> {
    return createSource(this.store, name, kind, fingerprint);
  }

  recentRows(
    sourceId: number,
    windowMs: number,
  ): Promise<{ positions: StoredPositionRow[]; statics: StaticRow[] }> {
    return recentRows(this.store, sourceId, windowMs);
  }

  openWriter(): Promise<RowWriter> {
    return StoreWriter.create(this.store);
  }

  openEvents(): Promise<EventSink> {
    return EventWriter.open(this.store);
  }

  vesselsSeen(): Promise<VesselSeen[]> {
    return vesselsSeen(this.store);
  }

  track(mmsi: number, w?: TimeWindow): Promise<Position[]> {
    return track(this.store, mmsi, w);
  }

  totals(): Promise<StoreTotals> {
    return totals(this.store);
  }

  countsPerDay(): Promise<DayCount[]> {
    return countsPerDay(this.store);
  }

  listEvents(f?: EventFilter): Promise<Event[]> {
    return listEvents(this.store, f);
  }

  async openReplay(o: ReplayOptions): Promise<ReplayReader> {
    return ReplayReader.open(await duckReplaySource(this.store, o.box), o);
  }

  refreshAnchorages(p: AnchorageParams): Promise<boolean> {
    return refreshAnchorages(this.store, p);
  }

  readAnchorages(cellDeg: number): Promise<LearnedAnchorage[]> {
    return readAnchorages(this.store, cellDeg);
  }

  searchVessels(q: string, limit: number): Promise<VesselHit[]> {
    return searchVessels(this.store, q, limit);
  }

  trackExtent(mmsi: number): Promise<TrackExtent> {
    return trackExtent(this.store, mmsi);
  }

  latestStatic(mmsi: number): Promise<Static | null> {
    return latestStatic(this.store, mmsi);
  }

  identityHistory(mmsi: number): Promise<IdentityRecord[]> {
    return identityHistory(this.store, mmsi);
  }

  positionsByCell(box: BBox, w: TimeWindow, cellDeg: number, limit: number): Promise<CellPositions> {
    return positionsByCell(this.store, box, w, cellDeg, limit);
  }

  eventCounts(): Promise<Record<string, number>> {
    return eventCounts(this.store);
  }

  mostEventful(kinds: readonly string[], limit: number): Promise<EventfulVessel[]> {
    return mostEventful(this.store, kinds, limit);
  }

  /** A file does not go away and come back. */
  isConnectionLoss(): boolean {
    return false;
  }

  async reconnect(): Promise<void> {}

  async close(): Promise<void> {
    if (this.owned) this.store.close();
  }
}
