/**
 * A deliberately naive AIS payload model built on strings of '0' and '1': slow, obvious,
 * and independent of the encoder's BitWriter, so it can serve as its oracle.
 */

const ARMOUR = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";

/** Fields as a bit string: each value in two's complement over its width, most significant bit first. */
export function fieldsToBits(fields: ReadonlyArray<readonly [value: number, bits: number]>): string {
  return fields
    .map(([v, n]) => (BigInt.asUintN(n, BigInt(v)) | (1n << BigInt(n))).toString(2).slice(1))
    .join("");
}

/** Armours a bit string, padding the last character with zero fill bits. */
export function armourBits(bits: string): { payload: string; fillBits: number } {
  const fillBits = (6 - (bits.length % 6)) % 6;
  const padded = bits + "0".repeat(fillBits);
  let payload = "";
  for (let i = 0; i < padded.length; i += 6) payload += ARMOUR[Number.parseInt(padded.slice(i, i + 6), 2)];
  return { payload, fillBits };
}

/** The bit string of an armoured payload, fill bits removed. */
export function payloadBits(payload: string, fillBits: number): string {
  const bits = [...payload].map((c) => ARMOUR.indexOf(c).toString(2).padStart(6, "0")).join("");
  return bits.slice(0, bits.length - fillBits);
}

/** Reads a field from a bit string; `signed` for two's complement. */
export function readField(bits: string, start: number, len: number, signed = false): number {
  const v = Number.parseInt(bits.slice(start, start + len), 2);
  return signed && bits[start] === "1" ? v - 2 ** len : v;
}
