/**
 * AIS payload armour and bit access. The NMEA payload carries 6 bits per character
 * (ITU-R M.1371 / IEC 61162-1 "six-bit ASCII armouring"); fields are then read at
 * bit offsets, big-endian, exactly as the message tables in the standard list them.
 *
 * Hand-written for speed (decoding is the hot path): the reader de-armours into a
 * reused Uint8Array of 6-bit values and reads fields with arithmetic, never building
 * bit strings or allocating per field.
 */

/** Six-bit text alphabet (ITU-R M.1371 table 47): value → character. */
export const SIXBIT_CHARS = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/** Armour byte → 6-bit value, or 255 for a byte that is not valid armour. */
const ARMOUR = new Uint8Array(256).fill(255);
for (let c = 48; c <= 87; c++) ARMOUR[c] = c - 48;
for (let c = 96; c <= 119; c++) ARMOUR[c] = c - 56;

/** Largest payload handled: 5 slots of 168 bits is 840 bits = 140 characters; leave headroom. */
const MAX_SEXTETS = 256;

export class BitReader {
  private readonly sextets = new Uint8Array(MAX_SEXTETS + 16);
  private readonly words = new Int32Array(((MAX_SEXTETS + 16) * 6) / 32 + 1);
  private count = 0;
  /** Number of usable bits (after fill bits are removed). */
  length = 0;

  reset(): void {
    this.count = 0;
    this.length = 0;
  }

  /** XOR of the bytes read by the last appendPayload (the NMEA checksum's share of the payload). */
  checksum = 0;
  /** False when the last appendPayload met a byte that is not armour, or an over-long payload. */
  valid = true;

  /**
   * De-armours payload bytes from `start` up to the next ',' (or `end`) and returns that
   * index. The checksum of the same bytes is computed in the same pass, because on the
   * hot path a second loop over the line cost as much as the decoding itself.
   */
  appendPayload(buf: Uint8Array, start: number, end: number): number {
    const s = this.sextets;
    let n = this.count;
    let sum = 0;
    let bad = 0;
    let i = start;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === 44) break;
      sum ^= c;
      const v = ARMOUR[c];
      bad |= v;
      s[n++] = v & 63; // an invalid byte must not leave bits behind for the next message
    }
    this.checksum = sum;
    this.valid = bad < 64 && n <= MAX_SEXTETS;
    this.count = Math.min(n, MAX_SEXTETS);
    return i;
  }

  /** The de-armoured payload so far, for keeping one part of a multi-sentence message. */
  copySextets(): Uint8Array {
    return this.sextets.slice(0, this.count);
  }

  /** Appends sextets kept by copySextets; false if the whole would be longer than any AIS message. */
  appendSextets(part: Uint8Array): boolean {
    if (this.count + part.length > MAX_SEXTETS) return false;
    this.sextets.set(part, this.count);
    this.count += part.length;
    return true;
  }

  /**
   * Sets the bit length from the fill bits of the last sentence and packs the sextets
   * into big-endian 32-bit words, so that every field read is one or two word reads.
   */
  finish(fillBits: number): void {
    const n = this.count;
    this.length = n * 6 - fillBits;
    const s = this.sextets;
    const w = this.words;
    // 16 sextets are exactly 3 words; unrolled, as this runs once per message. Sextets past
    // `count` are stale but only fill bits past `length`, which no field read reaches.
    for (let i = 0, k = 0; i < n; i += 16, k += 3) {
      w[k] =
        (s[i] << 26) |
        (s[i + 1] << 20) |
        (s[i + 2] << 14) |
        (s[i + 3] << 8) |
        (s[i + 4] << 2) |
        (s[i + 5] >>> 4);
      w[k + 1] =
        (s[i + 5] << 28) |
        (s[i + 6] << 22) |
        (s[i + 7] << 16) |
        (s[i + 8] << 10) |
        (s[i + 9] << 4) |
        (s[i + 10] >>> 2);
      w[k + 2] =
        (s[i + 10] << 30) |
        (s[i + 11] << 24) |
        (s[i + 12] << 18) |
        (s[i + 13] << 12) |
        (s[i + 14] << 6) |
        s[i + 15];
    }
  }

  /** Unsigned field of `len` bits (1 ≤ len ≤ 31) starting at bit `start`. */
  u(start: number, len: number): number {
    const k = start >>> 5;
    const off = start & 31;
    const head = (this.words[k] << off) >>> (32 - len);
    const spill = off + len - 32;
    return spill <= 0 ? head : (head | (this.words[k + 1] >>> (32 - spill))) >>> 0;
  }

  /** Two's-complement signed field of `len` bits (len ≤ 31). */
  s(start: number, len: number): number {
    const shift = 32 - len;
    return (this.u(start, len) << shift) >> shift;
  }

  /** Single-bit flag. */
  flag(start: number): boolean {
    return this.u(start, 1) === 1;
  }

  /** Six-bit text of `chars` characters exactly as sent, padding included. */
  rawText(start: number, chars: number): string {
    let out = "";
    for (let k = 0; k < chars; k++) out += SIXBIT_CHARS[this.u(start + 6 * k, 6)];
    return out;
  }

  /**
   * Six-bit text of `chars` characters, as gpsd renders it: cut at the first '@'
   * (the standard's padding), then trailing spaces trimmed.
   */
  text(start: number, chars: number): string {
    return trimSixbit(this.rawText(start, chars));
  }
}

/** Cuts six-bit text at the first '@' (padding) and trims trailing spaces. */
export function trimSixbit(text: string): string {
  const at = text.indexOf("@");
  return (at < 0 ? text : text.slice(0, at)).trimEnd();
}

/** ASCII code → six-bit value (ITU-R M.1371 table 47); lower case is upper-cased, anything else is '?'. */
const TO_SIXBIT = new Uint8Array(128).fill(63);
for (let c = 32; c < 64; c++) TO_SIXBIT[c] = c;
for (let c = 64; c < 96; c++) TO_SIXBIT[c] = c - 64;
for (let c = 97; c <= 122; c++) TO_SIXBIT[c] = c - 96;

/** The six-bit value a text character is sent as. */
export function sixbitValue(charCode: number): number {
  return charCode < 128 ? TO_SIXBIT[charCode] : 63;
}
