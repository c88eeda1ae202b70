/**
 * Archives out of time order, as real ones come: the feed's records (a line, or the lines
 * of one multi-sentence message) either shuffled within a window of transmission time, or
 * grouped by vessel within each UTC day (the layout of daily files sorted by MMSI). A
 * record's time is its tag block's c:; a line without one (stray bytes) keeps the time of
 * the record before it; a record delivered late joins the block being filled. Deterministic: the shuffle draws from its own seeded PRNG.
 */
import { Prng } from "../util/prng.js";

export type ArchiveOrder = "delivery" | "shuffled" | "by-vessel";

export const ARCHIVE_ORDERS: readonly ArchiveOrder[] = ["delivery", "shuffled", "by-vessel"];

/** Window within which "shuffled" mixes records, s. */
export const SHUFFLE_WINDOW_S = 3600;

interface Rec {
  bytes: Buffer;
  secs: number;
  mmsi: number;
}

/** Reorders the chunks written to `sink`; `end` writes what is held. "delivery" passes through. */
export function reorder(
  order: ArchiveOrder,
  seed: number,
  sink: (chunk: Uint8Array) => void,
): { write: (chunk: Uint8Array) => void; end: () => void } {
  if (order === "delivery") return { write: sink, end: () => undefined };
  const rng = new Prng((seed ^ 0x2c1b3c6d) | 0);
  const blockS = order === "shuffled" ? SHUFFLE_WINDOW_S : 86_400;
  let held: Rec[] = [];
  let blockStart = Number.NaN;
  let rest: Buffer = Buffer.alloc(0);
  let lastSecs = 0;
  /** A first fragment waiting for the rest of its message. */
  let open: Rec | null = null;
  const flush = () => {
    if (order === "shuffled") {
      for (let i = held.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [held[i], held[j]] = [held[j], held[i]];
      }
    } else {
      // Stable: a vessel's records stay in delivery order.
      held = held
        .map((r, i) => ({ r, i }))
        .sort((a, b) => a.r.mmsi - b.r.mmsi || a.i - b.i)
        .map((x) => x.r);
    }
    if (held.length > 0) sink(Buffer.concat(held.map((r) => r.bytes)));
    held = [];
  };
  const add = (r: Rec) => {
    // Blocks only move forward: a late delivery joins the block being filled.
    const block = Math.floor(r.secs / blockS) * blockS;
    if (Number.isNaN(blockStart) || block > blockStart) {
      if (held.length > 0) flush();
      blockStart = block;
    }
    held.push(r);
  };
  const line = (bytes: Buffer) => {
    const text = bytes.toString("latin1");
    const c = /c:(\d+)/.exec(text);
    const secs = c ? Number(c[1]) : lastSecs;
    lastSecs = secs;
    const f = /!AIVD[MO],(\d),(\d),[^,]*,[^,]*,([^,]*),/.exec(text);
    if (open !== null) {
      // The rest of a multi-sentence message joins its first line.
      if (f && f[2] !== "1") {
        open.bytes = Buffer.concat([open.bytes, bytes]);
        if (f[1] === f[2]) {
          add(open);
          open = null;
        }
        return;
      }
      add(open);
      open = null;
    }
    const rec: Rec = { bytes, secs, mmsi: f ? mmsiOf(f[3]) : 0 };
    if (f && f[1] !== "1" && f[2] === "1") open = rec;
    else add(rec);
  };
  return {
    write: (chunk) => {
      const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : Buffer.from(chunk);
      let a = 0;
      for (let nl = buf.indexOf(10, a); nl !== -1; nl = buf.indexOf(10, a)) {
        line(Buffer.from(buf.subarray(a, nl + 1)));
        a = nl + 1;
      }
      rest = Buffer.from(buf.subarray(a));
    },
    end: () => {
      if (rest.length > 0) line(rest);
      if (open !== null) add(open);
      flush();
    },
  };
}

/** The MMSI in an AIS payload (bits 8-37), or 0 when it is too short or not armoured 6-bit. */
function mmsiOf(payload: string): number {
  if (payload.length < 7) return 0;
  let v = 0;
  for (let k = 1; k < 7; k++) {
    let c = payload.charCodeAt(k) - 48;
    if (c > 40) c -= 8;
    if (c < 0 || c > 63) return 0;
    v = v * 64 + c;
  }
  // 36 bits read (6..41): drop the repeat indicator's 2 bits in front and the 4 bits behind.
  return Math.floor(v / 16) % 1_073_741_824;
}
