/**
 * fast-check arbitraries of valid AisMessage records, one per supported type, with values
 * anywhere in their field's range (floats not yet on the field's grid, text longer than
 * its field, lower case, not-available nulls), for the encode → decode property test.
 */
import fc from "fast-check";
import type { AisMessage } from "../../../src/model/ais.js";

const SIXBIT = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/** Text as a user might hand it to the encoder: six-bit characters and lower case letters. */
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...`${SIXBIT}abcxyz`), maxLength });

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 8 });
const double = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const header = {
  class: fc.constant("AIS" as const),
  repeat: u(2),
  mmsi: fc.integer({ min: 0, max: 999_999_999 }),
  // Receive time in whole seconds (the tag block's c: field) and a station name fit for a tag block.
  rxtime: nullable(fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }).map((s) => s * 1000)),
  station: nullable(fc.stringMatching(/^[A-Za-z0-9_-]{1,15}$/)),
};

const position = {
  accuracy: fc.boolean(),
  lon: nullable(double(-180, 180)),
  lat: nullable(double(-90, 90)),
};

const dimensions = { to_bow: u(9), to_stern: u(9), to_port: u(6), to_starboard: u(6) };

const positionA = fc.record({
  ...header,
  ...position,
  type: fc.constantFrom(1 as const, 2 as const, 3 as const),
  status: u(4),
  turn: nullable(double(-800, 800)),
  speed: nullable(double(0, 150)),
  course: nullable(double(0, 359.94)),
  heading: nullable(fc.integer({ min: 0, max: 359 })),
  second: u(6),
  maneuver: u(2),
  raim: fc.boolean(),
  radio: u(19),
});

const baseStation = fc.record({
  ...header,
  ...position,
  type: fc.constantFrom(4 as const, 11 as const),
  year: u(14),
  month: u(4),
  day: u(5),
  hour: u(5),
  minute: u(6),
  second: u(6),
  epfd: u(4),
  raim: fc.boolean(),
  radio: u(19),
});

const staticVoyage = fc.record({
  ...header,
  ...dimensions,
  type: fc.constant(5 as const),
  ais_version: u(2),
  imo: u(30),
  callsign: text(9),
  shipname: text(24),
  shiptype: u(8),
  epfd: u(4),
  month: u(4),
  day: u(5),
  hour: u(5),
  minute: u(6),
  draught: double(0, 30),
  destination: text(24),
  dte: u(1),
});

const sarAircraft = fc.record({
  ...header,
  ...position,
  type: fc.constant(9 as const),
  alt: nullable(fc.integer({ min: 0, max: 5000 })),
  speed: nullable(double(0, 1100)),
  course: nullable(double(0, 359.94)),
  second: u(6),
  regional: u(8),
  dte: u(1),
  assigned: fc.boolean(),
  raim: fc.boolean(),
  radio: u(20),
});

const classB = {
  ...header,
  ...position,
  reserved: u(8),
  speed: nullable(double(0, 150)),
  course: nullable(double(0, 359.94)),
  heading: nullable(fc.integer({ min: 0, max: 359 })),
  second: u(6),
  raim: fc.boolean(),
  assigned: fc.boolean(),
};

const positionB = fc.record({
  ...classB,
  type: fc.constant(18 as const),
  regional: u(2),
  cs: fc.boolean(),
  display: fc.boolean(),
  dsc: fc.boolean(),
  band: fc.boolean(),
  msg22: fc.boolean(),
  radio: u(20),
});

const extendedB = fc.record({
  ...classB,
  ...dimensions,
  type: fc.constant(19 as const),
  regional: u(4),
  shipname: text(24),
  shiptype: u(8),
  epfd: u(4),
  dte: u(1),
});

const aidToNavigation = fc.record({
  ...header,
  ...position,
  ...dimensions,
  type: fc.constant(21 as const),
  aid_type: u(5),
  // Up to 20 characters in the name field and 14 in its extension ('@' would end the text early),
  // often with the name field ending in spaces before the extension.
  name: fc.oneof(
    fc.string({ unit: fc.constantFrom(...SIXBIT.slice(1)), maxLength: 34 }),
    fc
      .tuple(text(19), fc.string({ unit: fc.constantFrom(...SIXBIT.slice(1)), minLength: 1, maxLength: 14 }))
      .map(([head, tail]) => head.replaceAll("@", " ").padEnd(20, " ") + tail),
  ),
  epfd: u(4),
  second: u(6),
  off_position: fc.boolean(),
  regional: u(8),
  raim: fc.boolean(),
  virtual_aid: fc.boolean(),
  assigned: fc.boolean(),
});

const staticA = fc.record({
  ...header,
  type: fc.constant(24 as const),
  partno: fc.constant(0 as const),
  shipname: text(24),
});

const staticBCommon = {
  ...header,
  type: fc.constant(24 as const),
  partno: fc.constant(1 as const),
  shiptype: u(8),
  vendorid: text(4),
  model: u(4),
  serial: u(20),
  callsign: text(9),
};

/** A ship's part B carries dimensions; an auxiliary craft's (MMSI 98xxxxxxx) its mother ship's MMSI. */
const staticB = fc.oneof(
  fc.record({ ...staticBCommon, ...dimensions }).filter((m) => Math.floor(m.mmsi / 1e7) !== 98),
  fc.record({
    ...staticBCommon,
    mmsi: fc.integer({ min: 980_000_000, max: 989_999_999 }),
    mothership_mmsi: u(30),
  }),
);

const longRange = fc.record({
  ...header,
  ...position,
  type: fc.constant(27 as const),
  raim: fc.boolean(),
  status: u(4),
  speed: nullable(double(0, 70)),
  course: nullable(double(0, 359.4)),
  gnss: fc.boolean(),
});

/** One arbitrary per supported type, by type number (24 covers both parts). */
export const messageArbitraries: Record<number, fc.Arbitrary<AisMessage>> = {
  1: positionA,
  4: baseStation,
  5: staticVoyage,
  9: sarAircraft,
  18: positionB,
  19: extendedB,
  21: aidToNavigation,
  24: fc.oneof(staticA, staticB),
  27: longRange,
};

export const anyMessage: fc.Arbitrary<AisMessage> = fc.oneof(...Object.values(messageArbitraries));
