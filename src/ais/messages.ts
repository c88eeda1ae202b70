/**
 * One decoder per AIS message type, reading fields in the order of the ITU-R M.1371-5
 * message tables (offset, length) so each line can be checked against the standard.
 * Units are scaled to degrees, knots and metres; "not available" sentinels become null.
 * Each function returns null when the payload is too short for its type.
 */
import type {
  AidToNavigationReport,
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
} from "../model/ais.js";
import { type BitReader, trimSixbit } from "./bits.js";

/** The fields every message starts with, plus where and when it was received. */
interface Header {
  repeat: number;
  mmsi: number;
  rxtime: number | null;
  station: string | null;
}

/** Minimum payload bits per supported type (ITU-R M.1371-5). */
export const MIN_BITS: Readonly<Record<number, number>> = {
  1: 168,
  2: 168,
  3: 168,
  4: 168,
  5: 424,
  9: 168,
  11: 168,
  18: 168,
  19: 312,
  21: 272,
  24: 160,
  27: 96,
};

/** Longitude in 1/10000 minute: 181° means not available. */
function lon4(b: BitReader, start: number): number | null {
  const raw = b.s(start, 28);
  return raw === 108_600_000 || raw > 108_000_000 || raw < -108_000_000 ? null : raw / 600_000;
}

/** Latitude in 1/10000 minute: 91° means not available. */
function lat4(b: BitReader, start: number): number | null {
  const raw = b.s(start, 27);
  return raw === 54_600_000 || raw > 54_000_000 || raw < -54_000_000 ? null : raw / 600_000;
}

/** Speed over ground in 1/10 knot: 1023 means not available. */
function speed10(b: BitReader, start: number): number | null {
  const raw = b.u(start, 10);
  return raw === 1023 ? null : raw / 10;
}

/** Course over ground in 1/10 degree: 3600 means not available (and above it is invalid). */
function course10(b: BitReader, start: number): number | null {
  const raw = b.u(start, 12);
  return raw >= 3600 ? null : raw / 10;
}

/** True heading in degrees: 511 means not available. */
function heading(b: BitReader, start: number): number | null {
  const raw = b.u(start, 9);
  return raw > 359 ? null : raw;
}

/**
 * Rate of turn, degrees per minute, as gpsd scales it: ROT_AIS = 4.733·√ROT, rounded.
 * -128 is "not available" (null); ±127 ("turning faster than 5° per 30 s", no sensor)
 * has no figure, so it is given as ±720, above every measurable value (±708).
 */
function turn(b: BitReader, start: number): number | null {
  const raw = b.s(start, 8);
  if (raw === -128) return null;
  if (raw === 127 || raw === -127) return raw > 0 ? 720 : -720;
  const rot = Math.round((raw / 4.733) ** 2);
  return raw < 0 ? -rot : rot;
}

function positionReportA(b: BitReader, type: 1 | 2 | 3, h: Header): PositionReportA {
  return {
    class: "AIS",
    type,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    status: b.u(38, 4),
    turn: turn(b, 42),
    speed: speed10(b, 50),
    accuracy: b.flag(60),
    lon: lon4(b, 61),
    lat: lat4(b, 89),
    course: course10(b, 116),
    heading: heading(b, 128),
    second: b.u(137, 6),
    maneuver: b.u(143, 2),
    raim: b.flag(148),
    radio: b.u(149, 19),
  };
}

function baseStationReport(b: BitReader, type: 4 | 11, h: Header): BaseStationReport {
  return {
    class: "AIS",
    type,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    year: b.u(38, 14),
    month: b.u(52, 4),
    day: b.u(56, 5),
    hour: b.u(61, 5),
    minute: b.u(66, 6),
    second: b.u(72, 6),
    accuracy: b.flag(78),
    lon: lon4(b, 79),
    lat: lat4(b, 107),
    epfd: b.u(134, 4),
    raim: b.flag(148),
    radio: b.u(149, 19),
  };
}

function staticVoyageData(b: BitReader, h: Header): StaticVoyageData {
  return {
    class: "AIS",
    type: 5,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    ais_version: b.u(38, 2),
    imo: b.u(40, 30),
    callsign: b.text(70, 7),
    shipname: b.text(112, 20),
    shiptype: b.u(232, 8),
    to_bow: b.u(240, 9),
    to_stern: b.u(249, 9),
    to_port: b.u(258, 6),
    to_starboard: b.u(264, 6),
    epfd: b.u(270, 4),
    month: b.u(274, 4),
    day: b.u(278, 5),
    hour: b.u(283, 5),
    minute: b.u(288, 6),
    draught: b.u(294, 8) / 10,
    destination: b.text(302, 20),
    dte: b.u(422, 1),
  };
}

function sarAircraftReport(b: BitReader, h: Header): SarAircraftReport {
  const alt = b.u(38, 12);
  const speed = b.u(50, 10);
  return {
    class: "AIS",
    type: 9,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    alt: alt === 4095 ? null : alt,
    speed: speed === 1023 ? null : speed,
    accuracy: b.flag(60),
    lon: lon4(b, 61),
    lat: lat4(b, 89),
    course: course10(b, 116),
    second: b.u(128, 6),
    regional: b.u(134, 8),
    dte: b.u(142, 1),
    assigned: b.flag(146),
    raim: b.flag(147),
    radio: b.u(148, 20),
  };
}

function positionReportB(b: BitReader, h: Header): PositionReportB {
  return {
    class: "AIS",
    type: 18,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    reserved: b.u(38, 8),
    speed: speed10(b, 46),
    accuracy: b.flag(56),
    lon: lon4(b, 57),
    lat: lat4(b, 85),
    course: course10(b, 112),
    heading: heading(b, 124),
    second: b.u(133, 6),
    regional: b.u(139, 2),
    cs: b.flag(141),
    display: b.flag(142),
    dsc: b.flag(143),
    band: b.flag(144),
    msg22: b.flag(145),
    assigned: b.flag(146),
    raim: b.flag(147),
    radio: b.u(148, 20),
  };
}

function extendedReportB(b: BitReader, h: Header): ExtendedReportB {
  return {
    class: "AIS",
    type: 19,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    reserved: b.u(38, 8),
    speed: speed10(b, 46),
    accuracy: b.flag(56),
    lon: lon4(b, 57),
    lat: lat4(b, 85),
    course: course10(b, 112),
    heading: heading(b, 124),
    second: b.u(133, 6),
    regional: b.u(139, 4),
    shipname: b.text(143, 20),
    shiptype: b.u(263, 8),
    to_bow: b.u(271, 9),
    to_stern: b.u(280, 9),
    to_port: b.u(289, 6),
    to_starboard: b.u(295, 6),
    epfd: b.u(301, 4),
    raim: b.flag(305),
    dte: b.u(306, 1),
    assigned: b.flag(307),
  };
}

function aidToNavigationReport(b: BitReader, h: Header): AidToNavigationReport {
  // Names longer than 20 characters continue in an extension of up to 14 characters after
  // bit 272; the 20-character field is joined untrimmed, as gpsd does, then cut and trimmed.
  const extensionChars = Math.min(14, Math.floor((b.length - 272) / 6));
  const name = extensionChars > 0 ? b.rawText(43, 20) + b.rawText(272, extensionChars) : b.rawText(43, 20);
  return {
    class: "AIS",
    type: 21,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    aid_type: b.u(38, 5),
    name: trimSixbit(name),
    accuracy: b.flag(163),
    lon: lon4(b, 164),
    lat: lat4(b, 192),
    to_bow: b.u(219, 9),
    to_stern: b.u(228, 9),
    to_port: b.u(237, 6),
    to_starboard: b.u(243, 6),
    epfd: b.u(249, 4),
    second: b.u(253, 6),
    off_position: b.flag(259),
    regional: b.u(260, 8),
    raim: b.flag(268),
    virtual_aid: b.flag(269),
    assigned: b.flag(270),
  };
}

/** An MMSI of the form 98MIDxxxx is an auxiliary craft of a mother ship (ITU-R M.585). */
function isAuxiliaryCraft(mmsi: number): boolean {
  return Math.floor(mmsi / 10_000_000) === 98;
}

function staticDataReport(b: BitReader, h: Header): StaticDataReportA | StaticDataReportB | null {
  const partno = b.u(38, 2);
  if (partno === 0) {
    const { repeat, mmsi, rxtime, station } = h;
    return { class: "AIS", type: 24, repeat, mmsi, rxtime, station, partno: 0, shipname: b.text(40, 20) };
  }
  if (partno !== 1 || b.length < 168) return null;
  const msg: StaticDataReportB = {
    class: "AIS",
    type: 24,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    partno: 1,
    shiptype: b.u(40, 8),
    vendorid: b.text(48, 3),
    model: b.u(66, 4),
    serial: b.u(70, 20),
    callsign: b.text(90, 7),
  };
  if (isAuxiliaryCraft(h.mmsi)) {
    msg.mothership_mmsi = b.u(132, 30);
  } else {
    msg.to_bow = b.u(132, 9);
    msg.to_stern = b.u(141, 9);
    msg.to_port = b.u(150, 6);
    msg.to_starboard = b.u(156, 6);
  }
  return msg;
}

function longRangeReport(b: BitReader, h: Header): LongRangeReport {
  // Positions in 1/10 minute: 181° and 91° are "not available".
  const lonRaw = b.s(44, 18);
  const latRaw = b.s(62, 17);
  const speed = b.u(79, 6);
  const course = b.u(85, 9);
  return {
    class: "AIS",
    type: 27,
    repeat: h.repeat,
    mmsi: h.mmsi,
    rxtime: h.rxtime,
    station: h.station,
    accuracy: b.flag(38),
    raim: b.flag(39),
    status: b.u(40, 4),
    lon: lonRaw === 108_600 || Math.abs(lonRaw) > 108_000 ? null : lonRaw / 600,
    lat: latRaw === 54_600 || Math.abs(latRaw) > 54_000 ? null : latRaw / 600,
    speed: speed === 63 ? null : speed,
    course: course > 359 ? null : course,
    gnss: b.flag(94),
  };
}

/**
 * Decodes a complete payload whose type is supported and whose length has been checked
 * against MIN_BITS. Returns null when a field makes the message invalid (type 24 part 2/3).
 */
export function decodeMessage(
  b: BitReader,
  type: number,
  rxtime: number | null,
  station: string | null,
): AisMessage | null {
  const h: Header = { repeat: b.u(6, 2), mmsi: b.u(8, 30), rxtime, station };
  switch (type) {
    case 1:
    case 2:
    case 3:
      return positionReportA(b, type, h);
    case 4:
    case 11:
      return baseStationReport(b, type, h);
    case 5:
      return staticVoyageData(b, h);
    case 9:
      return sarAircraftReport(b, h);
    case 18:
      return positionReportB(b, h);
    case 19:
      return extendedReportB(b, h);
    case 21:
      return aidToNavigationReport(b, h);
    case 24:
      return staticDataReport(b, h);
    case 27:
      return longRangeReport(b, h);
    default:
      return null;
  }
}
