/**
 * One CSV row to records: a Position when the row has a usable position, a Static when it
 * has any identity or voyage field (name, IMO, callsign, ship type, dimensions, draught,
 * destination). Either both come out or, when the row is bad, neither.
 *
 * Rules, beside those of the AIS standard ("not available" values become null):
 * - a row is rejected as invalid_field when its MMSI is not a number from 1 to 999999999,
 *   its time does not parse, or its latitude/longitude is text or out of range; an empty
 *   latitude/longitude or the AIS placeholders 91/181 just mean "no position";
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
  map(f: readonly string[], line: number): RejectReason | null {
    const ix = this.ix;
    const mmsi = integer(f[ix.mmsi]);
    if (mmsi === null || mmsi < 1 || mmsi > 999_999_999) return "invalid_field";
    const t = this.parseTime(f[ix.time].trim());
    if (t === null) return "invalid_field";
    const latText = this.text(f[ix.lat]);
    const lonText = this.text(f[ix.lon]);
    let lat: number | null = null;
    let lon: number | null = null;
    if (latText !== null && lonText !== null) {
      lat = Number(latText);
      lon = Number(lonText);
      if (lat === 91 || lon === 181) {
        lat = lon = null;
      } else if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        return "invalid_field"; // also catches NaN
      }
    } else if (latText !== null || lonText !== null) {
      // Half a position is no position; only say so when the half present is garbage.
      if (Number.isNaN(Number(latText ?? lonText))) return "invalid_field";
    }
    const station = this.station(ix.station >= 0 ? f[ix.station] : "");
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
        navStatus: ix.status >= 0 ? navStatusCode(f[ix.status]) : null,
        cls: station.cls,
        msgType: station.positionType,
      };
    }
    this.emit(pos, stat, line);
    return null;
  }

  private staticOf(f: readonly string[], mmsi: number, t: number, station: StationKind): Static | null {
    const ix = this.ix;
    const name = ix.name >= 0 ? this.text(f[ix.name]) : null;
    const callsign = ix.callsign >= 0 ? this.text(f[ix.callsign]) : null;
    const destination = ix.destination >= 0 ? this.text(f[ix.destination]) : null;
    const imo = ix.imo >= 0 ? imoNumber(f[ix.imo]) : null;
    const shipType = ix.shipType >= 0 ? shipTypeCode(f[ix.shipType], ix.cargo >= 0 ? f[ix.cargo] : "") : null;
    const draught = this.positive(f, ix.draught);
    let toBow = this.positive(f, ix.toBow);
    let toStern = this.positive(f, ix.toStern);
    let toPort = this.positive(f, ix.toPort);
    let toStarboard = this.positive(f, ix.toStarboard);
    if (toBow === null && toStern === null) {
      const length = this.positive(f, ix.length);
      toStern = length === null ? null : Math.floor(length / 2);
      toBow = length === null ? null : length - (toStern as number);
    }
    if (toPort === null && toStarboard === null) {
      const width = this.positive(f, ix.width);
      toStarboard = width === null ? null : Math.floor(width / 2);
      toPort = width === null ? null : width - (toStarboard as number);
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

  private station(text: string): StationKind {
    if (text !== this.lastStationText) {
      this.lastStationText = text;
      this.lastStation = stationKind(text);
    }
    return this.lastStation;
  }

  /** Trimmed text, or null when empty or one of the format's "no value" words. */
  private text(raw: string): string | null {
    const s = raw.trim();
    return s === "" || this.spec.nullWords.has(s) ? null : s;
  }

  private number(f: readonly string[], i: number): number | null {
    if (i < 0) return null;
    const s = f[i];
    if (s === "") return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
  }

  private positive(f: readonly string[], i: number): number | null {
    const v = this.number(f, i);
    return v !== null && v > 0 ? v : null;
  }
}

/** A whole number written in plain digits, or null. */
function integer(s: string): number | null {
  const t = s.trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : null;
}

/** IMO number from "9234567" or "IMO9234567"; null when missing, zero or not a number. */
function imoNumber(s: string): number | null {
  const t = s.trim();
  const v = integer(t.length > 3 && (t[0] === "I" || t[0] === "i") ? t.replace(/^imo\s*/i, "") : t);
  return v !== null && v > 0 && v <= 999_999_999 ? v : null;
}
