/**
 * The ingest's position fast path (NmeaDecoder onPositionBits → RowBuilder.addPositionBits)
 * against the message objects it skips: the same rows, counts and decode statistics on the
 * differential corpus (every "not available" sentinel, extreme and negative positions) and
 * on position reports of random bits (every raw value, in range or not).
 */
import { describe, expect, it } from "vitest";
import { NmeaDecoder } from "../../src/ais/decoder.js";
import { BitWriter, bitsToSentences } from "../../src/ais/encode.js";
import { Deduplicator } from "../../src/ingest/dedup.js";
import { RowBuilder } from "../../src/ingest/rows.js";
import { columnsInOrder, PositionColumns } from "../../src/store/batch.js";
import { Prng } from "../../src/util/prng.js";
import { corpusLines } from "../support/corpus.js";

function ingestRows(text: string, fastPath: boolean) {
  const builder = new RowBuilder(new PositionColumns(1 << 16), new Deduplicator(60_000), 1);
  const decoder = new NmeaDecoder({
    onMessage: (msg, line) => builder.add(msg, line),
    onPositionBits: fastPath
      ? (bits, type, t, line) => builder.addPositionBits(bits, type, t, line)
      : undefined,
  });
  decoder.push(Buffer.from(text));
  decoder.end();
  const p = builder.positions;
  return {
    counts: builder.counts,
    stats: decoder.stats,
    columns: columnsInOrder(p).map((a) => Array.from(a.subarray(0, p.n))),
    statics: builder.statics,
  };
}

/** Type 1, 2, 3 and 18 reports whose other 162 bits are random. */
function randomPositionLines(n: number): string[] {
  const rng = new Prng(7);
  const w = new BitWriter();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    w.reset();
    w.u(rng.pick([1, 2, 3, 18]), 6);
    for (let k = 0; k < 9; k++) w.u(rng.int(0, (1 << 18) - 1), 18);
    lines.push(...bitsToSentences(w, { tagBlock: { c: 1704067200 + i } }));
  }
  return lines;
}

describe("position fast path", () => {
  it("stores what the decoded messages would", () => {
    // Every seventh line has no receive time (counted as no_time either way).
    const lines = corpusLines(1, 200).map((l, i) => (i % 7 === 0 ? l : `${1704067200 + i} ${l}`));
    const text = `${lines.join("\n")}\n`;
    const slow = ingestRows(text, false);
    expect(ingestRows(text, true)).toEqual(slow);
    expect(slow.counts.position).toBeGreaterThan(500);
    expect(slow.counts.no_position).toBeGreaterThan(0);
    expect(slow.counts.no_time).toBeGreaterThan(0);
  });

  it("stores what the decoded messages would for any bits", () => {
    const text = `${randomPositionLines(20_000).join("\n")}\n`;
    const slow = ingestRows(text, false);
    expect(ingestRows(text, true)).toEqual(slow);
    expect(slow.counts.position).toBeGreaterThan(1000);
  });
});
