/**
 * The encoder against independent oracles: a real-world sentence, checksums computed
 * outside the project, a naive bit-string model of the payload, and the standard's
 * "not available" values read back bit by bit. Also the corpus and feed-mix generators:
 * deterministic, complete, and the mix in the proportions the benchmark asks for.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeMixFile } from "../../bench/mix.js";
import {
  BitWriter,
  encodePayload,
  nmeaChecksum,
  tagBlock,
  toSentences,
  writeSentences,
} from "../../src/ais/encode.js";
import type { AisMessage, LongRangeReport, PositionReportA, SarAircraftReport } from "../../src/model/ais.js";
import { corpusLines, corpusMessages } from "../support/corpus.js";
import { armourBits, fieldsToBits, payloadBits, readField } from "./helpers/bitstring.js";
import { decodeLines } from "./helpers/darkfleet.js";

const header = { class: "AIS", repeat: 0, rxtime: null, station: null } as const;

/** The raw values of gpsd's `gpsdecode -u` for the classic sentence of gpsd's AIVDM documentation. */
const CLASSIC: PositionReportA = {
  ...header,
  type: 1,
  mmsi: 366053209,
  status: 3,
  turn: 0,
  speed: 0,
  accuracy: false,
  lon: -73404971 / 600000,
  lat: 22681271 / 600000,
  course: 219.3,
  heading: 1,
  second: 59,
  maneuver: 0,
  raim: false,
  radio: 2281,
};

const POSITION_NULLS: PositionReportA = {
  ...CLASSIC,
  turn: null,
  speed: null,
  lon: null,
  lat: null,
  course: null,
  heading: null,
};

describe("toSentences", () => {
  it("reproduces a real-world sentence byte for byte", () => {
    expect(toSentences(CLASSIC, { channel: "B" })).toEqual([
      "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C",
    ]);
  });

  it("writes the tag block with its own checksum", () => {
    // 5F is the XOR of "s:src,c:1577836800", computed outside the project.
    expect(tagBlock({ s: "src", c: 1577836800 })).toBe("\\s:src,c:1577836800*5F\\");
    expect(toSentences(CLASSIC, { channel: "B", tagBlock: { s: "src", c: 1577836800 } })).toEqual([
      "\\s:src,c:1577836800*5F\\!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C",
    ]);
    expect(tagBlock({ c: 1577836800 })).toBe(`\\c:1577836800*${nmeaChecksum("c:1577836800")}\\`);
    expect(tagBlock({})).toBe("");
  });

  it("honours talker, VDO and channel", () => {
    const [line] = toSentences(CLASSIC, { talker: "BS", kind: "VDO", channel: "A" });
    expect(line).toMatch(/^!BSVDO,1,1,,A,15M67FC000G\?ufbE`FepT@3n00Sa,0\*[0-9A-F]{2}$/);
    expect(line.slice(-2)).toBe(nmeaChecksum(line.slice(1, -3)));
  });

  it("splits type 5 into two sentences with one sequence id and the fill bits on the last", () => {
    const voyage = corpusMessages().find((m) => m.type === 5) as AisMessage;
    const lines = toSentences(voyage, { seqId: 7, channel: "B" });
    expect(lines).toHaveLength(2);
    const fields = lines.map((l) => l.split("*")[0].split(","));
    expect(fields.map((f) => f.slice(0, 5))).toEqual([
      ["!AIVDM", "2", "1", "7", "B"],
      ["!AIVDM", "2", "2", "7", "B"],
    ]);
    // 424 bits: 71 characters, 2 fill bits.
    expect(fields.map((f) => f[5].length)).toEqual([60, 11]);
    expect(fields.map((f) => f[6])).toEqual(["0", "2"]);
    for (const l of lines) expect(l.slice(-2)).toBe(nmeaChecksum(l.slice(1, -3)));
  });

  it("writes the same bytes into a buffer, and refuses a buffer too small", () => {
    const buf = Buffer.alloc(1000);
    const opts = { tagBlock: { s: "rx", c: 1700000000 } };
    const end = writeSentences(CLASSIC, buf, 3, opts);
    expect(buf.toString("latin1", 3, end)).toBe(`${toSentences(CLASSIC, opts).join("\n")}\n`);
    expect(() => writeSentences(CLASSIC, Buffer.alloc(60), 0)).toThrow(RangeError);
  });
});

describe("payload bits", () => {
  it("BitWriter matches a naive bit-string model on any field sequence", () => {
    const field = fc
      .integer({ min: 1, max: 30 })
      .chain((bits) =>
        fc.tuple(fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** bits - 1 }), fc.constant(bits)),
      );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 40 }), (fields) => {
        const w = new BitWriter();
        w.reset();
        for (const [v, n] of fields) w.u(v, n);
        expect(w.armour()).toEqual(armourBits(fieldsToBits(fields)));
      }),
    );
  });

  it("writes the standard's not-available values", () => {
    const a = encodePayload(POSITION_NULLS);
    const bits = payloadBits(a.payload, a.fillBits);
    expect(bits).toHaveLength(168);
    expect(readField(bits, 42, 8, true)).toBe(-128); // turn
    expect(readField(bits, 50, 10)).toBe(1023); // speed
    expect(readField(bits, 61, 28, true)).toBe(181 * 600000); // lon
    expect(readField(bits, 89, 27, true)).toBe(91 * 600000); // lat
    expect(readField(bits, 116, 12)).toBe(3600); // course
    expect(readField(bits, 128, 9)).toBe(511); // heading

    const sar: SarAircraftReport = {
      ...header,
      type: 9,
      mmsi: 111232506,
      alt: null,
      speed: null,
      accuracy: false,
      lon: null,
      lat: null,
      course: null,
      second: 0,
      regional: 0,
      dte: 1,
      assigned: false,
      raim: false,
      radio: 0,
    };
    const s = encodePayload(sar);
    const sb = payloadBits(s.payload, s.fillBits);
    expect([readField(sb, 38, 12), readField(sb, 50, 10)]).toEqual([4095, 1023]);

    const lr: LongRangeReport = {
      ...header,
      type: 27,
      mmsi: 1,
      accuracy: false,
      raim: false,
      status: 0,
      lon: null,
      lat: null,
      speed: null,
      course: null,
      gnss: false,
    };
    const l = encodePayload(lr);
    const lb = payloadBits(l.payload, l.fillBits);
    expect(lb).toHaveLength(96);
    expect([
      readField(lb, 44, 18, true),
      readField(lb, 62, 17, true),
      readField(lb, 79, 6),
      readField(lb, 85, 9),
    ]).toEqual([181 * 600, 91 * 600, 63, 511]);
  });

  it("scales and clamps: turn by gpsd's 4.733·√ROT, fast turns ±127, speed at most 1022", () => {
    const bitsOf = (m: PositionReportA) => {
      const e = encodePayload(m);
      return payloadBits(e.payload, e.fillBits);
    };
    const turnOf = (turn: number) => readField(bitsOf({ ...CLASSIC, turn }), 42, 8, true);
    expect([turnOf(5), turnOf(-5), turnOf(708), turnOf(720), turnOf(-720), turnOf(0)]).toEqual([
      11, -11, 126, 127, -127, 0,
    ]);
    expect(readField(bitsOf({ ...CLASSIC, speed: 150 }), 50, 10)).toBe(1022);
    expect(readField(bitsOf({ ...CLASSIC, lat: -90, lon: -180 }), 61, 28, true)).toBe(-180 * 600000);
  });

  it("writes text in six-bit ASCII, upper-cased, padded with '@'", () => {
    const encoded = (shipname: string) =>
      encodePayload({ ...header, type: 24, mmsi: 1, partno: 0, shipname }).payload;
    expect(encoded("ever given")).toBe(encoded("EVER GIVEN"));
    const bits = payloadBits(encoded("A~"), 2);
    expect(bits).toHaveLength(160);
    // 'A' is 1, '~' has no six-bit form and is sent as '?' (63), padding '@' is 0.
    expect([readField(bits, 40, 6), readField(bits, 46, 6), readField(bits, 52, 6)]).toEqual([1, 63, 0]);
  });
});

describe("corpus", () => {
  it("is deterministic for a seed and different across seeds", () => {
    expect(corpusLines(1)).toEqual(corpusLines(1));
    expect(corpusLines(2)).not.toEqual(corpusLines(1));
  });

  it("covers every supported type, both halves of type 24 and an auxiliary craft's mother ship", () => {
    const msgs = corpusMessages();
    const types = new Set(msgs.map((m) => m.type));
    expect([...types].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27]);
    expect(msgs.some((m) => m.type === 24 && m.partno === 0)).toBe(true);
    expect(
      msgs.some(
        (m) =>
          m.type === 24 &&
          m.partno === 1 &&
          m.mothership_mmsi !== undefined &&
          Math.floor(m.mmsi / 1e7) === 98,
      ),
    ).toBe(true);
  });

  it("decodes completely, every line accepted", () => {
    const lines = corpusLines();
    const { messages, stats } = decodeLines(lines);
    // The records, three out-of-range sentences and five real-world messages.
    expect(messages.length).toBe(corpusMessages().length + 3 + 5);
    expect(stats.sentences).toBe(lines.length);
    expect(Object.values(stats.rejected).every((n) => n === 0)).toBe(true);
  });
});

describe("writeMixFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-mix-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes exactly N sentences in the benchmark's mix, the same bytes for the same seed", () => {
    const file = join(dir, "mix.nmea");
    const n = 20_000;
    const result = writeMixFile(file, n, 3);
    const text = readFileSync(file, "latin1");
    const lines = text.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(n);
    expect(result).toEqual(expect.objectContaining({ sentences: n, bytes: text.length }));

    const { messages, stats } = decodeLines(lines);
    expect(Object.values(stats.rejected).every((k) => k === 0)).toBe(true);
    // Shares of messages (a type 5 message is two sentences).
    const share = (types: number[]) =>
      messages.filter((m) => types.includes(m.type)).length / messages.length;
    expect(Math.abs(share([1, 2, 3]) - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(share([18]) - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share([5]) - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(share([4, 21, 24]) - 0.05)).toBeLessThan(0.01);

    const again = join(dir, "again.nmea");
    writeMixFile(again, n, 3);
    const hash = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    expect(hash(again)).toBe(hash(file));
  });
});
