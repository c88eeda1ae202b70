/**
 * One CSV row to records: a Position when the row has a usable position, a Static when it
 * has any identity or voyage field (name, IMO, callsign, ship type, dimensions, draught,
 * destination). Either both come out or, when the row is bad, neither.
 *
 * Rules, beside those of the AIS standard ("not available" values become null):
 * - a row is rejected as invalid_field when its MMSI is not a whole number from 1 to
 *   999999999, its time does not parse, or its latitude/longitude is text or out of range;
 *   an empty latitude/longitude (or a "no value" word) or the AIS placeholders 91/181 just
 *   mean "no position"; other fields that do not parse are null;
 * - the records' msgType is the AIS message the data would have come in, by station kind:
 *   1 and 5 for Class A, 18 and 24 for Class B, 4 for base stations, 21 for aids to
 *   navigation, 9 for SAR aircraft (CSV exports do not say);
 * - when only overall Length and Width are given (MarineCadastre, DMA rows without A-D),
 *   the antenna is taken to be amidships: to_stern = floor(L/2), to_bow = L - to_stern,
 *   to_starboard = floor(W/2), to_port = W - to_starboard, so bow+stern and port+starboard
 *   give back the length and width exactly;
 * - ship type 0, draught 0 and dimensions 0 are "not available" (null), as in AIS.
 */
import type { Position, Static } from "../model/records.js";
import type { RejectReason } from "../model/stats.js";
import { CLASS_A, navStatusCode, type StationKind, shipTypeCode, stationKind } from "./ais-text-codes.js";
import type { CsvFields } from "./csv-fields.js";
import type { CsvField, CsvFormatSpec } from "./csv-format.js";

/** Receives each good row's records (at least one of them is there when the row had anything to say). */
export type RowSink = (p: Position | null, s: Static | null, line: number) => void;

export class CsvRowMapper {
  private readonly parseTime: (text: string) => number | null;
  private lastStationText = "";
  private lastStation: StationKind = CLASS_A;

  constructor(
    private readonly spec: CsvFormatSpec,
    private readonly ix: Readonly<Record<CsvField, number>>,
    private readonly emit: RowSink,
  ) {
    this.parseTime = spec.timeParser();
  }

  /** Emits the row's records; returns the reject reason instead when the row is bad. */
  map(f: CsvFields, line: number): RejectReason | null {
    const ix = this.ix;
    const mmsi = f.num(ix.mmsi);
    if (mmsi === null || !Number.isInteger(mmsi) || mmsi < 1 || mmsi > 999_999_999) return "invalid_field";
    const t = this.parseTime(f.str(ix.time));
    if (t === null) return "invalid_field";
    let lat = f.num(ix.lat);
    let lon = f.num(ix.lon);
    if (Number.isNaN(lat) && this.isNull(f, ix.lat)) lat = null;
    if (Number.isNaN(lon) && this.isNull(f, ix.lon)) lon = null;
    if (lat !== null && lon !== null) {
      if (lat === 91 || lon === 181) lat = lon = null;
      else if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return "invalid_field"; // NaN too
    } else if (Number.isNaN(lat) || Number.isNaN(lon)) {
      return "invalid_field"; // half a position is no position, but garbage in the half present is bad
    }
    const station = ix.station >= 0 ? this.station(f, ix.station) : CLASS_A;
    const stat = this.staticOf(f, mmsi, t, station);
    let pos: Position | null = null;
    if (lat !== null && lon !== null) {
      const sog = this.number(f, ix.sog);
      const cog = this.number(f, ix.cog);
      const heading = this.number(f, ix.heading);
      pos = {
        mmsi,
        t,
        lat,
        lon,
        sog: sog !== null && sog >= 0 && sog < 102.3 ? sog : null,
        cog: cog !== null && cog >= 0 && cog < 360 ? cog : null,
        heading: heading !== null && heading >= 0 && heading < 360 ? heading : null,
        navStatus: ix.status >= 0 ? this.code(f, ix.status, 15, navStatusCode) : null,
        cls: station.cls,
        msgType: station.positionType,
      };
    }
    this.emit(pos, stat, line);
    return null;
  }

  private staticOf(f: CsvFields, mmsi: number, t: number, station: StationKind): Static | null {
    const ix = this.ix;
    const name = this.text(f, ix.name);
    const callsign = this.text(f, ix.callsign);
    const destination = this.text(f, ix.destination);
    const imo = ix.imo >= 0 && !f.empty(ix.imo) ? imoNumber(f.str(ix.imo)) : null;
    const shipType =
      ix.shipType < 0
        ? null
        : this.code(f, ix.shipType, 99, (text) => shipTypeCode(text, ix.cargo >= 0 ? f.str(ix.cargo) : ""));
    const draught = this.positive(f, ix.draught);
    let toBow = this.positive(f, ix.toBow);
    let toStern = this.positive(f, ix.toStern);
    let toPort = this.positive(f, ix.toPort);
    let toStarboard = this.positive(f, ix.toStarboard);
    if (toBow === null && toStern === null) {
      const length = this.positive(f, ix.length);
      if (length !== null) {
        toStern = Math.floor(length / 2);
        toBow = length - toStern;
      }
    }
    if (toPort === null && toStarboard === null) {
      const width = this.positive(f, ix.width);
      if (width !== null) {
        toStarboard = Math.floor(width / 2);
        toPort = width - toStarboard;
      }
    }
    const any =
      name !== null ||
      callsign !== null ||
      destination !== null ||
      imo !== null ||
      shipType !== null ||
      draught !== null ||
      toBow !== null ||
      toStern !== null ||
      toPort !== null ||
      toStarboard !== null;
    if (!any) return null;
    return {
      mmsi,
      t,
      imo,
      callsign,
      name,
      shipType,
      toBow,
      toStern,
      toPort,
      toStarboard,
      draught,
      destination,
      cls: station.cls,
      msgType: station.staticType,
    };
  }

  /** The station kind, looked up again only when the text changes from the last row's. */
  private station(f: CsvFields, i: number): StationKind {
    if (!f.is(i, this.lastStationText)) {
      this.lastStationText = f.str(i);
      this.lastStation = stationKind(this.lastStationText);
    }
    return this.lastStation;
  }

  /** An AIS code written as a number (0..max, read in place) or in words (through `fromText`). */
  private code(
    f: CsvFields,
    i: number,
    max: number,
    fromText: (text: string) => number | null,
  ): number | null {
    const v = f.num(i);
    if (v === null) return null;
    if (Number.isNaN(v)) return fromText(f.str(i));
    return Number.isInteger(v) && v >= 0 && v <= max && !(max === 99 && v === 0) ? v : null;
  }

  private isNull(f: CsvFields, i: number): boolean {
    const s = f.str(i);
    return s === "" || this.spec.nullWords.has(s);
  }

  /** Trimmed text, or null when absent, empty or one of the format's "no value" words. */
  private text(f: CsvFields, i: number): string | null {
    if (i < 0 || f.empty(i)) return null;
    const s = f.str(i);
    return s === "" || this.spec.nullWords.has(s) ? null : s;
  }

  private number(f: CsvFields, i: number): number | null {
    if (i < 0) return null;
    const v = f.num(i);
    return v === null || Number.isNaN(v) ? null : v;
  }

  private positive(f: CsvFields, i: number): number | null {
    const v = this.number(f, i);
    return v !== null && v > 0 ? v : null;
  }
}

/** IMO number from "9234567" or "IMO9234567"; null when missing, zero or not a number. */
function imoNumber(s: string): number | null {
  const digits = s.startsWith("IMO") ? s.slice(3) : s.replace(/^imo\s*/i, "");
  if (!/^\d{1,9}$/.test(digits)) return null;
  const v = Number(digits);
  return v > 0 ? v : null;
}
