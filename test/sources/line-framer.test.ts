/** LineFramer: the same lines and byte counts however the input is chunked, over-long lines skipped. */
import { describe, expect, it } from "vitest";
import { LineFramer } from "../../src/sources/line-framer.js";
import { Prng } from "../../src/util/prng.js";

function frame(chunks: Buffer[], maxLine: number) {
  const out: string[] = [];
  let bytes = 0;
  const framer = new LineFramer(maxLine, {
    lines: (buf, start, last) => {
      for (const l of buf.toString("latin1", start, last).split("\n")) out.push(l);
      bytes += last + 1 - start;
    },
    line: (buf, start, end, n) => {
      out.push(buf.toString("latin1", start, end));
      bytes += n;
    },
    overlong: (n) => {
      out.push("<overlong>");
      bytes += n;
    },
    skipped: (n) => {
      bytes += n;
    },
  });
  for (const c of chunks) framer.push(c);
  framer.end();
  return { out, bytes };
}

describe("LineFramer", () => {
  const text = ["a", "", "bb", "x".repeat(50), "ccc", "y".repeat(12), "dddd", "last"].join("\n");
  const input = Buffer.from(text);

  it("frames lines and skips over-long ones, whatever the chunking", () => {
    const want = ["a", "", "bb", "<overlong>", "ccc", "<overlong>", "dddd", "last"];
    const rng = new Prng(3);
    for (let trial = 0; trial < 200; trial++) {
      const chunks: Buffer[] = [];
      for (let p = 0; p < input.length; ) {
        const n = rng.int(1, 20);
        chunks.push(input.subarray(p, p + n));
        p += n;
      }
      const got = frame(chunks, 10);
      // An over-long line within one chunk reaches `lines` whole: the reader judges it there.
      expect(got.out.map((l) => (l.length > 10 ? "<overlong>" : l))).toEqual(want);
      expect(got.bytes).toBe(input.length);
    }
  });
});
