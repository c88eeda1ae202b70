/**
 * NMEA 0183 AIS decoder: bytes in, typed messages out. Frames lines, reads an optional
 * leading receive time and NMEA 4.10 tag block, verifies checksums, reassembles
 * multi-sentence messages per talker, sequence id and channel, and hands complete
 * payloads to the per-type decoders. Every line that does not become (part of) a
 * message is counted under one reject reason; nothing here throws on bad input.
 *
 * The framing works on bytes, not strings, because it runs once per sentence and
 * dominates decode time (measured with --cpu-prof); see bench/decode.ts.
 */
import type { AisMessage } from "../model/ais.js";
import { type DecodeStats, emptyStats, type RejectReason } from "../model/stats.js";
import { LineFramer, type LineHandler } from "../sources/line-framer.js";
import { BaseStationClock } from "./base-station-clock.js";
import { BitReader } from "./bits.js";
import { HEADER } from "./fields.js";
import { decodeMessage, MIN_BITS } from "./messages.js";
import { epochBytesToMs, parseLeadingTime } from "./receive-time.js";

export interface NmeaDecoderOptions {
  onMessage: (msg: AisMessage, line: number) => void;
  /**
   * When given, position reports (types 1, 2, 3 and 18) come here as their bits instead of
   * as message objects: the ingest's fast path (ingest/rows.ts), as building the object
   * and collecting it was a sixth of the decode worker's time (profiled).
   */
  onPositionBits?: (bits: BitReader, type: number, rxtime: number | null, line: number) => void;
  /** Name of the input, for reports. */
  source?: string;
  /** A multi-sentence group not completed within this many lines expires. */
  fragmentWindowLines?: number;
  /** Lines longer than this (bytes) are rejected: a real AIS line with tag block is under 300. */
  maxLineLength?: number;
  /** Line number and byte offset the input starts at (when resuming part-way through a file). */
  startLine?: number;
  startOffset?: number;
  /** Where a message whose line carries no time gets one (default base-stations). */
  timeFrom?: TimeFrom;
}

/**
 * For a message whose line carries no time (no tag block, leading stamp, trailing epoch or
 * $PGHP before it): derived from the stream's base-station reports (base-station-clock.ts),
 * the moment it is read (live feeds), or none (the message stays untimed).
 */
export const TIME_FROM = ["base-stations", "now", "none"] as const;
export type TimeFrom = (typeof TIME_FROM)[number];

/** Where a message's time came from, as counted in DecodeStats.times. */
type TimeSource = keyof DecodeStats["times"];

interface FragmentGroup {
  total: number;
  next: number;
  parts: Uint8Array[];
  line: number;
  rxtime: number | null;
  timeSource: TimeSource;
  station: string | null;
}

const BANG = 33; // '!'
const DOLLAR = 36; // '$'
const STAR = 42; // '*'
const COMMA = 44; // ','
const BACKSLASH = 92; // '\'
const COLON = 58; // ':'
const ZERO = 48; // '0'
const HASH = 35; // '#'
const NEWLINE = 10;

/** Hex digit value, or -1. */
function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export class NmeaDecoder {
  readonly stats: DecodeStats = emptyStats();
  readonly source: string;
  /** Line number of the last complete line processed. */
  line: number;
  /** Byte offset just past the last complete line processed. */
  offset: number;

  private readonly onMessage: NmeaDecoderOptions["onMessage"];
  private readonly onPositionBits: NmeaDecoderOptions["onPositionBits"];
  private readonly window: number;
  private readonly maxLine: number;
  private readonly reader = new BitReader();
  private readonly groups = new Map<number, FragmentGroup>();
  private readonly framer: LineFramer;
  private lastPrefix = "";
  private tagTime: number | null = null;
  private tagStation: string | null = null;
  /** Station names by a hash of their bytes: feeds interleave a few receivers line by line. */
  private readonly stations = new Map<number, { bytes: Uint8Array; name: string }>();
  private lastPrefixTime: number | null = null;
  /** A Gatehouse `$PGHP` line's time, for the sentence after it. */
  private ghpLineTime: number | null = null;
  /** Set by parseTagBlock when the tag block's checksum is the placeholder `*00`. */
  private tagPlaceholder = false;
  private readonly timeFrom: TimeFrom;
  private readonly clock = new BaseStationClock();

  constructor(opts: NmeaDecoderOptions) {
    this.onMessage = opts.onMessage;
    this.onPositionBits = opts.onPositionBits;
    this.source = opts.source ?? "-";
    this.window = opts.fragmentWindowLines ?? 100;
    this.maxLine = opts.maxLineLength ?? 1024;
    this.line = opts.startLine ?? 0;
    this.offset = opts.startOffset ?? 0;
    this.timeFrom = opts.timeFrom ?? "base-stations";
    this.framer = new LineFramer(this.maxLine, this.framing());
  }

  /** Number of multi-sentence messages still waiting for parts. */
  get pendingFragments(): number {
    return this.groups.size;
  }

  /** Feeds bytes; chunk boundaries may fall anywhere. */
  push(chunk: Uint8Array): void {
    this.framer.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }

  /** Ends the input: a last line without newline is processed, pending fragments expire. */
  end(): void {
    this.framer.end();
    for (const g of this.groups.values()) this.reject("expired_fragment", g.parts.length);
    this.groups.clear();
  }

  /** The decoder's side of line framing (sources/line-framer.ts). */
  private framing(): LineHandler {
    return {
      lines: (buf, start, last) => {
        for (let pos = start; pos <= last; ) {
          const nl = buf.indexOf(NEWLINE, pos);
          this.offset += nl + 1 - pos;
          this.processLine(buf, pos, nl);
          pos = nl + 1;
        }
      },
      line: (buf, start, end, bytes) => {
        this.offset += bytes;
        this.processLine(buf, start, end);
      },
      overlong: (bytes) => {
        this.offset += bytes;
        this.line++;
        this.stats.lines++;
        this.reject("overlong_line");
      },
      skipped: (bytes) => {
        this.offset += bytes;
      },
    };
  }

  private reject(reason: RejectReason, n = 1): void {
    this.stats.rejected[reason] += n;
  }

  private processLine(buf: Buffer, start: number, end: number): void {
    this.line++;
    while (end > start && buf[end - 1] <= 32) end--;
    if (end === start) return;
    this.stats.lines++;
    if (buf[start] === HASH) return this.reject("comment");
    if (end - start > this.maxLine) return this.reject("overlong_line");
    if ((this.line & 63) === 0 && this.groups.size > 0) this.expireOld();

    // A sentence starts at '!' (AIS), '$' (other NMEA) or '\' (tag block); anything before is a prefix.
    let i = start;
    while (i < end) {
      const c = buf[i];
      if (c === BANG || c === BACKSLASH || c === DOLLAR) break;
      i++;
    }
    if (i === end) return this.reject("malformed");
    let rxtime: number | null = null;
    let timeSource: TimeSource = "none";
    let station: string | null = null;
    if (i > start) {
      rxtime = this.prefixTime(buf, start, i);
      if (rxtime !== null) timeSource = "prefix";
    }

    this.tagPlaceholder = false;
    if (buf[i] === BACKSLASH) {
      const close = buf.indexOf(BACKSLASH, i + 1);
      if (close < 0 || close >= end) return this.reject("malformed");
      if (!this.parseTagBlock(buf, i + 1, close)) return this.reject("bad_checksum");
      if (this.tagTime !== null) {
        rxtime = this.tagTime;
        timeSource = "tag_block";
      }
      station = this.tagStation;
      i = close + 1;
    }
    if (i >= end) return this.reject("malformed");
    if (buf[i] === DOLLAR) {
      if (isGhp(buf, i, end)) this.ghpLineTime = ghpTime(buf.toString("latin1", i, end));
      return this.reject("other_sentence");
    }
    if (buf[i] !== BANG) return this.reject("malformed");
    // A $PGHP line times the one sentence after it.
    const ghp = this.ghpLineTime;
    this.ghpLineTime = null;

    // !ttVDx,total,num,seq,chan,payload,fill*hh — the checksum is the XOR of the bytes between '!' and '*'.
    if (end - i < 15) return this.reject("malformed");
    const f3 = buf[i + 3];
    const f4 = buf[i + 4];
    const f5 = buf[i + 5];
    const isAis = f3 === 86 && f4 === 68 && (f5 === 77 || f5 === 79);
    let sum = 0;
    let p = i + 1;
    let commas = 0;
    while (p < end && commas < 5) {
      const c = buf[p++];
      if (c === STAR) break;
      sum ^= c;
      if (c === COMMA) commas++;
    }
    if (!isAis) return this.reject("other_sentence");
    if (commas < 5) return this.reject("malformed");
    const r = this.reader;
    r.reset();
    const q = r.appendPayload(buf, p, end);
    // A line cut short loses its fill and checksum: malformed. Bytes after the checksum are ignored.
    if (q + 4 >= end || buf[q + 2] !== STAR) return this.reject("malformed");
    const h1 = hex(buf[q + 3]);
    const h2 = hex(buf[q + 4]);
    if (h1 < 0 || h2 < 0) return this.reject("malformed");
    if ((h1 << 4) + h2 !== (sum ^ r.checksum ^ COMMA ^ buf[q + 1])) return this.reject("bad_checksum");
    if (rxtime === null && q + 5 < end) {
      rxtime = trailingTime(buf, q + 5, end);
      if (rxtime !== null) timeSource = "trailing";
    }
    if (rxtime === null && ghp !== null) {
      rxtime = ghp;
      timeSource = "pghp";
    }

    // Header fields at fixed places: "!ttVDM,T,N,S,C," with S and C possibly empty.
    const h = i + 7;
    const total = buf[h] - 48;
    const num = buf[h + 2] - 48;
    if (total < 1 || total > 9 || num < 1 || num > total || buf[h + 1] !== COMMA || buf[h + 3] !== COMMA) {
      return this.reject("malformed");
    }
    let k = h + 4;
    let seq = 10;
    if (buf[k] !== COMMA) {
      seq = buf[k++] - 48;
      if (seq < 0 || seq > 9) return this.reject("malformed");
    }
    if (buf[k++] !== COMMA) return this.reject("malformed");
    const channel = buf[k] === COMMA ? 0 : buf[k++];
    if (k + 1 !== p) return this.reject("malformed");
    const fill = buf[q + 1] - 48;
    if (fill < 0 || fill > 5) return this.reject("bad_fill_bits");
    if (q === p) return this.reject("truncated_payload");
    if (!r.valid) return this.reject("malformed");
    this.stats.sentences++;
    // The sentence checks, so the tag block's time is trusted though its own checksum is a placeholder.
    if (this.tagPlaceholder) this.stats.placeholder_tag_checksums++;

    if (total === 1) {
      r.finish(fill);
      this.finishMessage(rxtime, timeSource, station, this.line);
      return;
    }
    const key = (buf[i + 1] << 24) | (buf[i + 2] << 16) | (seq << 8) | channel;
    this.addFragment(key, total, num, fill, rxtime, timeSource, station);
  }

  private addFragment(
    key: number,
    total: number,
    num: number,
    fill: number,
    rxtime: number | null,
    timeSource: TimeSource,
    station: string | null,
  ): void {
    let g = this.groups.get(key);
    if (num === 1) {
      if (g !== undefined) this.reject("expired_fragment", g.parts.length);
      g = { total, next: 1, parts: [], line: this.line, rxtime, timeSource, station };
      this.groups.set(key, g);
    } else if (g === undefined || g.next !== num || g.total !== total) {
      if (g !== undefined) {
        this.reject("expired_fragment", g.parts.length);
        this.groups.delete(key);
      }
      return this.reject("orphan_fragment");
    }
    const r = this.reader;
    g.parts.push(r.copySextets());
    g.next++;
    if (g.rxtime === null) {
      g.rxtime = rxtime;
      g.timeSource = timeSource;
    }
    if (g.station === null) g.station = station;
    if (num < total) return;
    this.groups.delete(key);
    r.reset();
    for (const part of g.parts) {
      if (!r.appendSextets(part)) return this.reject("malformed", g.parts.length);
    }
    r.finish(fill);
    this.finishMessage(g.rxtime, g.timeSource, g.station, g.line);
  }

  private finishMessage(
    rxtime: number | null,
    timeSource: TimeSource,
    station: string | null,
    line: number,
  ): void {
    const r = this.reader;
    if (r.length < 38) return this.reject("truncated_payload");
    const type = r.u(HEADER.type.start, HEADER.type.bits);
    const minBits = MIN_BITS[type];
    if (minBits === undefined) {
      const u = this.stats.unsupported;
      u[type] = (u[type] ?? 0) + 1;
      return this.reject("unsupported_type");
    }
    if (r.length < minBits) return this.reject("truncated_payload");
    if (rxtime === null && this.timeFrom !== "none") {
      rxtime = this.timeFrom === "now" ? Date.now() : this.clock.timeOf(r, type);
      if (rxtime !== null) timeSource = this.timeFrom === "now" ? "receive" : "base_station";
    } else if (type === 4 || type === 11) {
      this.clock.timeOf(r, type);
    }
    this.stats.times[timeSource]++;
    const d = this.stats.decoded;
    // Types 1-3 and 18 always decode (decodeMessage never rejects them).
    if (this.onPositionBits !== undefined && (type <= 3 || type === 18)) {
      this.stats.messages++;
      d[type] = (d[type] ?? 0) + 1;
      this.onPositionBits(r, type, rxtime, line);
      return;
    }
    const msg = decodeMessage(r, type, rxtime, station);
    if (msg === null) return this.reject("invalid_field");
    this.stats.messages++;
    d[type] = (d[type] ?? 0) + 1;
    this.onMessage(msg, line);
  }

  /** Drops multi-sentence groups whose remaining parts did not come within the window. */
  private expireOld(): void {
    for (const [key, g] of this.groups) {
      if (this.line - g.line > this.window) {
        this.reject("expired_fragment", g.parts.length);
        this.groups.delete(key);
      }
    }
  }

  private prefixTime(buf: Buffer, start: number, end: number): number | null {
    const prefix = buf.toString("latin1", start, end);
    if (prefix !== this.lastPrefix) {
      this.lastPrefix = prefix;
      this.lastPrefixTime = parseLeadingTime(prefix);
    }
    return this.lastPrefixTime;
  }

  /**
   * Parses `s:src,c:time*hh` (the part between the backslashes) into tagTime and
   * tagStation; false when its checksum fails. Byte-level, with station names cached,
   * because feeds put a tag block on every line.
   */
  private parseTagBlock(buf: Buffer, start: number, end: number): boolean {
    let sum = 0;
    let star = start;
    while (star < end && buf[star] !== STAR) sum ^= buf[star++];
    if (star < end) {
      const h1 = hex(buf[star + 1]);
      const h2 = hex(buf[star + 2]);
      if (h1 < 0 || h2 < 0) return false;
      if ((h1 << 4) + h2 !== sum) {
        // Some archives write `*00` in place of the tag block's checksum: the sentence's own checksum decides.
        if (buf[star + 1] !== ZERO || buf[star + 2] !== ZERO) return false;
        this.tagPlaceholder = true;
      }
    }
    this.tagTime = null;
    this.tagStation = null;
    let f = start;
    while (f < star) {
      // A loop, not buf.indexOf: fields are a few bytes and the native call costs more (profiled).
      let e = f;
      while (e < star && buf[e] !== COMMA) e++;
      if (buf[f + 1] === COLON) {
        if (buf[f] === 99)
          this.tagTime = epochBytesToMs(buf, f + 2, e); // c:
        else if (buf[f] === 115) this.tagStation = this.stationName(buf, f + 2, e); // s:
      }
      f = e + 1;
    }
    return true;
  }

  private stationName(buf: Buffer, start: number, end: number): string {
    let h = end - start;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h &= 0x3fffffff;
    const hit = this.stations.get(h);
    if (hit !== undefined && sameBytes(hit.bytes, buf, start, end)) return hit.name;
    // Bounded: a feed naming a new station on every line must not grow memory.
    if (this.stations.size >= 1024) this.stations.clear();
    const name = buf.toString("latin1", start, end);
    this.stations.set(h, { bytes: Uint8Array.from(buf.subarray(start, end)), name });
    return name;
  }
}

/** True when `buf[i, end)` is a Gatehouse `$PGHP` sentence. */
function isGhp(buf: Buffer, i: number, end: number): boolean {
  return end - i > 6 && buf[i + 1] === 80 && buf[i + 2] === 71 && buf[i + 3] === 72 && buf[i + 4] === 80;
}

/**
 * The time a Gatehouse `$PGHP,1,YYYY,M,D,h,m,s,ms,...` line gives the sentences after it;
 * null when it is not a type 1 line or its date does not read.
 */
export function ghpTime(line: string): number | null {
  const f = line.split("*")[0].split(",");
  if (f[1] !== "1" || f.length < 9) return null;
  const [y, mo, d, h, mi, s, ms] = f.slice(2, 9).map((x) => (/^\d+$/.test(x) ? Number(x) : Number.NaN));
  if (!(y >= 1980 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61 && ms < 1000))
    return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * A time field after the sentence's checksum: the first comma-separated field that is an
 * epoch in seconds or milliseconds. US Coast Guard NAIS lines end `...*hh,d-109,S2105,
 * t050056.00,T56.137,r003669946,1325394060,1325394001`, whose first epoch agrees with the
 * receiver's `t` field (the second can lag it by a minute); satellite exports end `*hh,1327992119173`.
 */
function trailingTime(buf: Buffer, start: number, end: number): number | null {
  if (buf[start] !== COMMA) return null;
  for (let f = start + 1; f < end; ) {
    let e = f;
    while (e < end && buf[e] !== COMMA) e++;
    const t = epochBytesToMs(buf, f, e);
    if (t !== null) return t;
    f = e + 1;
  }
  return null;
}

/** True when `a` holds exactly the bytes `buf[start, end)`. */
function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
