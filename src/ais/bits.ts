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

export class BitReader {
  private readonly sextets = new Uint8Array(MAX_SEXTETS);
  private count = 0;
  /** Number of usable bits (after fill bits are removed). */
  length = 0;

  reset(): void {
    this.count = 0;
    this.length = 0;
  }

  /**
   * Appends armoured payload bytes `buf[start, end)`. Returns false if a byte is not
   * valid armour or the payload is longer than any AIS message can be.
   */
  append(buf: Uint8Array, start: number, end: number): boolean {
    if (this.count + end - start > MAX_SEXTETS) return false;
    const s = this.sextets;
    let n = this.count;
    for (let i = start; i < end; i++) {
      const v = ARMOUR[buf[i]];
      if (v === 255) return false;
      s[n++] = v;
    }
    this.count = n;
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
    while (have < len) {
      v = v * 64 + s[++i];
      have += 6;
    }
    return Math.floor(v / 2 ** (have - len));
  }

  /** Two's-complement signed field of `len` bits. */
  s(start: number, len: number): number {
    const v = this.u(start, len);
    const half = 2 ** (len - 1);
    return v >= half ? v - 2 * half : v;
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
