/**
 * What the ingest pipeline hands the store: positions as columns of typed arrays (in the
 * stored units of schema.ts, cheap to fill, to move between threads and to copy into
 * DuckDB vectors) and static reports as plain rows (a few per cent of messages).
 */

export interface StaticRow {
  mmsi: number;
  /** Epoch ms. */
  t: number;
  msgType: number;
  part: number | null;
  imo: number | null;
  callsign: string | null;
  name: string | null;
  shipType: number | null;
  toBow: number | null;
  toStern: number | null;
  toPort: number | null;
  toStarboard: number | null;
  draughtDm: number | null;
  destination: string | null;
  eta: string | null;
  sourceId: number;
  line: number;
}

/** Positions in column form; `n` rows are filled. Plain data, so it can cross to a worker thread. */
export interface PositionData {
  n: number;
  mmsi: Uint32Array;
  /** Epoch ms (stored as whole seconds plus milliseconds). */
  t: Float64Array;
  lat: Int32Array;
  lon: Int32Array;
  sog: Uint16Array;
  cog: Uint16Array;
  heading: Uint16Array;
  navStatus: Uint8Array;
  msgType: Uint8Array;
  second: Uint8Array;
  sourceId: Uint32Array;
  line: Uint32Array;
}

/** The typed arrays in the positions table's column order (t stands for both t and t_ms). */
export function columnsInOrder(
  p: PositionData,
): (Uint32Array | Float64Array | Int32Array | Uint16Array | Uint8Array)[] {
  return [
    p.mmsi,
    p.t,
    p.lat,
    p.lon,
    p.sog,
    p.cog,
    p.heading,
    p.navStatus,
    p.msgType,
    p.second,
    p.sourceId,
    p.line,
  ];
}

/** The buffers of a PositionData, for a postMessage transfer list. */
export function positionBuffers(p: PositionData): ArrayBuffer[] {
  return columnsInOrder(p).map((a) => a.buffer as ArrayBuffer);
}

/** Allocates empty position columns for `capacity` rows. */
export class PositionColumns implements PositionData {
  n = 0;
  readonly mmsi: Uint32Array;
  /** Epoch ms. */
  readonly t: Float64Array;
  readonly lat: Int32Array;
  readonly lon: Int32Array;
  readonly sog: Uint16Array;
  readonly cog: Uint16Array;
  readonly heading: Uint16Array;
  readonly navStatus: Uint8Array;
  readonly msgType: Uint8Array;
  readonly second: Uint8Array;
  readonly sourceId: Uint32Array;
  readonly line: Uint32Array;

  readonly capacity: number;

  /** New columns for `capacity` rows, or the arrays of `reuse` (handed back after a transfer) emptied. */
  constructor(capacity: number, reuse?: PositionData) {
    this.capacity = reuse ? reuse.mmsi.length : capacity;
    const n = this.capacity;
    this.mmsi = reuse?.mmsi ?? new Uint32Array(n);
    this.t = reuse?.t ?? new Float64Array(n);
    this.lat = reuse?.lat ?? new Int32Array(n);
    this.lon = reuse?.lon ?? new Int32Array(n);
    this.sog = reuse?.sog ?? new Uint16Array(n);
    this.cog = reuse?.cog ?? new Uint16Array(n);
    this.heading = reuse?.heading ?? new Uint16Array(n);
    this.navStatus = reuse?.navStatus ?? new Uint8Array(n);
    this.msgType = reuse?.msgType ?? new Uint8Array(n);
    this.second = reuse?.second ?? new Uint8Array(n);
    this.sourceId = reuse?.sourceId ?? new Uint32Array(n);
    this.line = reuse?.line ?? new Uint32Array(n);
  }
}

/**
 * Static rows packed for the trip from the decode worker: a structured clone of plain
 * objects costs about 1 µs a row on each side (profiled), while one Float64Array is
 * transferred and an array of strings is cloned cheaply. Numbers are row-major, null as NaN.
 */
export interface PackedStatics {
  n: number;
  numbers: Float64Array;
  texts: (string | null)[];
}

/** Numbers and strings a packed row takes (the field order is packStatics'). */
const NUMBERS_PER_ROW = 13;
const TEXTS_PER_ROW = 4;

export function packStatics(rows: readonly StaticRow[]): PackedStatics {
  const v = new Float64Array(rows.length * NUMBERS_PER_ROW);
  const texts: (string | null)[] = new Array(rows.length * TEXTS_PER_ROW);
  const num = (x: number | null) => (x === null ? Number.NaN : x);
  for (let i = 0, k = 0, s = 0; i < rows.length; i++, k += NUMBERS_PER_ROW, s += TEXTS_PER_ROW) {
    const r = rows[i];
    v[k] = r.mmsi;
    v[k + 1] = r.t;
    v[k + 2] = r.msgType;
    v[k + 3] = num(r.part);
    v[k + 4] = num(r.imo);
    v[k + 5] = num(r.shipType);
    v[k + 6] = num(r.toBow);
    v[k + 7] = num(r.toStern);
    v[k + 8] = num(r.toPort);
    v[k + 9] = num(r.toStarboard);
    v[k + 10] = num(r.draughtDm);
    v[k + 11] = r.sourceId;
    v[k + 12] = r.line;
    texts[s] = r.callsign;
    texts[s + 1] = r.name;
    texts[s + 2] = r.destination;
    texts[s + 3] = r.eta;
  }
  return { n: rows.length, numbers: v, texts };
}

export function unpackStatics(p: PackedStatics): StaticRow[] {
  const rows: StaticRow[] = new Array(p.n);
  const v = p.numbers;
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  for (let i = 0, k = 0, s = 0; i < p.n; i++, k += NUMBERS_PER_ROW, s += TEXTS_PER_ROW) {
    rows[i] = {
      mmsi: v[k],
      t: v[k + 1],
      msgType: v[k + 2],
      part: orNull(v[k + 3]),
      imo: orNull(v[k + 4]),
      callsign: p.texts[s],
      name: p.texts[s + 1],
      shipType: orNull(v[k + 5]),
      toBow: orNull(v[k + 6]),
      toStern: orNull(v[k + 7]),
      toPort: orNull(v[k + 8]),
      toStarboard: orNull(v[k + 9]),
      draughtDm: orNull(v[k + 10]),
      destination: p.texts[s + 2],
      eta: p.texts[s + 3],
      sourceId: v[k + 11],
      line: v[k + 12],
    };
  }
  return rows;
}
