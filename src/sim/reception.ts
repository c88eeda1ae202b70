/**
 * Who hears a transmission: shore stations along the Chinese, Korean, Japanese and Russian
 * coasts (none in the DPRK, as in public networks), each out to its VHF range, and a
 * satellite that hears a share of reports anywhere outside the coverage holes. Several
 * receivers hearing one report give duplicate lines with different `s:` tags; satellite
 * data and some shore data arrive minutes late.
 */
import type { Prng } from "../util/prng.js";
import type { Box } from "./scenario.js";

export interface Station {
  id: string;
  lat: number;
  lon: number;
  rangeNm: number;
  /** `\s:ID,c:` as bytes, and the XOR of its characters after the backslash, for writeTagBlock. */
  prefix: Buffer;
  prefixSum: number;
  /** The whole tag block for the second last written: every line of a second shares it. */
  tag: Uint8Array;
  tagLength: number;
  tagSecond: number;
}

function station(id: string, lat: number, lon: number, rangeNm: number): Station {
  const prefix = Buffer.from(`\\s:${id},c:`, "latin1");
  let prefixSum = 0;
  for (let k = 1; k < prefix.length; k++) prefixSum ^= prefix[k];
  return {
    id,
    lat,
    lon,
    rangeNm,
    prefix,
    prefixSum,
    tag: new Uint8Array(prefix.length + 24),
    tagLength: 0,
    tagSecond: -1,
  };
}

/** Approximate coastal sites; ranges are typical for a mast on the coast. */
export const STATIONS: Station[] = [
  ["cn-dandong", 39.85, 124.3],
  ["cn-dalian", 38.9, 121.7],
  ["cn-lushun", 38.8, 121.2],
  ["cn-yingkou", 40.3, 122.1],
  ["cn-qinhuangdao", 39.9, 119.6],
  ["cn-tianjin", 38.95, 117.9],
  ["cn-longkou", 37.65, 120.3],
  ["cn-yantai", 37.55, 121.45],
  ["cn-weihai", 37.5, 122.15],
  ["cn-shidao", 36.9, 122.45],
  ["cn-qingdao", 36.05, 120.35],
  ["cn-rizhao", 35.4, 119.55],
  ["cn-lianyungang", 34.75, 119.5],
  ["cn-yancheng", 33.4, 120.6],
  ["cn-nantong", 32.1, 121.7],
  ["cn-shanghai", 31.0, 122.1],
  ["cn-zhoushan", 30.0, 122.2],
  ["cn-shengsi", 30.7, 122.45],
  ["kr-incheon", 37.45, 126.6],
  ["kr-baengnyeong", 37.95, 124.7],
  ["kr-taean", 36.75, 126.1],
  ["kr-gunsan", 35.95, 126.55],
  ["kr-mokpo", 34.8, 126.35],
  ["kr-heuksan", 34.68, 125.43],
  ["kr-jeju", 33.5, 126.5],
  ["kr-busan", 35.1, 129.05],
  ["kr-pohang", 36.0, 129.4],
  ["kr-sokcho", 38.2, 128.6],
  ["jp-tsushima", 34.4, 129.3],
  ["jp-fukuoka", 33.6, 130.4],
  ["jp-matsue", 35.5, 133.0],
  ["ru-vladivostok", 43.1, 131.9],
  ["ru-nakhodka", 42.8, 132.9],
].map(([id, lat, lon]) => station(id as string, lat as number, lon as number, 45));

export const SATELLITE = "sat-leo";
const SATELLITE_STATION = station(SATELLITE, 0, 0, 0);

const HEX = Buffer.from("0123456789ABCDEF", "latin1");

/**
 * Writes the NMEA 4.10 tag block `\\s:ID,c:SECONDS*hh\\` at `p` and returns the position after
 * it: the same bytes as the encoder's tag block, from the station's precomputed prefix,
 * since one is written before every line of the feed.
 */
export function writeTagBlock(out: Buffer, p: number, st: Station, secs: number): number {
  if (st.tagSecond !== secs) {
    const tag = st.tag;
    const pre = st.prefix;
    let q = 0;
    for (; q < pre.length; q++) tag[q] = pre[q];
    let sum = st.prefixSum;
    let digits = 1;
    for (let v = secs; v >= 10; v = Math.floor(v / 10)) digits++;
    for (let i = digits - 1, v = secs; i >= 0; i--, v = Math.floor(v / 10)) {
      const c = 48 + (v % 10);
      tag[q + i] = c;
      sum ^= c;
    }
    q += digits;
    tag[q] = 42; // *
    tag[q + 1] = HEX[sum >> 4];
    tag[q + 2] = HEX[sum & 15];
    tag[q + 3] = 92; // backslash
    st.tagLength = q + 4;
    st.tagSecond = secs;
  }
  const tag = st.tag;
  for (let i = 0, n = st.tagLength; i < n; i++) out[p++] = tag[i];
  return p;
}

/** Flat-earth distance in nm; receivers care about tens of miles. */
function nm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * 60;
  const dx = (lon2 - lon1) * 60 * Math.cos((lat1 * Math.PI) / 180);
  return Math.sqrt(dx * dx + dy * dy);
}

export function inBox(b: Box, lat: number, lon: number): boolean {
  return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
}

/** The receivers that might hear a ship at (lat, lon), with the chance each hears one report. */
export interface Audience {
  stations: Station[];
  chance: number[];
  satellite: number;
}

export function audience(lat: number, lon: number, satellite: number, holes: Box[]): Audience {
  const a: Audience = { stations: [], chance: [], satellite: 0 };
  if (holes.some((h) => inBox(h, lat, lon))) return a;
  for (const s of STATIONS) {
    const d = nm(lat, lon, s.lat, s.lon);
    if (d > s.rangeNm) continue;
    a.stations.push(s);
    // Near certain close in, fading towards the range limit (slot collisions, earth curvature).
    a.chance.push(d < s.rangeNm * 0.6 ? 0.95 : 0.95 - (0.6 * (d - s.rangeNm * 0.6)) / (s.rangeNm * 0.4));
  }
  a.satellite = satellite;
  return a;
}

/** Fills `out` with the receivers that hear one report (at most `max`, in a fixed order) and returns how many. */
export function hearers(a: Audience, rng: Prng, max: number, out: Station[]): number {
  let n = 0;
  for (let k = 0; k < a.stations.length && n < max; k++) {
    if (rng.next() < a.chance[k]) out[n++] = a.stations[k];
  }
  if (n < max && a.satellite > 0 && rng.next() < a.satellite) out[n++] = SATELLITE_STATION;
  return n;
}
