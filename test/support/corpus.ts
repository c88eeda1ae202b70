/**
 * The deterministic differential corpus, built with the encoder from a seeded PRNG: every
 * supported message type with random values (bench/mix.ts generators) plus hand-picked
 * edge cases (not-available sentinels, extreme and negative positions, every six-bit
 * character, '@' and space padding, two-part type 5, Class B, type 24 parts A and B of an
 * auxiliary craft, every raw rate-of-turn value, out-of-range raw fields only a payload
 * written bit by bit can carry). The differential tests run it through darkfleet, gpsd and libais.
 */

import {
  aidToNavigation,
  baseStation,
  extendedB,
  longRange,
  mmsi,
  positionA,
  positionB,
  randomMessage,
  sarAircraft,
  staticA,
  staticB,
  staticVoyage,
} from "../../bench/mix.js";
import { BitWriter, bitsToSentences, toSentences } from "../../src/ais/encode.js";
import { quantise } from "../../src/ais/encode-quantise.js";
import type { AisMessage, PositionReportA, StaticVoyageData } from "../../src/model/ais.js";
import { Prng } from "../../src/util/prng.js";

/** Six-bit text alphabet in value order; '@' (0) is padding. */
const SIXBIT_CHARS = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/** Hand-picked edge cases, as records (they encode without loss once quantised). */
function edgeMessages(rng: Prng): AisMessage[] {
  const pos = (o: Partial<PositionReportA>): PositionReportA => ({ ...positionA(rng, 1), ...o });
  const out: AisMessage[] = [
    pos({ turn: null, speed: null, lon: null, lat: null, course: null, heading: null }),
    pos({ turn: 720, speed: 102.2, lon: 180, lat: 90, course: 359.9, heading: 359, second: 59 }),
    pos({ turn: -720, speed: 0, lon: -180, lat: -90, course: 0, heading: 0, second: 60 }),
    pos({ type: 2, lon: -0.0000016667, lat: -0.0000016667, second: 63 }),
    pos({ type: 3, lon: -73.9876543, lat: -33.8765432, speed: 0.1 }),
  ];
  // Every navigational status, and every raw rate-of-turn indicator (ROT = (ROT_AIS / 4.733)²).
  for (let status = 0; status <= 15; status++) out.push(pos({ status }));
  for (let r = -126; r <= 126; r++) out.push(pos({ turn: Math.sign(r) * (r / 4.733) ** 2 }));

  const voyage = (o: Partial<StaticVoyageData>): StaticVoyageData => ({ ...staticVoyage(rng), ...o });
  out.push(
    // Every six-bit character except '@' (the padding), trailing spaces, '@' mid-text, not-available ETA.
    voyage({
      callsign: "IJKLMNO",
      shipname: SIXBIT_CHARS.slice(1, 21),
      destination: SIXBIT_CHARS.slice(21, 41),
    }),
    voyage({ callsign: "A1@B2", shipname: SIXBIT_CHARS.slice(41), destination: "BUSAN   " }),
    voyage({
      callsign: "",
      shipname: " LEADING SPACE",
      destination: "",
      month: 0,
      day: 0,
      hour: 24,
      minute: 60,
    }),
    voyage({
      callsign: "7CHARSX",
      shipname: "TWENTY CHARACTERS XX",
      destination: "NAMPO@@@@",
      draught: 25.5,
    }),
    voyage({ imo: 0, draught: 0, shipname: "PADDED WITH SPACES  " }),
  );
  out.push(
    { ...sarAircraft(rng), alt: null, speed: null, lon: null, lat: null, course: null },
    { ...sarAircraft(rng), alt: 4094, speed: 1022, lon: -180, lat: 90 },
    { ...positionB(rng), speed: null, lon: null, lat: null, course: null, heading: null },
    { ...positionB(rng), speed: 102.2, lon: 179.9999983, lat: -89.9999983, course: 359.9, heading: 359 },
    { ...extendedB(rng), shipname: SIXBIT_CHARS.slice(32, 52) },
    baseStation(rng, 4),
    {
      ...baseStation(rng, 4),
      year: 0,
      month: 0,
      day: 0,
      hour: 24,
      minute: 60,
      second: 60,
      lon: null,
      lat: null,
    },
    { ...baseStation(rng, 11), year: 16383, month: 15, day: 31, hour: 31, minute: 63, second: 63 },
  );
  // Aids to navigation: name exactly 20, with the longest extension, ending in spaces, with a space at 20.
  out.push(
    aidToNavigation(rng, "TWENTY CHARACTERS XX"),
    aidToNavigation(rng, "BUOY NO 1 CHANNEL ENTRANCE NORTH X"),
    aidToNavigation(rng, "BEACON 21 CHARACTERS"),
    aidToNavigation(rng, "LIGHT   "),
    aidToNavigation(rng, "ABCDEFGHIJKLMNOPQRS UVW"),
  );
  // Class B static data: parts A and B of a ship, and of its auxiliary craft (MMSI 98xxxxxxx).
  const ship = mmsi(rng);
  const aux = mmsi(rng, "aux");
  out.push(
    staticA(rng, ship),
    { ...staticB(rng, ship), vendorid: "SRT", callsign: "DS1234" },
    { ...staticA(rng, aux), shipname: "TENDER 1" },
    { ...staticB(rng, aux), mothership_mmsi: ship },
    {
      ...staticB(rng, mmsi(rng)),
      vendorid: "",
      callsign: "",
      to_bow: 0,
      to_stern: 0,
      to_port: 0,
      to_starboard: 0,
    },
  );
  out.push(
    { ...longRange(rng), lon: null, lat: null, speed: null, course: null },
    { ...longRange(rng), lon: -180, lat: -90, speed: 62, course: 359 },
    { ...longRange(rng), lon: 126.5833, lat: 39.0333, speed: 0, course: 0 },
  );
  return out;
}

/** Supported types, each generated `perType` times (type 24 counts A and B together). */
const TYPES = [1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27];

/** The corpus as records, exactly as a correct decoder returns them (values already quantised). */
export function corpusMessages(seed = 1, perType = 30): AisMessage[] {
  const rng = new Prng(seed);
  const out = edgeMessages(rng);
  for (const type of TYPES) for (let k = 0; k < perType; k++) out.push(randomMessage(rng, type));
  return out.map(quantise);
}

/**
 * Renders messages as NMEA lines: a tag block when the record has a receive time or
 * station, talkers and channels varied, and each multi-sentence message given the next
 * sequence id (0-9, from `firstSeqId`) so that ids vary as in a real feed.
 */
export function renderLines(messages: readonly AisMessage[], firstSeqId = 0): string[] {
  const lines: string[] = [];
  const talkers = ["AI", "AI", "AB", "BS"] as const;
  let seqId = firstSeqId;
  messages.forEach((msg, i) => {
    const tag =
      msg.rxtime === null && msg.station === null
        ? undefined
        : {
            ...(msg.station === null ? {} : { s: msg.station }),
            ...(msg.rxtime === null ? {} : { c: msg.rxtime / 1000 }),
          };
    const sentences = toSentences(msg, {
      talker: talkers[i % talkers.length],
      kind: i % 7 === 6 ? "VDO" : "VDM",
      channel: i % 2 === 0 ? "A" : "B",
      seqId,
      tagBlock: tag,
    });
    if (sentences.length > 1) seqId = (seqId + 1) % 10;
    lines.push(...sentences);
  });
  return lines;
}

/**
 * Sentences no record can produce, written field by field: raw values outside their
 * range (course 360.1-409.5, heading 360-510, latitude above 91°, longitude above
 * 181°), which receivers must still read and treat as not available.
 */
function outOfRangeSentences(): string[] {
  const w = new BitWriter();
  const rows: Array<[number, number, number, number]> = [
    // [course raw, heading raw, lat raw, lon raw]
    [3601, 360, 54_000_001, 108_000_001],
    [4095, 510, -54_000_001, -108_000_001],
    [3700, 400, 60_000_000, 120_000_000],
  ];
  return rows.flatMap(([course, heading, latRaw, lonRaw], i) => {
    w.reset();
    w.u(1, 6);
    w.u(0, 2);
    w.u(244_000_000 + i, 30);
    w.u(0, 4); // status
    w.s(0, 8); // turn
    w.u(55, 10); // speed 5.5
    w.flag(false);
    w.s(lonRaw, 28);
    w.s(latRaw, 27);
    w.u(course, 12);
    w.u(heading, 9);
    w.u(30, 6);
    w.u(0, 2 + 3);
    w.flag(false);
    w.u(0, 19);
    return bitsToSentences(w);
  });
}

/**
 * Real-world sentences, widely circulated as examples (the first and the type 5 appear
 * in gpsd's AIVDM documentation): their text is padded with spaces rather than '@'.
 * Five messages: types 1 (two), 5 (two sentences) and 24 parts A and B.
 */
const REAL_WORLD_SENTENCES: readonly string[] = [
  "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C",
  "!AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26",
  "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C",
  "!AIVDM,2,2,1,A,88888888880,2*25",
  "!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D",
  "!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0*40",
];

/** The differential corpus as NMEA lines: the records of corpusMessages, the out-of-range and the real-world sentences. */
export function corpusLines(seed = 1, perType = 30): string[] {
  return [...renderLines(corpusMessages(seed, perType)), ...outOfRangeSentences(), ...REAL_WORLD_SENTENCES];
}
