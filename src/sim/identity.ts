/**
 * Made-up but well-formed ship identities: an MMSI whose first three digits are the flag's
 * MID, an IMO number with its check digit (or deliberately a wrong one), a name in the
 * style of the region's fleets, and a call sign.
 */
import type { Prng } from "../util/prng.js";

/** Flags by role, with a MID each (ITU MID table). */
export const MID = {
  china: 413,
  korea: 440,
  russia: 273,
  hongKong: 477,
  panama: 355,
  dprk: 445,
  togo: 671,
  sierraLeone: 667,
  mongolia: 457,
  cambodia: 514,
  comoros: 616,
  belize: 312,
} as const;

/** Flags the DPRK trade is known to hide behind (flags of convenience in Panel of Experts reports). */
export const COVER_FLAGS = [
  MID.togo,
  MID.sierraLeone,
  MID.mongolia,
  MID.cambodia,
  MID.comoros,
  MID.belize,
  MID.panama,
];
export const TRADE_FLAGS = [MID.china, MID.china, MID.china, MID.korea, MID.russia, MID.hongKong, MID.panama];

const WORDS = [
  "HAI",
  "XING",
  "YUAN",
  "SHUN",
  "DA",
  "FU",
  "JIN",
  "HONG",
  "KUM",
  "SAN",
  "PAEK",
  "RYONG",
  "CHON",
  "MA",
  "SONG",
  "HWA",
  "OCEAN",
  "STAR",
  "GLORY",
  "PEARL",
  "NEW",
  "LUCKY",
  "EASTERN",
  "GRACE",
];

/** IMO check digit: (d1·7 + d2·6 + d3·5 + d4·4 + d5·3 + d6·2) mod 10. */
export function imoCheckDigit(first6: number): number {
  const d = String(first6).padStart(6, "0");
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(d[i]) * (7 - i);
  return sum % 10;
}

export function validImo(imo: number): boolean {
  return imo >= 1_000_000 && imo <= 9_999_999 && imoCheckDigit(Math.floor(imo / 10)) === imo % 10;
}

export function makeImo(rng: Prng, valid = true): number {
  const first6 = rng.int(800_000, 999_999);
  const check = imoCheckDigit(first6);
  return first6 * 10 + (valid ? check : (check + rng.int(1, 9)) % 10);
}

export function makeMmsi(rng: Prng, mid: number): number {
  return mid * 1_000_000 + rng.int(100_000, 999_999);
}

export function makeName(rng: Prng): string {
  const n = rng.int(1, 2);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(rng.pick(WORDS));
  return `${parts.join(" ")} ${rng.int(1, 99)}`;
}

export function makeCallsign(rng: Prng): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let s = "";
  for (let k = 0; k < 4; k++) s += letters[rng.int(0, 25)];
  return `${s}${rng.int(1, 9)}`;
}
