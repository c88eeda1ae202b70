import { describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import type { AisMessage } from "../../src/model/ais.js";

/** Appends a correct NMEA checksum to the text between '!' and '*'. */
function sentence(body: string): string {
  let sum = 0;
  for (const ch of body) sum ^= ch.charCodeAt(0);
  return `!${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
}

function tagBlock(body: string): string {
  let sum = 0;
  for (const ch of body) sum ^= ch.charCodeAt(0);
  return `\\${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}\\`;
}

function decode(text: string | Buffer[], opts: { fragmentWindowLines?: number } = {}) {
  const messages: { msg: AisMessage; line: number }[] = [];
  const d = new NmeaDecoder({ onMessage: (msg, line) => messages.push({ msg, line }), ...opts });
  for (const chunk of typeof text === "string" ? [Buffer.from(text)] : text) d.push(chunk);
  d.end();
  return { messages, stats: d.stats };
}

// A type 1 report from the ITU / gpsd test suites: MMSI 477553000, moored in Seattle.
const TYPE1 = "AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0";
const TYPE5_1 = "AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0";
const TYPE5_2 = "AIVDM,2,2,3,B,1@0000000000000,2";

describe("NmeaDecoder framing", () => {
  it("decodes a type 1 report with scaled units and sentinels as null", () => {
    const { messages, stats } = decode(`${sentence(TYPE1)}\n`);
    expect(stats.messages).toBe(1);
    const m = messages[0].msg;
    expect(m).toMatchObject({ type: 1, mmsi: 477553000, status: 5, speed: 0, course: 51, heading: 181 });
    expect((m as { lat: number }).lat).toBeCloseTo(47.582833, 6);
    expect((m as { lon: number }).lon).toBeCloseTo(-122.345833, 6);
    expect(m.rxtime).toBeNull();
  });

  it("accepts any talker, VDO, CRLF and a leading receive time", () => {
    const lines = [
      `1577836800 ${sentence(TYPE1.replace("AIVDM", "BSVDM"))}`,
      `2020-01-01T00:00:05Z,${sentence(TYPE1.replace("AIVDM", "ABVDO"))}`,
      `2020-01-01 00:00:06 ${sentence(TYPE1.replace("AIVDM", "SAVDM"))}`,
    ];
    const { messages } = decode(`${lines.join("\r\n")}\r\n`);
    expect(messages.map((m) => m.msg.rxtime)).toEqual([1577836800000, 1577836805000, 1577836806000]);
  });

  it("takes the time and station from an NMEA 4.10 tag block", () => {
    const { messages, stats } = decode(`${tagBlock("s:rMT1,c:1577836800")}${sentence(TYPE1)}\n`);
    expect(stats.messages).toBe(1);
    expect(messages[0].msg.rxtime).toBe(1577836800000);
    expect(messages[0].msg.station).toBe("rMT1");
  });

  it("rejects a tag block whose checksum is wrong", () => {
    const bad = tagBlock("s:rMT1,c:1577836800").replace(/\*..\\$/, "*01\\");
    const { stats } = decode(`${bad}${sentence(TYPE1)}\n`);
    expect(stats.rejected.bad_checksum).toBe(1);
    expect(stats.messages).toBe(0);
  });

  it("takes a tag block whose checksum is the placeholder *00 when its sentence checks, and counts it", () => {
    const placeholder = tagBlock("s:rMT1,c:1577836800").replace(/\*..\\$/, "*00\\");
    const { stats, messages } = decode(`${placeholder}${sentence(TYPE1)}\n`);
    expect(messages[0].msg.rxtime).toBe(1577836800000);
    expect(stats.placeholder_tag_checksums).toBe(1);
    const broken = sentence(TYPE1).replace(/\*..$/, "*00");
    expect(decode(`${placeholder}${broken}\n`).stats.rejected.bad_checksum).toBe(1);
  });

  it("reassembles a two-part type 5 split across chunks at every byte", () => {
    const text = `${sentence(TYPE5_1)}\n${sentence(TYPE5_2)}\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const { messages } = decode([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]);
      expect(messages).toHaveLength(1);
      expect(messages[0].msg).toMatchObject({
        type: 5,
        mmsi: 369190000,
        shipname: "MT.MITCHELL",
        draught: 6,
      });
    }
  });

  it("keeps interleaved multi-part groups apart by sequence id and channel", () => {
    const other = (s: string) => s.replace(",3,B,", ",4,A,");
    const lines = [TYPE5_1, other(TYPE5_1), TYPE5_2, other(TYPE5_2)].map(sentence);
    const { messages, stats } = decode(`${lines.join("\n")}\n`);
    expect(stats.messages).toBe(2);
    expect(messages.map((m) => m.line)).toEqual([1, 2]);
  });

  it("counts each kind of bad line by its reason and keeps the good ones around it", () => {
    const good = sentence(TYPE1);
    const lines = [
      good,
      good.replace(/\*..$/, "*00"), // wrong checksum
      good.slice(0, 30), // truncated line
      sentence(TYPE1.replace(/,0$/, ",7")), // fill bits out of range
      sentence(TYPE5_2), // second part without its first
      sentence(TYPE5_1), // first part whose second never comes
      "\x00\xff\x13garbage\x07",
      "x".repeat(5000),
      "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
      sentence("AIVDM,1,1,,A,E>kb9O9aS@7PUh10dh19@;0Tah2cWrfP:l?M`00003vP100,0"), // type 21 is fine
      sentence("AIVDM,1,1,,A,85Mwp`1Kf3aCnsNvBWLi=wQuNhA5t43N`5nCuI=p<IBfVqnMgPGs,0"), // type 8: unsupported
      sentence("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1,0"), // type 1 cut short
      good,
    ];
    const { messages, stats } = decode(`${lines.join("\n")}\n`);
    expect(stats.rejected).toMatchObject({
      bad_checksum: 1,
      malformed: 2,
      bad_fill_bits: 1,
      orphan_fragment: 1,
      expired_fragment: 1,
      overlong_line: 1,
      other_sentence: 1,
      unsupported_type: 1,
      truncated_payload: 1,
    });
    expect(stats.unsupported).toEqual({ 8: 1 });
    expect(messages.map((m) => m.line)).toEqual([1, 10, 13]);
  });

  it("expires a group when its next part does not arrive within the window", () => {
    const gap = (n: number) => [sentence(TYPE5_1), ...Array(n).fill(sentence(TYPE1)), sentence(TYPE5_2)];
    const late = decode(`${gap(200).join("\n")}\n`, { fragmentWindowLines: 100 });
    expect(late.stats.rejected).toMatchObject({ expired_fragment: 1, orphan_fragment: 1 });
    expect(late.stats.decoded[5]).toBeUndefined();
    const inTime = decode(`${gap(50).join("\n")}\n`, { fragmentWindowLines: 100 });
    expect(inTime.stats.decoded[5]).toBe(1);
  });

  it("keeps memory bounded on a long run of bytes without newlines", () => {
    const d = new NmeaDecoder({ onMessage: () => {} });
    const junk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 100; i++) d.push(junk);
    d.push(Buffer.from(`\n${sentence(TYPE1)}\n`));
    d.end();
    expect(d.stats.rejected.overlong_line).toBe(1);
    expect(d.stats.messages).toBe(1);
    expect(d.offset).toBe(100 * junk.length + 1 + sentence(TYPE1).length + 1);
  });
});
