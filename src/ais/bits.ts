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
const SIXBIT_CHARS = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/** Armour byte → 6-bit value, or 255 for a byte that is not valid armour. */
const ARMOUR = new Uint8Array(256).fill(255);
for (let c = 48; c <= 87; c++) ARMOUR[c] = c - 48;
for (let c = 96; c <= 119; c++) ARMOUR[c] = c - 56;

/** Largest payload handled: 5 slots of 168 bits is 840 bits = 140 characters; leave headroom. */
const MAX_SEXTETS = 256;

/** 2^k for the few shifts the float path of BitReader.u needs. */
const POW2 = Array.from({ length: 8 }, (_, k) => 2 ** k);

export class BitReader {
  private readonly sextets = new Uint8Array(MAX_SEXTETS);
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
      s[n++] = v;
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

  /** Sets the bit length from the fill bits of the last sentence. */
  finish(fillBits: number): void {
    this.length = this.count * 6 - fillBits;
  }

  /** Unsigned field of `len` bits (len ≤ 32) starting at bit `start`. */
  u(start: number, len: number): number {
    const s = this.sextets;
    let i = (start / 6) | 0;
    const off = start - i * 6;
    let v = s[i] & (0x3f >> off);
    let have = 6 - off;
    // Integer arithmetic while the bits fit in 30; only 30-bit fields (MMSI, IMO) can need more.
    while (have < len && have <= 24) {
      v = (v << 6) | s[++i];
      have += 6;
    }
    if (have >= len) return v >>> (have - len);
    while (have < len) {
      v = v * 64 + s[++i];
      have += 6;
    }
    return Math.floor(v / POW2[have - len]);
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

  /**
   * Six-bit text of `chars` characters, as gpsd renders it: cut at the first '@'
   * (the standard's padding), then trailing spaces trimmed.
   */
  text(start: number, chars: number): string {
    let out = "";
    for (let k = 0; k < chars; k++) {
      const v = this.u(start + 6 * k, 6);
      if (v === 0) break;
      out += SIXBIT_CHARS[v];
    }
    return out.trimEnd();
  }
}
