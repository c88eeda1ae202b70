/**
 * The bus's wire format (src/bus/wire.ts): positions and static reports come back exactly
 * as sent, whatever their values; a message cut short, padded or not darkfleet's is a
 * WireError (the worker refuses it), never a partial batch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  encodeEnd,
  encodePositions,
  encodeStatics,
  messageId,
  PARTITIONS,
  partitionOf,
  type RecordsHeader,
  WireError,
} from "../../src/bus/wire.js";
import { PositionColumns, type StaticRow } from "../../src/store/batch.js";

const source = { key: "sha256:00ff:1234", name: "feed.nmea", kind: "file" };
const header = (what: RecordsHeader["what"]): RecordsHeader => ({
  what,
  source,
  partition: 3,
  rows: 64,
  seq: 7,
});

const position = fc.record({
  mmsi: fc.integer({ min: 0, max: 2 ** 30 - 1 }),
  t: fc.integer({ min: 0, max: 4e12 }),
  lat: fc.integer({ min: -54_000_000, max: 54_600_000 }),
  lon: fc.integer({ min: -108_000_000, max: 108_600_000 }),
  sog: fc.integer({ min: 0, max: 1023 }),
  cog: fc.integer({ min: 0, max: 3600 }),
  heading: fc.integer({ min: 0, max: 511 }),
  navStatus: fc.integer({ min: 0, max: 255 }),
  msgType: fc.integer({ min: 1, max: 27 }),
  second: fc.integer({ min: 0, max: 63 }),
  line: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
});

const text = fc.option(fc.string({ maxLength: 20 }));
const small = (max: number) => fc.option(fc.integer({ min: 0, max }));
const staticRow: fc.Arbitrary<StaticRow> = fc.record({
  mmsi: fc.integer({ min: 0, max: 2 ** 30 - 1 }),
  t: fc.integer({ min: 0, max: 4e12 }),
  msgType: fc.constantFrom(5, 19, 24),
  part: small(1),
  imo: small(2 ** 30 - 1),
  callsign: text,
  name: text,
  shipType: small(255),
  toBow: small(511),
  toStern: small(511),
  toPort: small(63),
  toStarboard: small(63),
  draughtDm: small(255),
  destination: text,
  eta: text,
  sourceId: fc.constant(0),
  line: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
});

describe("wire format", () => {
  it("positions come back exactly, column by column", () => {
    fc.assert(
      fc.property(fc.array(position, { maxLength: 300 }), (rows) => {
        const cols = new PositionColumns(rows.length + 5);
        for (const r of rows) {
          const k = cols.n++;
          cols.mmsi[k] = r.mmsi;
          cols.t[k] = r.t;
          cols.lat[k] = r.lat;
          cols.lon[k] = r.lon;
          cols.sog[k] = r.sog;
          cols.cog[k] = r.cog;
          cols.heading[k] = r.heading;
          cols.navStatus[k] = r.navStatus;
          cols.msgType[k] = r.msgType;
          cols.second[k] = r.second;
          cols.line[k] = r.line;
        }
        const m = decodeMessage(encodePositions(header("positions"), cols));
        if (m.what !== "positions") throw new Error(m.what);
        expect(m.positions.n).toBe(rows.length);
        const back = rows.map((_, k) => ({
          mmsi: m.positions.mmsi[k],
          t: m.positions.t[k],
          lat: m.positions.lat[k],
          lon: m.positions.lon[k],
          sog: m.positions.sog[k],
          cog: m.positions.cog[k],
          heading: m.positions.heading[k],
          navStatus: m.positions.navStatus[k],
          msgType: m.positions.msgType[k],
          second: m.positions.second[k],
          line: m.positions.line[k],
        }));
        expect(back).toEqual(rows);
        expect(messageId(m)).toBe("sha256:00ff:1234:64:positions:3:7");
      }),
    );
  });

  it("static reports come back exactly, nulls and any text included", () => {
    fc.assert(
      fc.property(fc.array(staticRow, { maxLength: 50 }), (rows) => {
        const m = decodeMessage(encodeStatics(header("statics"), rows));
        if (m.what !== "statics") throw new Error(m.what);
        expect(m.statics).toEqual(rows);
      }),
    );
  });

  it("a message cut short or padded, or not darkfleet's, is a WireError", () => {
    const cols = new PositionColumns(10);
    cols.n = 10;
    const whole = encodePositions(header("positions"), cols);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length - 1 }), (cut) => {
        expect(() => decodeMessage(whole.subarray(0, cut))).toThrow(WireError);
      }),
    );
    const padded = new Uint8Array(whole.length + 1);
    padded.set(whole);
    expect(() => decodeMessage(padded)).toThrow(WireError);
    expect(() => decodeMessage(new TextEncoder().encode("hello, world"))).toThrow(WireError);
    const end = encodeEnd({ what: "end", source, messages: 3, rows: 64, offset: 10, line: 2, counts: {} });
    expect(decodeMessage(end)).toMatchObject({ what: "end", messages: 3 });
  });

  it("partitions spread MMSIs sharing a country prefix over every partition", () => {
    const seen = new Set<number>();
    for (let m = 412_000_000; m < 412_000_200; m++) seen.add(partitionOf(m));
    expect(seen.size).toBe(PARTITIONS);
  });
});
