/**
 * Which decoder an input needs, from its first line: NMEA sentences or one of the CSV
 * exports. The first line is read from the stream itself and handed back, so this works
 * on inputs that cannot be read twice (stdin, feeds) at no cost to the rest.
 */
import type { ByteStream } from "./byte-stream.js";
import { csvFormatOf } from "./csv.js";
import type { CsvFormatId } from "./csv-format.js";

/** "unknown" is neither NMEA nor a known CSV header; callers may treat it as NMEA, whose decoder counts what it cannot use. */
export type InputFormat = "nmea" | CsvFormatId | "unknown";

/** An AIS or other NMEA sentence, a tag block, or a receive time stamp before one. */
const NMEA_LINE = /^(\\[^\\]*\\)?[!$][A-Z]{2}[A-Z]{3},|[!$][A-Z]{2}VD[MO],/;

export function detectFormat(firstLine: string): InputFormat {
  const line = firstLine.replace(/^\uFEFF/, "").trim();
  if (NMEA_LINE.test(line)) return "nmea";
  return csvFormatOf(line)?.id ?? "unknown";
}

export interface Sniffed {
  format: InputFormat;
  /** The first non-blank line ("" when the input is empty). */
  firstLine: string;
  /** All the input's chunks, the ones read to sniff included. */
  chunks: AsyncIterable<Buffer>;
}

const SNIFF_LIMIT = 64 * 1024;

/** Reads up to the first non-blank line (at most 64 KiB) and tells the format. */
export async function sniffInput(stream: ByteStream | AsyncIterable<Buffer>): Promise<Sniffed> {
  const it = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let firstLine = "";
  let done = false;
  while (size < SNIFF_LIMIT) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    size += r.value.length;
    const text = Buffer.concat(head).toString("utf8");
    const m = /^\s*([^\r\n]*\S)[^\S\n]*(\n|$)/.exec(text);
    if (m && m[2] === "\n") {
      firstLine = m[1];
      break;
    }
  }
  if (firstLine === "" && head.length > 0)
    firstLine = Buffer.concat(head).toString("utf8").trim().split(/\r?\n/)[0];
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { format: detectFormat(firstLine), firstLine, chunks: replay() };
}
