/**
 * Replays the store as one time-ordered stream of positions and static reports (what
 * `darkfleet detect --db` feeds the detectors), memory-bounded however large the table.
 *
 * The time range is cut into windows of about `windowRows` positions, each one query
 * whose filter on t lets the zone maps skip the row groups outside it, so memory and
 * work per position stay flat however large the table. Positions are read column-wise
 * from DuckDB's data chunks as typed arrays (no per-value boxing), the way writer.ts
 * appends them, and put in (time, MMSI) order here (time-order.ts): MMSI is the
 * detectors' own tie order (model/record-order.ts), so which file a row came from or in what
 * order files were ingested never shows; a vessel's rows at one instant are then put in
 * the order of their other fields. Static reports, a few per cent of rows, are read
 * column by column and merged in by (time, MMSI), so the stream is in the detectors' total
 * order and they take each record as it comes.
 *
 * Two steps: a ReplayReader turns each window into an OrderedWindow (its records in that
 * order, as plain columns), and a WindowPusher makes records of it front to back. `replay`
 * runs both on this thread; detect/engine/store-detect.ts runs the second on a worker thread.
 * What a reader reads of a store is a ReplaySource: the DuckDB file's is here, PostgreSQL's
 * in postgres/replay.ts; the ordering, the windows and the records are the same for both.
 */
import { blankPosition, type Position, type Static } from "../model/records.js";
import type { PositionData } from "./batch.js";
import { epochMsColumn, fixedColumn, type RawChunk } from "./duckdb-raw.js";
import { type BBox, boxSql, type TimeWindow } from "./queries.js";
import { setStoredPosition } from "./records.js";
import { LATLON_SCALE, NA_COG, NA_HEADING, NA_SOG, NA_STATUS } from "./schema.js";
import type { Store } from "./store.js";
import { TimeOrder } from "./time-order.js";
import {
  noStatics,
  type StaticsColumns,
  type StaticsData,
  StaticsRows,
  WindowStatics,
} from "./window-statics.js";

export interface ReplayOptions extends TimeWindow {
  /** Positions outside the box are left out (static reports have no position and stay). */
  box?: BBox;
  /** Positions per window query (memory and sort size). */
  windowRows?: number;
  /**
   * Pass every position in one Position object, overwritten for the next row: for a
   * `push` that keeps nothing it is given (DetectRunner.pushOrdered copies what it keeps).
   * Saves allocating and collecting one object per row.
   */
  reuse?: boolean;
}

export interface ReplayStats {
  positions: number;
  /** Rows left out as copies of the row before them. */
  duplicates: number;
  statics: number;
  windows: number;
}

const DEFAULT_WINDOW_ROWS = 1_000_000;
/** A window's buffers are made this much larger than the window that needed them. */
const WINDOW_SLACK = 1.25;
const MIN_WINDOW_S = 60;

const POSITIONS_SQL = (where: string) =>
  `SELECT vid, t, t_ms, lat, lon, sog, cog, heading, nav_status, msg_type
   FROM positions p
   WHERE t >= make_timestamp($1::BIGINT * 1000000)::TIMESTAMP_S AND t < make_timestamp($2::BIGINT * 1000000)::TIMESTAMP_S${where}`;

type Column = Uint32Array | Float64Array | Int32Array | Uint16Array | Uint8Array;
type ColumnType = {
  new (n: number): Column;
  new (buffer: ArrayBufferLike, offset: number, length: number): Column;
  BYTES_PER_ELEMENT: number;
};

/**
 * A window's columns: the position query's, except that t (whole seconds, an int64 in the
 * vector) and t_ms (vectors 1 and 2) become one column of epoch ms; vid becomes the
 * vessel's MMSI rank.
 */
const TYPES: ColumnType[] = [
  Uint32Array,
  Float64Array,
  Int32Array,
  Int32Array,
  Uint16Array,
  Uint16Array,
  Uint16Array,
  Uint8Array,
  Uint8Array,
];

/**
 * One window's positions as columns (TYPES: MMSI rank, epoch ms, lat, lon, sog, cog,
 * heading, status, type, in stored units), grown as needed and reused for the next window.
 * A store's ReplaySource fills them.
 */
export class WindowColumns {
  n = 0;
  cols: Column[] = TYPES.map((T) => new T(1 << 16));

  /** Makes room for `m` more rows after the `n` filled. */
  reserve(m: number): void {
    if (this.n + m > this.cols[0].length) {
      const size = Math.max(2 * this.cols[0].length, this.n + m);
      this.cols = this.cols.map((old, c) => {
        const grown = new TYPES[c](size);
        grown.set(old.subarray(0, this.n));
        return grown;
      });
    }
  }

  /** Appends a DuckDB chunk of the positions query (POSITIONS_SQL), vessel numbers turned into ranks. */
  append(chunk: { chunk: RawChunk; rowCount: number }, rankOfVid: Uint32Array): void {
    const m = chunk.rowCount;
    this.reserve(m);
    for (let c = 0; c < TYPES.length; c++) {
      if (c === 1) continue;
      this.cols[c].set(fixedColumn(chunk.chunk, c === 0 ? 0 : c + 1, m, TYPES[c]) as never, this.n);
    }
    // Fast path (profile: DuckDB's epoch_ms(t) + t_ms cast to DOUBLE cost a sixth of its
    // scan): the same sum here, exact in a double.
    epochMsColumn(chunk.chunk, 1, 2, m, this.cols[1] as Float64Array, this.n);
    const rank = this.cols[0];
    for (let i = this.n; i < this.n + m; i++) rank[i] = rankOfVid[rank[i]];
    this.n += m;
  }
}

/** Vessel numbers to MMSI ranks (MMSI order) and back to MMSIs. */
async function vesselRanks(store: Store): Promise<{ rankOfVid: Uint32Array; mmsiOfRank: Uint32Array }> {
  const rows = await store.rows<{ vid: number; mmsi: number }>("SELECT vid, mmsi FROM vessels ORDER BY mmsi");
  const rankOfVid = new Uint32Array(rows.reduce((m, r) => Math.max(m, r.vid), 0) + 1);
  const mmsiOfRank = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    rankOfVid[r.vid] = i;
    mmsiOfRank[i] = r.mmsi;
  });
  return { rankOfVid, mmsiOfRank };
}

/** A nullable stored field as a sort key: NULL (its NA value) first, as compareRecords puts null. */
const nullFirst = (v: number, na: number): number => (v === na ? -1 : v);

/**
 * Puts runs of rows of one vessel at one instant (copies heard by several receivers, a
 * clone) in compareRecords' order of their fields, which the stored integers keep
 * (degrees and knots are the stored values over positive constants). One per window,
 * holding its columns: no closure per run (profile: a fifth of the replay's garbage).
 */
class RunOrder {
  private readonly rank: Column;
  private readonly t: Column;
  private readonly lat: Column;
  private readonly lon: Column;
  private readonly sog: Column;
  private readonly cog: Column;
  private readonly heading: Column;
  private readonly nav: Column;
  private readonly type: Column;

  constructor(cols: Column[]) {
    [this.rank, this.t, this.lat, this.lon, this.sog, this.cog, this.heading, this.nav, this.type] = cols;
  }

  /** Sorts the run that starts at `perm[j]` and returns its end. Runs are a few rows: an insertion sort. */
  sort(perm: Uint32Array, j: number, n: number): number {
    const { t, rank } = this;
    const first = perm[j];
    let end = j + 1;
    for (; end < n && t[perm[end]] === t[first] && rank[perm[end]] === rank[first]; end++) {
      const r = perm[end];
      let m = end - 1;
      while (m >= j && this.compare(perm[m], r) > 0) {
        perm[m + 1] = perm[m];
        m--;
      }
      perm[m + 1] = r;
    }
    return end;
  }

  private compare(x: number, y: number): number {
    const { lat, lon, sog, cog, heading, nav, type } = this;
    return (
      type[x] - type[y] ||
      lat[x] - lat[y] ||
      lon[x] - lon[y] ||
      nullFirst(sog[x], NA_SOG) - nullFirst(sog[y], NA_SOG) ||
      nullFirst(cog[x], NA_COG) - nullFirst(cog[y], NA_COG) ||
      nullFirst(heading[x], NA_HEADING) - nullFirst(heading[y], NA_HEADING) ||
      nullFirst(nav[x], NA_STATUS) - nullFirst(nav[y], NA_STATUS)
    );
  }
}

/** Box condition on the stored integer lat/lon of table alias p: lower edges rounded up, upper down (the same rows as in degrees). */
export const storedBoxSql = (box: BBox | undefined): string =>
  box === undefined
    ? ""
    : ` AND ${boxSql(box, "p.lat", "p.lon", (deg, lower) => String((lower ? Math.ceil : Math.floor)(deg * LATLON_SCALE)))}`;

/** The store's first and last record times (whole seconds) and how many positions it holds; null when empty. */
export interface StoreExtent {
  lo: number;
  hi: number;
  n: number;
}

/**
 * What a replay reads of a store, window by window (the DuckDB file's DuckReplaySource
 * below, PostgreSQL's in postgres/replay.ts): the same rows give the same windows and
 * records whichever store holds them.
 */
export interface ReplaySource {
  /** Stored vessels' MMSIs ascending: the MMSI of each rank that readPositions gives. */
  readonly mmsiOfRank: Uint32Array;
  extent(): Promise<StoreExtent | null>;
  /** Appends the positions with whole seconds in [a, b) (inside the box it was opened with), MMSI as rank. */
  readPositions(a: number, b: number, columns: WindowColumns): Promise<void>;
  /** The static reports with whole seconds in [a, b), in the detectors' order. */
  readStatics(a: number, b: number): Promise<StaticsData>;
  /** Ends what the source holds open (a connection, a transaction). */
  close(): Promise<void>;
}

/** The DuckDB file's rows for a replay. */
class DuckReplaySource implements ReplaySource {
  private readonly statics = new WindowStatics();

  private constructor(
    private readonly store: Store,
    private readonly rankOfVid: Uint32Array,
    readonly mmsiOfRank: Uint32Array,
    private readonly sql: string,
  ) {}

  static async open(store: Store, box: BBox | undefined): Promise<DuckReplaySource> {
    const { rankOfVid, mmsiOfRank } = await vesselRanks(store);
    return new DuckReplaySource(store, rankOfVid, mmsiOfRank, POSITIONS_SQL(storedBoxSql(box)));
  }

  async extent(): Promise<StoreExtent | null> {
    const [r] = await this.store.rows<{ lo: number | null; hi: number | null; n: number }>(
      `SELECT min(lo)::DOUBLE AS lo, max(hi)::DOUBLE AS hi, sum(n)::DOUBLE AS n FROM (
         SELECT epoch(min(t)) AS lo, epoch(max(t)) AS hi, count(*) AS n FROM positions
         UNION ALL SELECT epoch(min(t)), epoch(max(t)), 0 FROM statics)`,
    );
    return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi, n: r.n };
  }

  async readPositions(a: number, b: number, columns: WindowColumns): Promise<void> {
    const result = await this.store.con.stream(this.sql, [a, b]);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      columns.append(chunk, this.rankOfVid);
    }
  }

  readStatics(a: number, b: number): Promise<StaticsData> {
    return this.statics.read(this.store, a, b);
  }

  async close(): Promise<void> {}
}

/** The DuckDB file's rows for a replay (positions inside `box`). */
export function duckReplaySource(store: Store, box?: BBox): Promise<ReplaySource> {
  return DuckReplaySource.open(store, box);
}

/**
 * Whole seconds [from, to) the store's records span inside the window, and the seconds a
 * window of `target` positions takes at the store's average density.
 */
function spanOf(
  r: StoreExtent | null,
  o: ReplayOptions,
  target: number,
): { from: number; to: number; step: number } | null {
  if (r === null) return null;
  const lo = Math.floor(r.lo);
  const hi = Math.floor(r.hi) + 1;
  const from = Math.max(lo, o.from === undefined ? -Infinity : Math.floor(o.from / 1000));
  const to = Math.min(hi, o.to === undefined ? Infinity : Math.floor(o.to / 1000) + 1);
  const step = Math.max(MIN_WINDOW_S, Math.ceil(((hi - lo) * target) / Math.max(1, r.n)));
  return from < to ? { from, to, step } : null;
}

/**
 * One window's records in the detectors' total order (model/record-order.ts compareRecords:
 * time, MMSI, a vessel's positions before its static reports, then every field), only
 * those inside the asked-for times, exact copies of a position left out: positions as
 * columns in that order, static reports as the rows to push and where they go among the
 * positions. Plain data, so that a window can be handed to another thread
 * (detect/engine/store-detect.ts) and pushed there, reading its columns front to back.
 */
export interface OrderedWindow
  extends Pick<
    PositionData,
    "n" | "mmsi" | "t" | "lat" | "lon" | "sog" | "cog" | "heading" | "navStatus" | "msgType"
  > {
  /** Static reports to push. */
  nStatics: number;
  /** Their rows in `statics`, in order… */
  staticRows: Uint32Array;
  /** …and how many of the window's positions go before each. */
  staticAt: Uint32Array;
  statics: StaticsColumns;
  /** Positions left out as copies of the one before them. */
  duplicates: number;
}

/** An empty window with room for `n` positions and `statics` static reports. */
function emptyWindow(n: number, statics: number): OrderedWindow {
  return {
    n: 0,
    mmsi: new Uint32Array(n),
    t: new Float64Array(n),
    lat: new Int32Array(n),
    lon: new Int32Array(n),
    sog: new Uint16Array(n),
    cog: new Uint16Array(n),
    heading: new Uint16Array(n),
    navStatus: new Uint8Array(n),
    msgType: new Uint8Array(n),
    nStatics: 0,
    staticRows: new Uint32Array(statics),
    staticAt: new Uint32Array(statics),
    statics: noStatics(),
    duplicates: 0,
  };
}

/**
 * The buffers of a window's position columns and static slots (what a worker hands back to
 * be filled again); batch.ts positionBuffers is the ingest's, for columns this window lacks.
 */
export function windowBuffers(w: OrderedWindow): ArrayBuffer[] {
  return [
    w.mmsi,
    w.t,
    w.lat,
    w.lon,
    w.sog,
    w.cog,
    w.heading,
    w.navStatus,
    w.msgType,
    w.staticRows,
    w.staticAt,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** What every window of one replay shares: the asked-for times (ms, inclusive). */
interface ReplayPlan {
  from: number;
  to: number;
}

/** Reads the store's windows one after another and puts each in the detectors' order. */
export class ReplayReader {
  private readonly columns = new WindowColumns();
  private readonly order = new TimeOrder();
  private identity = new Uint32Array(0);
  private a: number;

  private constructor(
    private readonly source: ReplaySource,
    private readonly plan: ReplayPlan,
    private readonly span: { from: number; to: number; step: number } | null,
  ) {
    this.a = span?.from ?? 0;
  }

  /** A reader of `source`'s windows; it closes the source when closed. */
  static async open(source: ReplaySource, o: ReplayOptions): Promise<ReplayReader> {
    const span = spanOf(await source.extent(), o, o.windowRows ?? DEFAULT_WINDOW_ROWS);
    const plan = { from: o.from ?? Number.NEGATIVE_INFINITY, to: o.to ?? Number.POSITIVE_INFINITY };
    return new ReplayReader(source, plan, span);
  }

  close(): Promise<void> {
    return this.source.close();
  }

  /**
   * The next window, in `into`'s buffers (grown as needed; a fresh window when absent);
   * its static reports are a view of this reader's, valid until the next call. Null after
   * the last window.
   */
  async next(into?: OrderedWindow): Promise<OrderedWindow | null> {
    const span = this.span;
    if (span === null || this.a >= span.to) return null;
    const a = this.a;
    const b = Math.min(span.to, a + span.step);
    this.a = b;
    const statics = await this.source.readStatics(a, b);
    const columns = this.columns;
    columns.n = 0;
    await this.source.readPositions(a, b, columns);
    const n = columns.n;
    const [rank, t] = columns.cols;
    const perm = this.order.order(
      n,
      t as Float64Array,
      rank as Uint32Array,
      this.source.mmsiOfRank.length,
      a,
      b - a,
    );
    let w = into;
    if (w === undefined || w.mmsi.length < n || w.staticRows.length < statics.n) {
      // room to spare: windows differ in size, and every fresh page is a page fault
      w = emptyWindow(Math.ceil(n * WINDOW_SLACK), Math.ceil(statics.n * WINDOW_SLACK));
    }
    this.gather(n, perm, statics, w);
    return w;
  }

  /** The rows' own order 0 … n − 1, as a permutation to rearrange. */
  private identityOf(n: number): Uint32Array {
    if (this.identity.length < n) this.identity = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.identity[i] = i;
    return this.identity;
  }

  /** Writes the window's records in the detectors' order into `w`. */
  private gather(n: number, order: Uint32Array | null, statics: StaticsData, w: OrderedWindow): void {
    const { from, to } = this.plan;
    const mmsiOfRank = this.source.mmsiOfRank;
    const cols = this.columns.cols;
    const [rank, t, lat, lon, sog, cog, heading, nav, type] = cols;
    const staticsRows = new StaticsRows(statics);
    const runs = new RunOrder(cols);
    let perm = order;
    let runEnd = 0;
    let k = 0;
    let last = -1;
    let m = 0;
    let ns = 0;
    let duplicates = 0;
    /** Takes the window's static report at `s` unless it lies outside the asked-for times. */
    const takeStatic = (s: number): void => {
      const ts = statics.t[s];
      if (ts < from || ts > to) return;
      w.staticRows[ns] = s;
      w.staticAt[ns++] = m;
    };
    for (let j = 0; j < n; j++) {
      let i = perm === null ? j : perm[j];
      if (j >= runEnd && j + 1 < n) {
        const next = perm === null ? j + 1 : perm[j + 1];
        if (t[next] === t[i] && rank[next] === rank[i]) {
          perm ??= this.identityOf(n);
          runEnd = runs.sort(perm, j, n);
          i = perm[j];
        }
      }
      const ti = t[i];
      const mmsi = mmsiOfRank[rank[i]];
      // statics go in by (time, MMSI), after the positions of their own vessel and instant
      for (; k < statics.n; k++) {
        const s = statics.order[k];
        if (statics.t[s] > ti || (statics.t[s] === ti && staticsRows.mmsi(s) >= mmsi)) break;
        takeStatic(s);
      }
      if (ti < from || ti > to) continue;
      // A row equal to the previous one in every field a Position has (copies that differ
      // only in what is not replayed) is one the detectors would drop: leave it out.
      if (
        last >= 0 &&
        ti === t[last] &&
        rank[i] === rank[last] &&
        lat[i] === lat[last] &&
        lon[i] === lon[last] &&
        sog[i] === sog[last] &&
        cog[i] === cog[last] &&
        heading[i] === heading[last] &&
        nav[i] === nav[last] &&
        type[i] === type[last]
      ) {
        duplicates++;
        continue;
      }
      last = i;
      w.mmsi[m] = mmsi;
      w.t[m] = ti;
      w.lat[m] = lat[i];
      w.lon[m] = lon[i];
      w.sog[m] = sog[i];
      w.cog[m] = cog[i];
      w.heading[m] = heading[i];
      w.navStatus[m] = nav[i];
      w.msgType[m] = type[i];
      m++;
    }
    for (; k < statics.n; k++) takeStatic(statics.order[k]);
    w.n = m;
    w.nStatics = ns;
    w.statics = statics;
    w.duplicates = duplicates;
  }
}

/** The window's static reports copied out of the reader's buffers, and the buffers to transfer with it. */
export function detachStatics(w: OrderedWindow): ArrayBuffer[] {
  const s = w.statics;
  w.statics = { t: s.t.slice(), ints: s.ints.slice(), texts: s.texts.slice(), strings: s.strings };
  return [w.statics.t, w.statics.ints, w.statics.texts].map((a) => a.buffer as ArrayBuffer);
}

/** Calls `push` with every record of each window it is given, in the window's order. */
export class WindowPusher {
  readonly stats: ReplayStats = { positions: 0, duplicates: 0, statics: 0, windows: 0 };
  private readonly reused: Position | null;

  constructor(
    reuse: boolean,
    private readonly push: (r: Position | Static) => void,
  ) {
    this.reused = reuse ? blankPosition() : null;
  }

  pushWindow(w: OrderedWindow): void {
    const push = this.push;
    const reused = this.reused;
    const statics = new StaticsRows(w.statics);
    const { n, nStatics, staticAt, staticRows } = w;
    let k = 0;
    for (let j = 0; j < n; j++) {
      for (; k < nStatics && staticAt[k] === j; k++) push(statics.record(staticRows[k]));
      push(
        setStoredPosition(
          reused ?? blankPosition(),
          w.mmsi[j],
          w.t[j],
          w.lat[j],
          w.lon[j],
          w.sog[j],
          w.cog[j],
          w.heading[j],
          w.navStatus[j],
          w.msgType[j],
        ),
      );
    }
    for (; k < nStatics; k++) push(statics.record(staticRows[k]));
    const stats = this.stats;
    stats.windows++;
    stats.positions += n;
    stats.statics += nStatics;
    stats.duplicates += w.duplicates;
  }
}

/**
 * Calls `push` with every record the reader gives, in the detectors' total order (see
 * OrderedWindow), reading and pushing one window after another on this thread; closes it.
 */
export async function replayFrom(
  reader: ReplayReader,
  reuse: boolean,
  push: (r: Position | Static) => void,
): Promise<ReplayStats> {
  try {
    const pusher = new WindowPusher(reuse, push);
    for (let w = await reader.next(); w !== null; w = await reader.next(w)) pusher.pushWindow(w);
    return pusher.stats;
  } finally {
    await reader.close();
  }
}

/** replayFrom over the DuckDB file: every record in the window, in the detectors' total order. */
export async function replay(
  store: Store,
  o: ReplayOptions,
  push: (r: Position | Static) => void,
): Promise<ReplayStats> {
  return replayFrom(await ReplayReader.open(await duckReplaySource(store, o.box), o), o.reuse === true, push);
}
