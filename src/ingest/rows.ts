/**
 * Turns decoded AIS messages into store rows (store/batch.ts units), dropping duplicates
 * and counting every message under one outcome:
 * - position / static: stored (a type 19 report is both);
 * - duplicate: the same message already kept within the dedup window;
 * - no_time: no receive time (tag block c: or leading time stamp), so it cannot be
 *   placed in time; such messages are not stored;
 * - no_position: a position report whose position is "not available";
 * - not_stored: types that describe no vessel (4/11 base stations, 9 SAR aircraft, 21 aids
 *   to navigation), as in ais/records.ts.
 *
 * CSV exports arrive as Position/Static records (sources/csv.ts) and go through the same
 * rules; they carry no UTC-second field, so the second of their time stamp stands in.
 *
 * The dedup key of a message is computed from the stored values only (positionKey,
 * staticKey), so resuming can rebuild it from rows already in the database.
 */
import type { BitReader } from "../ais/bits.js";
import { fieldOf, HEADER, type Layout, POSITION_A, POSITION_B } from "../ais/fields.js";
import { COURSE, HEADING, LAT, LON, SPEED } from "../ais/units.js";
import type { AisMessage } from "../model/ais.js";
import type { Position, Static } from "../model/records.js";
import type { PositionColumns, StaticRow } from "../store/batch.js";
import { LATLON_SCALE, NA_COG, NA_HEADING, NA_SECOND, NA_SOG, NA_STATUS } from "../store/schema.js";
import { type Deduplicator, hashInts, KeyHasher } from "./dedup.js";

export type IngestOutcome = "position" | "static" | "duplicate" | "no_time" | "no_position" | "not_stored";

const hasher = new KeyHasher();
const positionFields = new Int32Array(9);

/** Dedup key of a stored position row. */
export function positionKey(
  mmsi: number,
  msgType: number,
  lat: number,
  lon: number,
  sog: number,
  cog: number,
  heading: number,
  navStatus: number,
  second: number,
): number {
  const f = positionFields;
  f[0] = mmsi;
  f[1] = msgType;
  f[2] = lat;
  f[3] = lon;
  f[4] = sog;
  f[5] = cog;
  f[6] = heading;
  f[7] = navStatus;
  f[8] = second;
  return hashInts(f, 9);
}

/** Dedup key of a stored static row. */
export function staticKey(r: StaticRow): number {
  return hasher
    .int(r.mmsi)
    .int(r.msgType)
    .int(r.part ?? -1)
    .int(r.imo ?? -1)
    .str(r.callsign)
    .str(r.name)
    .int(r.shipType ?? -1)
    .int(r.toBow ?? -1)
    .int(r.toStern ?? -1)
    .int(r.toPort ?? -1)
    .int(r.toStarboard ?? -1)
    .int(r.draughtDm ?? -1)
    .str(r.destination)
    .str(r.eta)
    .take();
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Where the stored fields of a position report sit (from the field tables), for the fast path. */
function positionOffsets(l: Layout) {
  const at = (name: string) => fieldOf(l, name).start;
  return {
    lon: at("lon"),
    lat: at("lat"),
    speed: at("speed"),
    course: at("course"),
    heading: at("heading"),
    second: at("second"),
  };
}
const CLASS_A = positionOffsets(POSITION_A);
const CLASS_B = positionOffsets(POSITION_B);
const STATUS_A = fieldOf(POSITION_A, "status").start;
/** Field widths, the same in both layouts. */
const W = {
  lon: fieldOf(POSITION_A, "lon").bits,
  lat: fieldOf(POSITION_A, "lat").bits,
  speed: fieldOf(POSITION_A, "speed").bits,
  course: fieldOf(POSITION_A, "course").bits,
  heading: fieldOf(POSITION_A, "heading").bits,
  second: fieldOf(POSITION_A, "second").bits,
  status: fieldOf(POSITION_A, "status").bits,
};
/** Largest valid raw latitude and longitude (90° and 180° in 1/10000 minute). */
const LAT_MAX = 90 * LAT.scale;
const LON_MAX = 180 * LON.scale;
/** First raw course and heading that is not a direction (360°). */
const COURSE_FULL = 360 * COURSE.scale;
const HEADING_FULL = 360 * HEADING.scale;

export class RowBuilder {
  readonly counts: Record<IngestOutcome, number> = {
    position: 0,
    static: 0,
    duplicate: 0,
    no_time: 0,
    no_position: 0,
    not_stored: 0,
  };
  statics: StaticRow[] = [];

  constructor(
    public positions: PositionColumns,
    private readonly dedup: Deduplicator,
    private readonly sourceId: number,
  ) {}

  /** Adds one message; the caller swaps `positions` for an empty one when it is full. */
  add(msg: AisMessage, line: number): void {
    const t = msg.rxtime;
    if (t === null) {
      this.counts.no_time++;
      return;
    }
    switch (msg.type) {
      case 1:
      case 2:
      case 3:
        this.position(msg, t, line, msg.speed, msg.course, msg.heading, msg.status, msg.second);
        return;
      case 18:
        this.position(msg, t, line, msg.speed, msg.course, msg.heading, null, msg.second);
        return;
      case 27:
        this.position(msg, t, line, msg.speed, msg.course, null, msg.status, null);
        return;
      case 19:
        if (!this.position(msg, t, line, msg.speed, msg.course, msg.heading, null, msg.second, true)) return;
        return this.static(
          this.staticRow(msg.mmsi, t, 19, null, line, {
            name: msg.shipname,
            shipType: msg.shiptype,
            toBow: msg.to_bow,
            toStern: msg.to_stern,
            toPort: msg.to_port,
            toStarboard: msg.to_starboard,
          }),
          true,
        );
      case 5:
        return this.static(
          this.staticRow(msg.mmsi, t, 5, null, line, {
            imo: msg.imo,
            callsign: msg.callsign,
            name: msg.shipname,
            shipType: msg.shiptype,
            toBow: msg.to_bow,
            toStern: msg.to_stern,
            toPort: msg.to_port,
            toStarboard: msg.to_starboard,
            draughtDm: Math.round(msg.draught * 10),
            destination: msg.destination,
            eta: `${pad2(msg.month)}-${pad2(msg.day)}T${pad2(msg.hour)}:${pad2(msg.minute)}`,
          }),
        );
      case 24:
        if (msg.partno === 0)
          return this.static(this.staticRow(msg.mmsi, t, 24, 0, line, { name: msg.shipname }));
        return this.static(
          this.staticRow(msg.mmsi, t, 24, 1, line, {
            callsign: msg.callsign,
            shipType: msg.shiptype,
            toBow: msg.to_bow ?? null,
            toStern: msg.to_stern ?? null,
            toPort: msg.to_port ?? null,
            toStarboard: msg.to_starboard ?? null,
          }),
        );
      default:
        this.counts.not_stored++;
    }
  }

  /** Adds a position record (from a CSV export). */
  addPosition(p: Position, line: number): void {
    const second = Math.floor(p.t / 1000) % 60;
    this.position(p, p.t, line, p.sog, p.cog, p.heading, p.navStatus, second);
  }

  /** Adds a static record (from a CSV export). */
  addStatic(s: Static, line: number): void {
    this.static(
      this.staticRow(s.mmsi, s.t, s.msgType, null, line, {
        imo: s.imo,
        callsign: s.callsign,
        name: s.name,
        shipType: s.shipType,
        toBow: s.toBow,
        toStern: s.toStern,
        toPort: s.toPort,
        toStarboard: s.toStarboard,
        draughtDm: s.draught === null ? null : Math.round(s.draught * 10),
        destination: s.destination,
      }),
    );
  }

  /**
   * Adds a type 1-3 or 18 position report straight from its bits (NmeaDecoder's
   * onPositionBits): the same rows as add() would make, without the message object.
   * Hand-written fast path; offsets from the field tables, "not available" rules from ais/units.ts.
   */
  addPositionBits(b: BitReader, type: number, t: number | null, line: number): void {
    if (t === null) {
      this.counts.no_time++;
      return;
    }
    const o = type === 18 ? CLASS_B : CLASS_A;
    const lon = b.s(o.lon, W.lon);
    const lat = b.s(o.lat, W.lat);
    if (lon > LON_MAX || lon < -LON_MAX || lat > LAT_MAX || lat < -LAT_MAX) {
      this.counts.no_position++;
      return;
    }
    const cog = b.u(o.course, W.course);
    const hdg = b.u(o.heading, W.heading);
    // Stored units are the raw ones: sog 1023 and the second 60-63 mean what they say.
    this.keepPosition(
      b.u(HEADER.mmsi.start, HEADER.mmsi.bits),
      type,
      t,
      line,
      lat,
      lon,
      b.u(o.speed, W.speed),
      cog >= COURSE_FULL ? NA_COG : cog,
      hdg >= HEADING_FULL ? NA_HEADING : hdg,
      type === 18 ? NA_STATUS : b.u(STATUS_A, W.status),
      b.u(o.second, W.second),
    );
  }

  /**
   * Adds a position row unless it is a duplicate; returns false for a duplicate. A type 19
   * (`alsoStatic`) is judged by its position fields and always goes on to its static row.
   */
  private position(
    msg: { mmsi: number; type?: number; msgType?: number; lat: number | null; lon: number | null },
    t: number,
    line: number,
    speed: number | null,
    course: number | null,
    heading: number | null,
    status: number | null,
    second: number | null,
    alsoStatic = false,
  ): boolean {
    if (msg.lat === null || msg.lon === null) {
      if (!alsoStatic) this.counts.no_position++;
      return true;
    }
    return this.keepPosition(
      msg.mmsi,
      msg.type ?? (msg.msgType as number),
      t,
      line,
      Math.round(msg.lat * LATLON_SCALE),
      Math.round(msg.lon * LATLON_SCALE),
      speed === null ? NA_SOG : Math.round(speed * SPEED.scale),
      course === null ? NA_COG : Math.round(course * COURSE.scale),
      heading === null ? NA_HEADING : heading,
      status === null ? NA_STATUS : status,
      second === null ? NA_SECOND : second,
    );
  }

  /** Adds a position row in stored units unless it is a duplicate; false for a duplicate. */
  private keepPosition(
    mmsi: number,
    type: number,
    t: number,
    line: number,
    lat: number,
    lon: number,
    sog: number,
    cog: number,
    hdg: number,
    nav: number,
    sec: number,
  ): boolean {
    if (this.dedup.isDuplicate(positionKey(mmsi, type, lat, lon, sog, cog, hdg, nav, sec), t)) {
      this.counts.duplicate++;
      return false;
    }
    const p = this.positions;
    const i = p.n++;
    p.mmsi[i] = mmsi;
    p.t[i] = t;
    p.lat[i] = lat;
    p.lon[i] = lon;
    p.sog[i] = sog;
    p.cog[i] = cog;
    p.heading[i] = hdg;
    p.navStatus[i] = nav;
    p.msgType[i] = type;
    p.second[i] = sec;
    p.sourceId[i] = this.sourceId;
    p.line[i] = line;
    this.counts.position++;
    return true;
  }

  /** Adds a static row unless it is a duplicate (`judged`: already checked as a position). */
  private static(row: StaticRow, judged = false): void {
    if (!judged && this.dedup.isDuplicate(staticKey(row), row.t)) {
      this.counts.duplicate++;
      return;
    }
    this.statics.push(row);
    this.counts.static++;
  }

  private staticRow(
    mmsi: number,
    t: number,
    msgType: number,
    part: number | null,
    line: number,
    fields: Partial<StaticRow>,
  ): StaticRow {
    const text = (s: string | null | undefined) => (s === undefined || s === null || s === "" ? null : s);
    return {
      mmsi,
      t,
      msgType,
      part,
      imo: fields.imo ?? null,
      callsign: text(fields.callsign),
      name: text(fields.name),
      shipType: fields.shipType ?? null,
      toBow: fields.toBow ?? null,
      toStern: fields.toStern ?? null,
      toPort: fields.toPort ?? null,
      toStarboard: fields.toStarboard ?? null,
      draughtDm: fields.draughtDm ?? null,
      destination: text(fields.destination),
      eta: fields.eta ?? null,
      sourceId: this.sourceId,
      line,
    };
  }
}
