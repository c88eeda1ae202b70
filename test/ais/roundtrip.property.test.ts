/**
 * Property tests binding the encoder and the decoder:
 * - any valid record of any supported type, encoded to NMEA (tag block included) and
 *   decoded, comes back as the record the encoder's quantisation predicts;
 * - random bytes, and valid sentences flipped, truncated, duplicated or cut with
 *   garbage, never make the decoder throw, and valid sentences around them still decode;
 * - where chunk boundaries fall does not change what is decoded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import { quantise } from "../../src/ais/encode-quantise.js";
import type { AisMessage } from "../../src/model/ais.js";
import { corpusLines, renderLines } from "../support/corpus.js";
import { anyMessage, messageArbitraries } from "./helpers/arbitraries.js";
import { decodeLines } from "./helpers/darkfleet.js";

/** Decodes bytes fed in the given chunks. */
function decodeChunks(chunks: readonly Uint8Array[]): AisMessage[] {
  const out: AisMessage[] = [];
  // Untimed, as encoded: what is compared is the message, not a time derived from base stations.
  const dec = new NmeaDecoder({ onMessage: (m) => out.push(m), timeFrom: "none" });
  for (const c of chunks) dec.push(c);
  dec.end();
  return out;
}

describe("encode then decode", () => {
  for (const [type, arb] of Object.entries(messageArbitraries)) {
    it(`returns the quantised record for type ${type}`, () => {
      fc.assert(
        fc.property(arb, (msg) => {
          const { messages, stats } = decodeLines(renderLines([msg]));
          expect(stats.rejected).toEqual(expect.objectContaining({ bad_checksum: 0, malformed: 0 }));
          expect(messages).toEqual([quantise(msg)]);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("decodes a stream of mixed messages in order", () => {
    fc.assert(
      fc.property(fc.array(anyMessage, { minLength: 1, maxLength: 20 }), (msgs) => {
        expect(decodeLines(renderLines(msgs)).messages).toEqual(msgs.map(quantise));
      }),
      { numRuns: 100 },
    );
  });

  it("reassembles multi-sentence messages interleaved with each other and with single ones", () => {
    fc.assert(
      fc.property(
        fc.array(anyMessage, { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (msgs, schedule) => {
          // Same talker and channel, sequence ids 0-9: only the id tells the groups apart.
          const parts = msgs.map((m, i) => renderLines([m], i));
          const next = parts.map(() => 0);
          const lines: string[] = [];
          const completed: number[] = [];
          const send = (i: number) => {
            lines.push(parts[i][next[i]++]);
            if (next[i] === parts[i].length) completed.push(i);
          };
          for (const pick of schedule) {
            const open = parts.flatMap((p, i) => (next[i] < p.length ? [i] : []));
            if (open.length === 0) break;
            send(open[pick % open.length]);
          }
          parts.forEach((p, i) => {
            while (next[i] < p.length) send(i);
          });
          expect(decodeLines(lines).messages).toEqual(completed.map((i) => quantise(msgs[i])));
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Valid sentences to mutate: the differential corpus, every type and both halves of type 5.
const VALID = corpusLines(7, 3);
const latin1 = (text: string) => Buffer.from(text, "latin1");

/** A valid line damaged in one of the ways a noisy feed damages them. */
const mutatedLine = fc.oneof(
  // A character replaced by any byte.
  fc
    .tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 0, max: 255 }))
    .map(([l, i, b]) =>
      Buffer.concat([latin1(l.slice(0, i % l.length)), Buffer.of(b), latin1(l.slice((i % l.length) + 1))]),
    ),
  // Cut short.
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([l, i]) => latin1(l.slice(0, i % l.length))),
  // Sent twice on one line.
  fc.constantFrom(...VALID).map((l) => latin1(l + l)),
  // Garbage inserted somewhere.
  fc
    .tuple(fc.constantFrom(...VALID), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 }))
    .map(([l, i, g]) => Buffer.concat([latin1(l.slice(0, i % l.length)), g, latin1(l.slice(i % l.length))])),
  // Pure noise.
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
);

/**
 * Found by the property below: NUL bytes inside a payload leave the checksum intact; the
 * line is rightly rejected, but must leave nothing behind for the next sentence to read.
 */
const NUL_DAMAGED = Buffer.concat([
  latin1("\\s:2573135,c:1720232003*0C\\!AIVDM,1,1,,A,1;GGM53P?w<tSF0l4Q"),
  Buffer.alloc(11),
  latin1("@>4?wh2Cjn,0*04"),
]);
const BLANK_POSITION: AisMessage = {
  class: "AIS",
  type: 1,
  repeat: 0,
  mmsi: 0,
  rxtime: null,
  station: null,
  status: 0,
  turn: null,
  speed: null,
  accuracy: false,
  lon: null,
  lat: null,
  course: null,
  heading: null,
  second: 0,
  maneuver: 0,
  raim: false,
  radio: 0,
};

describe("bad input", () => {
  it("never throws on random bytes in random chunks", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 8 }), (chunks) => {
        expect(() => decodeChunks(chunks)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("still decodes the valid sentences around damaged ones", () => {
    fc.assert(
      fc.property(
        messageArbitraries[1],
        fc.array(mutatedLine, { minLength: 1, maxLength: 5 }),
        messageArbitraries[1],
        (before, damaged, after) => {
          const nl = Buffer.of(10);
          const bytes = Buffer.concat([
            latin1(`${renderLines([before])[0]}\n`),
            ...damaged.flatMap((d) => [d, nl]),
            latin1(`${renderLines([after])[0]}\n`),
          ]);
          const out = decodeChunks([bytes]);
          // Damage may leave a sentence valid (a flipped case in a hex digit): extra messages in between are fine.
          expect(out[0]).toEqual(quantise(before));
          expect(out[out.length - 1]).toEqual(quantise(after));
        },
      ),
      { numRuns: 500, examples: [[BLANK_POSITION, [NUL_DAMAGED], BLANK_POSITION]] },
    );
  });

  it("decodes the same whatever the chunk boundaries", () => {
    const bytes = latin1(`${VALID.join("\r\n")}\r\n`);
    const whole = decodeChunks([bytes]);
    expect(whole.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = at.slice(1).map((end, k) => bytes.subarray(at[k], end));
          expect(decodeChunks(chunks)).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});
