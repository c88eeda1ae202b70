/**
 * AIS encoder: the inverse of the decoder. Turns an AisMessage (scaled units, null for
 * "not available") into its bit payload, the six-bit armoured string with fill bits, and
 * complete NMEA 0183 `!AIVDM` sentences with checksums and an optional NMEA 4.10 tag block.
 *
 * Each message type's writer is compiled once at load from its field table (fields.ts):
 * fields in ITU-R M.1371-5 table order, units and "not available" codes from units.ts. The simulator writes
 * millions of sentences with it: the writer reuses one buffer and never builds bit
 * strings, and writeSentences puts the bytes of whole lines straight into a caller's
 * buffer (toSentences, returning strings, is the convenient and slower way).
 */
import type { AisMessage } from "../model/ais.js";
import { sixbitValue } from "./bits.js";
import { type Field, HEADER, LAYOUTS, type Layout, STATIC_A, STATIC_B, STATIC_B_AUX } from "./fields.js";

/** Payload characters per sentence: keeps `!AIVDM,2,1,9,A,` + payload + `,0*hh` within NMEA's 82 bytes. */
const CHARS_PER_SENTENCE = 60;

/** Longest payload written: type 5 is 424 bits (71 characters); type 21 at most 360. */
const MAX_SEXTETS = 72;

/** Six-bit value → armoured payload character code. */
const ARMOUR = Uint8Array.from({ length: 64 }, (_, v) => (v < 40 ? v + 48 : v + 56));

const HEX = Array.from({ length: 256 }, (_, v) => v.toString(16).toUpperCase().padStart(2, "0"));

/**
 * Big-endian bit writer producing six-bit values, the payload's own unit: bits gather in
 * a small accumulator and leave it six at a time, so a field costs a shift, an OR and a
 * store or two, and nothing needs clearing between messages.
 */
export class BitWriter {
  readonly sextets = new Uint8Array(MAX_SEXTETS);
  /** Complete six-bit values written. */
  private count = 0;
  /** Bits not yet making a six-bit value (fewer than 6) and how many. */
  private acc = 0;
  private pending = 0;

  /** Bits written so far. */
  get length(): number {
    return this.count * 6 + this.pending;
  }

  reset(): void {
    this.count = 0;
    this.acc = 0;
    this.pending = 0;
  }

  /** Unsigned field of `len` bits (len ≤ 30); values are masked to the field so they cannot spill. */
  u(value: number, len: number): void {
    if (len > 24) {
      // Keep the accumulator within 32 bits: the high part first.
      this.u(value >>> 12, len - 12);
      this.u(value & 0xfff, 12);
      return;
    }
    const acc = (this.acc << len) | (value & ((1 << len) - 1));
    let pending = this.pending + len;
    const s = this.sextets;
    while (pending >= 6) {
      pending -= 6;
      s[this.count++] = (acc >>> pending) & 63;
    }
    this.acc = acc & ((1 << pending) - 1);
    this.pending = pending;
  }

  /** Two's-complement signed field: the mask in `u` keeps the low `len` bits. */
  s(value: number, len: number): void {
    this.u(value, len);
  }

  flag(value: boolean): void {
    this.u(value ? 1 : 0, 1);
  }

  /** Six-bit text of exactly `chars` characters, padded with '@' (value 0) as the standard asks. */
  text(value: string, chars: number): void {
    const n = Math.min(value.length, chars);
    for (let k = 0; k < n; k++) this.u(sixbitValue(value.charCodeAt(k)), 6);
    for (let k = n; k < chars; k++) this.u(0, 6);
  }

  /** Number of six-bit characters, the last completed with zero fill bits. */
  finish(): number {
    if (this.pending > 0) this.sextets[this.count] = (this.acc << (6 - this.pending)) & 63;
    return Math.ceil(this.length / 6);
  }

  /** The armoured payload and its fill bits (bits added to complete the last character). */
  armour(): { payload: string; fillBits: number } {
    const chars = this.finish();
    const out = new Uint8Array(chars);
    for (let k = 0; k < chars; k++) out[k] = ARMOUR[this.sextets[k]];
    return {
      payload: String.fromCharCode.apply(null, out as unknown as number[]),
      fillBits: chars * 6 - this.length,
    };
  }
}

type Encoder = (w: BitWriter, m: AisMessage) => void;

/** Writes the extension of a text longer than its field (type 21 names), padded to a byte boundary. */
function writeExtension(w: BitWriter, value: string, chars: number, max: number): void {
  const extension = Math.min(max, Math.max(0, value.length - chars));
  if (extension === 0) return;
  w.text(value.slice(chars), extension);
  w.u(0, (8 - ((6 * extension) % 8)) % 8);
}

/** Compiles a layout into an encoder (generated source: one write per field, in table order). */
function compile(l: Layout): Encoder {
  const units: unknown[] = [];
  const lines = (["type", "repeat", "mmsi"] as const).map((k) => `w.u(m.${k}, ${HEADER[k].bits});`);
  const tail: string[] = [];
  for (const f of l.fields) lines.push(writeStatement(f, units, tail));
  const body = `return (w, m) => { ${[...lines, ...tail].join(" ")} };`;
  return new Function("units", "writeExtension", body)(units, writeExtension) as Encoder;
}

function writeStatement(f: Field, units: unknown[], tail: string[]): string {
  switch (f.kind) {
    case "label":
    case "format":
      return ""; // derived from other fields, not sent
    case "spare":
      return `w.u(0, ${f.bits});`;
    case "fixed":
      return `w.u(${f.value}, ${f.bits});`;
    case "flag":
      return `w.flag(m.${f.name});`;
    case "text":
      if (f.extension !== undefined)
        tail.push(`writeExtension(w, m.${f.name}, ${f.bits / 6}, ${f.extension});`);
      return `w.text(m.${f.name}, ${f.bits / 6});`;
    case "u":
    case "s": {
      if (f.unit === undefined) return `w.${f.kind}(m.${f.name}, ${f.bits});`;
      units.push(f.unit.encode);
      return `w.${f.kind}(units[${units.length - 1}](m.${f.name}), ${f.bits});`;
    }
  }
}

const ENCODERS = new Map<Layout, Encoder>();
for (const layouts of Object.values(LAYOUTS))
  for (const l of layouts) if (!ENCODERS.has(l)) ENCODERS.set(l, compile(l));

/** The layout a record is written with: type 24 by its part, and part B by what it carries. */
export function layoutOf(msg: AisMessage): Layout {
  if (msg.type !== 24) return LAYOUTS[msg.type][0];
  if (msg.partno === 0) return STATIC_A;
  return msg.mothership_mmsi !== undefined ? STATIC_B_AUX : STATIC_B;
}

/**
 * A record of `layout` with every field zero, false or empty (and the layout's fixed
 * values), for writers that fill in a few fields per message and send the rest as they are.
 */
export function blankMessage<M extends AisMessage>(type: M["type"], layout: Layout = LAYOUTS[type][0]): M {
  const m: Record<string, unknown> = { class: "AIS", type, repeat: 0, mmsi: 0, rxtime: null, station: null };
  for (const f of layout.fields) {
    if (f.kind === "spare" || f.kind === "label" || f.kind === "format") continue;
    m[f.name] = f.kind === "fixed" ? f.value : f.kind === "flag" ? false : f.kind === "text" ? "" : 0;
  }
  return m as unknown as M;
}

const writer = new BitWriter();

function writeMessage(w: BitWriter, msg: AisMessage): void {
  w.reset();
  (ENCODERS.get(layoutOf(msg)) as Encoder)(w, msg);
}

/** The six-bit armoured payload of a message and its fill bits. */
export function encodePayload(msg: AisMessage): { payload: string; fillBits: number } {
  writeMessage(writer, msg);
  return writer.armour();
}

/** NMEA checksum: XOR of the characters, two upper-case hex digits. */
export function nmeaChecksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum ^= text.charCodeAt(i);
  return HEX[sum & 0xff];
}

export interface TagBlock {
  /** Receive time, epoch seconds. */
  c?: number;
  /** Source (receiving station). */
  s?: string;
}

/** An NMEA 4.10 tag block `\s:src,c:secs*hh\`, or "" when it has no fields. */
export function tagBlock(tag: TagBlock): string {
  let body = "";
  if (tag.s !== undefined) body = `s:${tag.s}`;
  if (tag.c !== undefined) body += `${body === "" ? "" : ","}c:${tag.c}`;
  return body === "" ? "" : `\\${body}*${nmeaChecksum(body)}\\`;
}

export interface SentenceOptions {
  /** Talker id, two characters; default "AI". */
  talker?: string;
  /** VDM (received from others, the default) or VDO (own ship). */
  kind?: "VDM" | "VDO";
  /** Radio channel; default "A". */
  channel?: "A" | "B";
  /** Sequential message id 0-9 of a multi-sentence message; default 0. Interleaved groups on one channel need distinct ids. */
  seqId?: number;
  /** Tag block written before every sentence of the message. */
  tagBlock?: TagBlock;
}

/** Most bytes one sentence takes, tag block aside: NMEA's 82 and a newline, with room to spare. */
const SENTENCE_BYTES = 90;

/**
 * Writes the tag block `\s:src,c:secs*hh\` at `p` and returns the position after it. Written
 * byte by byte with the checksum on the way, as it precedes every sentence of a feed.
 */
function emitTagBlock(tag: TagBlock, out: Uint8Array, p: number): number {
  const start = p;
  out[p++] = BACKSLASH;
  if (tag.s !== undefined) {
    out[p++] = 115; // s
    out[p++] = COLON;
    for (let i = 0; i < tag.s.length; i++) out[p++] = tag.s.charCodeAt(i);
  }
  if (tag.c !== undefined) {
    if (p > start + 1) out[p++] = COMMA;
    out[p++] = 99; // c
    out[p++] = COLON;
    p = putNumber(out, p, tag.c);
  }
  if (p === start + 1) return start;
  let sum = 0;
  for (let i = start + 1; i < p; i++) sum ^= out[i];
  out[p] = STAR;
  out[p + 1] = HEX_CODES[sum >> 4];
  out[p + 2] = HEX_CODES[sum & 15];
  out[p + 3] = BACKSLASH;
  return p + 4;
}

/** Writes a number's decimal digits; whole numbers by arithmetic, as one is written per sentence. */
function putNumber(out: Uint8Array, p: number, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    const text = String(value);
    for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
    return p;
  }
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let i = digits - 1, v = value; i >= 0; i--, v = Math.floor(v / 10)) out[p + i] = 48 + (v % 10);
  return p + digits;
}

/**
 * Writes the sentences of the payload in `w` into `out` from `pos`, each ended by "\n",
 * and returns the position after them. One sentence, or several when the payload is
 * longer than a sentence holds (type 5 takes two); fill bits go on the last. Bytes are
 * written directly, checksum computed on the way: this is the simulator's hot path.
 */
function emitSentences(w: BitWriter, opts: SentenceOptions, out: Uint8Array, pos: number): number {
  const chars = w.finish();
  const fill = chars * 6 - w.length;
  const total = Math.ceil(chars / CHARS_PER_SENTENCE);
  const tag = opts.tagBlock;
  const tagLength = tag === undefined ? 0 : 40 + (tag.s?.length ?? 0);
  if (out.length - pos < total * (tagLength + SENTENCE_BYTES))
    throw new RangeError("output buffer too small");
  const talker = opts.talker ?? "AI";
  const t1 = talker.charCodeAt(0);
  const t2 = talker.charCodeAt(1);
  // "VDM," or "VDO,", then the fixed fields' share of the checksum.
  const k5 = opts.kind === "VDO" ? 79 : 77;
  const channel = opts.channel === "B" ? 66 : 65;
  const seq = total > 1 ? 48 + (opts.seqId ?? 0) : 0;
  const headSum =
    t1 ^ t2 ^ 86 ^ 68 ^ k5 ^ COMMA ^ (48 + total) ^ COMMA ^ COMMA ^ seq ^ COMMA ^ channel ^ COMMA;
  const s = w.sextets;
  let p = pos;
  for (let part = 1, j = 0; part <= total; part++) {
    if (tag !== undefined) p = emitTagBlock(tag, out, p);
    out[p] = 33; // '!'
    out[p + 1] = t1;
    out[p + 2] = t2;
    out[p + 3] = 86; // V
    out[p + 4] = 68; // D
    out[p + 5] = k5;
    out[p + 6] = COMMA;
    out[p + 7] = 48 + total;
    out[p + 8] = COMMA;
    out[p + 9] = 48 + part;
    out[p + 10] = COMMA;
    p += 11;
    if (seq !== 0) out[p++] = seq;
    out[p] = COMMA;
    out[p + 1] = channel;
    out[p + 2] = COMMA;
    p += 3;
    let sum = headSum ^ (48 + part);
    const end = Math.min(chars, j + CHARS_PER_SENTENCE);
    for (; j < end; j++) {
      const c = ARMOUR[s[j]];
      out[p++] = c;
      sum ^= c;
    }
    const f = part === total ? 48 + fill : 48;
    sum ^= COMMA ^ f;
    out[p] = COMMA;
    out[p + 1] = f;
    out[p + 2] = STAR;
    out[p + 3] = HEX_CODES[sum >> 4];
    out[p + 4] = HEX_CODES[sum & 15];
    out[p + 5] = 10; // '\n'
    p += 6;
  }
  return p;
}

const COMMA = 44;
const STAR = 42;
const COLON = 58;
const BACKSLASH = 92;
const HEX_CODES = Uint8Array.from("0123456789ABCDEF", (c) => c.charCodeAt(0));

/**
 * Writes the NMEA sentences of `msg` into `out` from `pos`, each ended by "\n", and
 * returns the position after them: the allocation-free way to write many messages.
 * Throws a RangeError when `out` has too little room left; 2 × (130 + station length) bytes always suffice.
 */
export function writeSentences(
  msg: AisMessage,
  out: Uint8Array,
  pos: number,
  opts: SentenceOptions = {},
): number {
  writeMessage(writer, msg);
  return emitSentences(writer, opts, out, pos);
}

const scratch = Buffer.alloc(4096);

/** The sentences in `scratch` up to `end`, one string each, without their newlines. */
function splitLines(end: number): string[] {
  const lines: string[] = [];
  for (let a = 0, b = scratch.indexOf(10); b >= 0 && b < end; a = b + 1, b = scratch.indexOf(10, a)) {
    lines.push(scratch.toString("latin1", a, b));
  }
  return lines;
}

/** The NMEA sentences carrying one message (two for type 5), without line ends. */
export function toSentences(msg: AisMessage, opts: SentenceOptions = {}): string[] {
  return splitLines(writeSentences(msg, scratch, 0, opts));
}

/** The sentences carrying a payload written field by field (for payloads no record can express). */
export function bitsToSentences(w: BitWriter, opts: SentenceOptions = {}): string[] {
  return splitLines(emitSentences(w, opts, scratch, 0));
}
