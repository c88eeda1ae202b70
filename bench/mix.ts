/**
 * Random AIS messages of every supported type, and writeMixFile: a feed-like file of N
 * sentences (about 80% types 1-3, 10% type 18, 5% two-part type 5, the rest 4, 21 and 24),
 * streamed to disk for the benchmarks. The test corpus (test/support/corpus.ts) builds on the
 * same generators. Deterministic: seeded PRNG, never Math.random.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { writeSentences } from "../src/ais/encode.js";
import type {
  AidToNavigationReport,
  AisBase,
  AisMessage,
  BaseStationReport,
  ExtendedReportB,
  LongRangeReport,
  PositionReportA,
  PositionReportB,
  SarAircraftReport,
  StaticDataReportA,
  StaticDataReportB,
  StaticVoyageData,
} from "../src/model/ais.js";
import { Prng } from "../src/util/prng.js";

const NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -";
const EPOCH_2024 = 1_704_067_200_000;
export const STATIONS = ["rORBCOMM000", "2573135", "AISHUB-12", "terr-kr-01"];

export function text(rng: Prng, min: number, max: number, alphabet = NAME_CHARS): string {
  let out = "";
  const n = rng.int(min, max);
  for (let k = 0; k < n; k++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** A ship MMSI (MID 201-775); prefix 98 makes it an auxiliary craft, 00 a base station, 99 an aid to navigation. */
export function mmsi(rng: Prng, kind: "ship" | "aux" | "base" | "aton" = "ship"): number {
  const mid = rng.int(201, 775);
  switch (kind) {
    case "ship":
      return mid * 1_000_000 + rng.int(0, 999_999);
    case "aux":
      return 980_000_000 + mid * 10_000 + rng.int(0, 9999);
    case "base":
      return mid * 10_000 + rng.int(0, 9999);
    case "aton":
      return 990_000_000 + mid * 10_000 + rng.int(0, 9999);
  }
}

/** Header fields; about half the messages carry a tag block (receive time and station). */
export function base(rng: Prng, kind?: Parameters<typeof mmsi>[1]): Omit<AisBase, "type"> {
  const tagged = rng.bool();
  return {
    class: "AIS",
    repeat: rng.int(0, 3),
    mmsi: mmsi(rng, kind),
    rxtime: tagged ? EPOCH_2024 + rng.int(0, 31_000_000) * 1000 : null,
    station: tagged && rng.bool(0.8) ? rng.pick(STATIONS) : null,
  };
}

/** Sometimes null: the "not available" value of the field. */
function maybe<T>(rng: Prng, value: T, pNull = 0.1): T | null {
  return rng.bool(pNull) ? null : value;
}

export const lat = (rng: Prng) => rng.int(-54_000_000, 54_000_000) / 600_000;
export const lon = (rng: Prng) => rng.int(-108_000_000, 108_000_000) / 600_000;

export function positionA(rng: Prng, type: 1 | 2 | 3): PositionReportA {
  return {
    ...base(rng),
    type,
    status: rng.int(0, 15),
    turn: maybe(rng, rng.int(-720, 720)),
    speed: maybe(rng, rng.int(0, 1022) / 10),
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    course: maybe(rng, rng.int(0, 3599) / 10),
    heading: maybe(rng, rng.int(0, 359)),
    second: rng.int(0, 63),
    maneuver: rng.int(0, 2),
    raim: rng.bool(),
    radio: rng.int(0, 2 ** 19 - 1),
  };
}

export function baseStation(rng: Prng, type: 4 | 11): BaseStationReport {
  return {
    ...base(rng, "base"),
    type,
    year: rng.int(2000, 2030),
    month: rng.int(1, 12),
    day: rng.int(1, 28),
    hour: rng.int(0, 23),
    minute: rng.int(0, 59),
    second: rng.int(0, 59),
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    epfd: rng.int(0, 15),
    raim: rng.bool(),
    radio: rng.int(0, 2 ** 19 - 1),
  };
}

export function staticVoyage(rng: Prng): StaticVoyageData {
  return {
    ...base(rng),
    type: 5,
    ais_version: rng.int(0, 3),
    imo: rng.bool(0.8) ? rng.int(1_000_000, 9_999_999) : 0,
    callsign: text(rng, 0, 7),
    shipname: text(rng, 0, 20),
    shiptype: rng.int(0, 99),
    to_bow: rng.int(0, 511),
    to_stern: rng.int(0, 511),
    to_port: rng.int(0, 63),
    to_starboard: rng.int(0, 63),
    epfd: rng.int(0, 15),
    month: rng.int(0, 12),
    day: rng.int(0, 31),
    hour: rng.int(0, 24),
    minute: rng.int(0, 60),
    draught: rng.int(0, 255) / 10,
    destination: text(rng, 0, 20),
    dte: rng.int(0, 1),
  };
}

export function sarAircraft(rng: Prng): SarAircraftReport {
  return {
    ...base(rng),
    mmsi: 111_000_000 + rng.int(201_000, 775_999),
    type: 9,
    alt: maybe(rng, rng.int(0, 4094)),
    speed: maybe(rng, rng.int(0, 1022)),
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    course: maybe(rng, rng.int(0, 3599) / 10),
    second: rng.int(0, 63),
    regional: rng.int(0, 255),
    dte: rng.int(0, 1),
    assigned: rng.bool(),
    raim: rng.bool(),
    radio: rng.int(0, 2 ** 20 - 1),
  };
}

export function positionB(rng: Prng): PositionReportB {
  return {
    ...base(rng),
    type: 18,
    reserved: rng.int(0, 255),
    speed: maybe(rng, rng.int(0, 1022) / 10),
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    course: maybe(rng, rng.int(0, 3599) / 10),
    heading: maybe(rng, rng.int(0, 359)),
    second: rng.int(0, 63),
    regional: rng.int(0, 3),
    cs: rng.bool(),
    display: rng.bool(),
    dsc: rng.bool(),
    band: rng.bool(),
    msg22: rng.bool(),
    assigned: rng.bool(),
    raim: rng.bool(),
    radio: rng.int(0, 2 ** 20 - 1),
  };
}

export function extendedB(rng: Prng): ExtendedReportB {
  return {
    ...base(rng),
    type: 19,
    reserved: rng.int(0, 255),
    speed: maybe(rng, rng.int(0, 1022) / 10),
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    course: maybe(rng, rng.int(0, 3599) / 10),
    heading: maybe(rng, rng.int(0, 359)),
    second: rng.int(0, 63),
    regional: rng.int(0, 15),
    shipname: text(rng, 0, 20),
    shiptype: rng.int(0, 99),
    to_bow: rng.int(0, 511),
    to_stern: rng.int(0, 511),
    to_port: rng.int(0, 63),
    to_starboard: rng.int(0, 63),
    epfd: rng.int(0, 15),
    raim: rng.bool(),
    dte: rng.int(0, 1),
    assigned: rng.bool(),
  };
}

export function longRange(rng: Prng): LongRangeReport {
  return {
    ...base(rng),
    type: 27,
    accuracy: rng.bool(),
    raim: rng.bool(),
    status: rng.int(0, 15),
    lon: maybe(rng, rng.int(-108_000, 108_000) / 600),
    lat: maybe(rng, rng.int(-54_000, 54_000) / 600),
    speed: maybe(rng, rng.int(0, 62)),
    course: maybe(rng, rng.int(0, 359)),
    gnss: rng.bool(),
  };
}

export function randomMessage(rng: Prng, type: number): AisMessage {
  switch (type) {
    case 1:
    case 2:
    case 3:
      return positionA(rng, type);
    case 4:
    case 11:
      return baseStation(rng, type);
    case 5:
      return staticVoyage(rng);
    case 9:
      return sarAircraft(rng);
    case 18:
      return positionB(rng);
    case 19:
      return extendedB(rng);
    case 21:
      return aidToNavigation(rng, text(rng, 1, 34));
    case 24:
      return rng.bool() ? staticA(rng, mmsi(rng)) : staticB(rng, mmsi(rng, rng.bool(0.3) ? "aux" : "ship"));
    case 27:
      return longRange(rng);
    default:
      throw new Error(`no generator for AIS type ${type}`);
  }
}

export function aidToNavigation(rng: Prng, name: string): AidToNavigationReport {
  return {
    ...base(rng, "aton"),
    type: 21,
    aid_type: rng.int(0, 31),
    name,
    accuracy: rng.bool(),
    lon: maybe(rng, lon(rng)),
    lat: maybe(rng, lat(rng)),
    to_bow: rng.int(0, 511),
    to_stern: rng.int(0, 511),
    to_port: rng.int(0, 63),
    to_starboard: rng.int(0, 63),
    epfd: rng.int(0, 15),
    second: rng.int(0, 63),
    off_position: rng.bool(),
    regional: rng.int(0, 255),
    raim: rng.bool(),
    virtual_aid: rng.bool(),
    assigned: rng.bool(),
  };
}

export function staticA(rng: Prng, id: number): StaticDataReportA {
  return { ...base(rng), mmsi: id, type: 24, partno: 0, shipname: text(rng, 0, 20) };
}

export function staticB(rng: Prng, id: number): StaticDataReportB {
  const msg: StaticDataReportB = {
    ...base(rng),
    mmsi: id,
    type: 24,
    partno: 1,
    shiptype: rng.int(0, 99),
    vendorid: text(rng, 0, 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    model: rng.int(0, 15),
    serial: rng.int(0, 2 ** 20 - 1),
    callsign: text(rng, 0, 7),
  };
  if (Math.floor(id / 10_000_000) === 98) msg.mothership_mmsi = mmsi(rng);
  else {
    msg.to_bow = rng.int(0, 511);
    msg.to_stern = rng.int(0, 511);
    msg.to_port = rng.int(0, 63);
    msg.to_starboard = rng.int(0, 63);
  }
  return msg;
}

interface Vessel {
  mmsi: number;
  lat: number;
  lon: number;
  speed: number;
  course: number;
  name: string;
  callsign: string;
  /** Degrees moved per report, kept until course or speed change (trigonometry per report was a third of the cost). */
  dLat: number;
  dLon: number;
}

export interface MixOptions {
  /** Prefix every line with a tag block `\s:station,c:secs*hh\` (default true). */
  tagBlocks?: boolean;
  /** Number of distinct vessels (default 20000). */
  vessels?: number;
}

/**
 * Writes `sentences` NMEA lines of a realistic feed mix to `path`, streaming in 1 MB
 * blocks so memory stays flat. Of the messages, about 80% are position reports (types
 * 1-3), 10% Class B (type 18), 5% two-part static data (type 5), the rest base stations
 * (4), aids to navigation (21) and Class B static data (24, part A followed by part B).
 * Vessels keep their identity and move slightly between reports. gpsd pairs type 24
 * halves across channels only partly: run `gpsdecode -s` to get every half back.
 */
export function writeMixFile(
  path: string,
  sentences: number,
  seed = 1,
  opts: MixOptions = {},
): { sentences: number; messages: number; bytes: number } {
  const rng = new Prng(seed);
  const tagBlocks = opts.tagBlocks ?? true;
  const fleet: Vessel[] = Array.from({ length: opts.vessels ?? 20_000 }, () => ({
    mmsi: mmsi(rng),
    lat: rng.int(-60, 60) + rng.next(),
    lon: rng.int(-179, 178) + rng.next(),
    speed: rng.int(0, 200) / 10,
    course: rng.int(0, 3599) / 10,
    name: text(rng, 3, 20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ "),
    callsign: text(rng, 4, 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    dLat: 0,
    dLon: 0,
  }));
  for (const v of fleet) steer(v);
  // Reused records, mutated per message: the simulator's pattern, light on allocation.
  const posA = positionA(rng, 1);
  const posB = positionB(rng);
  const voyage = staticVoyage(rng);
  const station = baseStation(rng, 4);
  const aton = aidToNavigation(rng, "BUOY");
  const partA = staticA(rng, 0);
  const partB = staticB(rng, 0);
  for (const m of [posA, posB, voyage, station, aton, partA, partB]) m.station = null;
  partB.repeat = partA.repeat;

  const fd = openSync(path, "w");
  const block = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  let bytes = 0;
  let written = 0;
  let messages = 0;
  let seconds = 1_704_067_200;
  let seqId = 0;
  let partBNext = false;
  try {
    while (written < sentences) {
      const v = fleet[rng.int(0, fleet.length - 1)];
      const roll = rng.next();
      let msg: AisMessage;
      if (partBNext) {
        msg = partB;
        partBNext = false;
      } else if (roll < 0.05 && sentences - written >= 2) {
        voyage.mmsi = v.mmsi;
        voyage.shipname = v.name;
        voyage.callsign = v.callsign;
        msg = voyage;
      } else if (roll < 0.15) {
        move(rng, v);
        posB.mmsi = v.mmsi;
        posB.lat = v.lat;
        posB.lon = v.lon;
        posB.speed = v.speed;
        posB.course = v.course;
        posB.heading = Math.round(v.course) % 360;
        posB.second = seconds % 60;
        msg = posB;
      } else if (roll < 0.955) {
        move(rng, v);
        posA.type = (1 + (messages % 3)) as 1 | 2 | 3;
        posA.mmsi = v.mmsi;
        posA.lat = v.lat;
        posA.lon = v.lon;
        posA.speed = v.speed;
        posA.course = v.course;
        posA.heading = Math.round(v.course) % 360;
        posA.turn = rng.int(-20, 20);
        posA.second = seconds % 60;
        msg = posA;
      } else if (roll < 0.975) {
        station.second = seconds % 60;
        msg = station;
      } else if (roll < 0.985) {
        msg = aton;
      } else {
        // Class B static data comes in pairs: part A now, part B as the next message.
        partA.mmsi = v.mmsi;
        partB.mmsi = v.mmsi;
        msg = partA;
        partBNext = true;
      }
      if (rng.bool(0.3)) seconds++;
      const tag = tagBlocks ? { s: STATIONS[messages % STATIONS.length], c: seconds } : undefined;
      if (used > block.length - 1024) {
        bytes += writeSync(fd, block, 0, used);
        used = 0;
      }
      used = writeSentences(msg, block, used, {
        channel: messages % 2 === 0 ? "A" : "B",
        seqId,
        tagBlock: tag,
      });
      if (msg.type === 5) {
        seqId = (seqId + 1) % 10;
        written += 2;
      } else written++;
      messages++;
    }
    bytes += writeSync(fd, block, 0, used);
  } finally {
    closeSync(fd);
  }
  return { sentences: written, messages, bytes };
}

/** Sets a vessel's step per report from its course and speed: about a minute's run. */
function steer(v: Vessel): void {
  const step = v.speed / 60 / 60; // nautical miles per minute, in degrees of latitude
  const rad = (v.course * Math.PI) / 180;
  v.dLat = step * Math.cos(rad);
  v.dLon = (step * Math.sin(rad)) / Math.max(0.1, Math.cos((v.lat * Math.PI) / 180));
}

/** Moves a vessel one step along its course, turning and changing speed now and then. */
function move(rng: Prng, v: Vessel): void {
  v.lat = Math.max(-89, Math.min(89, v.lat + v.dLat));
  v.lon += v.dLon;
  if (v.lon > 180) v.lon -= 360;
  if (v.lon < -180) v.lon += 360;
  const turn = rng.bool(0.05);
  if (turn) v.course = rng.int(0, 3599) / 10;
  const change = rng.bool(0.05);
  if (change) v.speed = rng.int(0, 200) / 10;
  if (turn || change) steer(v);
}
