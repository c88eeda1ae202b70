/**
 * Turns a planned world into an NMEA feed, one time slice at a time so memory stays flat
 * however long the scenario: every ship's reports in the slice are encoded (position reports
 * at ITU-R M.1371 intervals, static reports every few minutes), handed to the receivers
 * that hear them, marred by noise, and written in order of delivery second, which puts
 * late receptions (satellite, delayed shore data) out of order by their `c:` times as real
 * feeds do. Deliveries wait in a ring of per-second buckets until their second is complete.
 *
 * While emitting it completes the truth that depends on reception: a gap runs from the last
 * report heard before the transponder went off to the first heard after; a draught change
 * ends when the new draught is first heard; a spoofing event counts only if enough false
 * fixes were heard; an IMO with a bad check digit shows at the first static report heard;
 * silences of 6 h or more caused by coverage are recorded as confounders.
 */

import { blankMessage, type SentenceOptions, writeSentences } from "../ais/encode.js";
import { STATIC_A, STATIC_B } from "../ais/fields.js";
import { distanceM } from "../geo/distance.js";
import type {
  PositionReportA,
  PositionReportB,
  StaticDataReportA,
  StaticDataReportB,
  StaticVoyageData,
} from "../model/ais.js";
import { iso, type TruthEvent } from "../model/truth.js";
import { Prng } from "../util/prng.js";
import type { Pending } from "./builder.js";
import {
  type Audience,
  audience,
  hearers,
  inBox,
  SATELLITE,
  type Station,
  writeTagBlock,
} from "./reception.js";
import { type Fix, fixAt, inForce, legAt, type Ship } from "./ship.js";
import type { World } from "./world.js";

const H = 3_600_000;
/** Silence that counts as a coverage gap worth naming as a confounder. */
const COVERAGE_GAP_MS = 6 * H;
/** "At sea" for a draught change means this far beyond every port's radius (the detectors' default margin). */
const IN_PORT_MARGIN_M = 5_000;
/** Causes of a ship going unheard, as bits. */
const OUTSIDE_AREA = 1;
const IN_SILENCE = 2;
/** Longest delivery delay (satellite, late shore data), ms. */
const MAX_DELAY_MS = 482_000;

/** Where the bytes go: called with filled chunks, in order; a chunk is reused after the call returns. */
export type Sink = (chunk: Uint8Array) => void;

export interface EmitStats {
  sentences: number;
  lines: number;
  bytes: number;
}

/** ITU-R M.1371 reporting interval for a ship's state, ms. */
export function ituIntervalMs(cls: "A" | "B", sog: number, status: number): number {
  if (cls === "B") return sog > 2 ? 30_000 : 180_000;
  if ((status === 1 || status === 5) && sog <= 3) return 180_000;
  if (sog <= 14) return 10_000;
  if (sog <= 23) return 6_000;
  return 2_000;
}

/** Growable byte buffer holding the records delivered in one second, in the order they were made. */
class Bucket {
  buf = Buffer.allocUnsafe(1 << 12);
  used = 0;
  lines = 0;
  sentences = 0;

  reset(): void {
    this.used = 0;
    this.lines = 0;
    this.sentences = 0;
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}

/** Buffered output in large chunks. */
class Out {
  private buf = Buffer.allocUnsafe(1 << 23);
  private used = 0;
  bytes = 0;
  constructor(private readonly sink: Sink) {}
  write(src: Buffer, a: number, b: number): void {
    if (this.used + (b - a) > this.buf.length) this.flush();
    if (b - a > this.buf.length) {
      this.sink(src.subarray(a, b));
    } else {
      src.copy(this.buf, this.used, a, b);
      this.used += b - a;
    }
    this.bytes += b - a;
  }
  /** The sink consumes each chunk before returning (a synchronous write), so the buffer is reused. */
  flush(): void {
    if (this.used > 0) this.sink(this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

export function emit(world: World, seed: number, sink: Sink): EmitStats {
  const cfg = world.config;
  const rng = new Prng((seed ^ 0x5bd1e995) | 0);
  const ships = world.ships;
  const n = ships.length;
  // Whole seconds, so each delivery second falls in one slice.
  const sliceMs = 1000 * Math.min(600, Math.max(10, Math.floor(1e6 / Math.max(1, n))));
  const feedMs = cfg.feedIntervalS * 1000;
  const staticMs = Math.max(360_000, cfg.staticIntervalS * 1000);

  const nextTx = new Float64Array(n);
  const nextStatic = new Float64Array(n);
  const legHint = new Int32Array(n);
  const lastHeard = new Float64Array(n).fill(Number.NaN);
  /** Why a ship has gone unheard since it was last heard: bits of OUTSIDE_AREA and IN_SILENCE. */
  const unheardFor = new Uint8Array(n);
  const silenced = world.silences.map(() => new Set<number>());
  /**
   * True when the feed cannot hold a report of ship i at t placed at (lat, lon): outside the
   * export's area, or in a data hole. Records the cause, and names the ship in the hole's truth.
   */
  const dropped = (i: number, ship: Ship, t: number, lat: number, lon: number): boolean => {
    if (cfg.exportArea !== null && !inBox(cfg.exportArea, lat, lon)) {
      unheardFor[i] |= OUTSIDE_AREA;
      return true;
    }
    for (let k = 0; k < world.silences.length; k++) {
      const s = world.silences[k];
      if (t < s.t0 || t >= s.t1 || (s.box !== null && !inBox(s.box, lat, lon))) continue;
      unheardFor[i] |= IN_SILENCE;
      const id = inForce(ship.identities, t);
      if (!silenced[k].has(id.mmsi)) {
        silenced[k].add(id.mmsi);
        s.confounder.vessels.push({ mmsi: id.mmsi, name: id.name });
      }
      return true;
    }
    return false;
  };
  const silenceCount = new Map<string, number>();
  const silenceConfounder = (name: "coverage_gap" | "area_exit", ship: Ship, last: number, t: number) => {
    const id = inForce(ship.identities, last);
    const k = (silenceCount.get(name) ?? 0) + 1;
    silenceCount.set(name, k);
    world.confounders.push({
      id: `${name}-${k}`,
      name,
      // Back in the area with another draught, it looks loaded at sea too.
      looksLike: name === "area_exit" ? ["gap", "draught"] : ["gap"],
      vessels: [{ mmsi: id.mmsi, name: id.name }],
      start: iso(secondOf(last)),
      end: iso(secondOf(t)),
      lat: Math.round(fix.lat * 1e5) / 1e5,
      lon: Math.round(fix.lon * 1e5) / 1e5,
    });
  };
  const endOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = ships[i];
    const t0 = Math.max(world.start, s.legs[0].t0);
    nextTx[i] = t0 + Math.floor(rng.next() * Math.max(10_000, feedMs));
    nextStatic[i] = t0 + Math.floor(rng.next() * staticMs);
    endOf[i] = Math.min(world.end, s.legs[s.legs.length - 1].t1);
  }
  const gaps = new Map<Ship, Extract<Pending, { kind: "gap" }>[]>();
  const spoofs = new Map<Ship, Extract<Pending, { kind: "spoof" }>[]>();
  const firstStatic = new Map<Ship, Extract<Pending, { kind: "firstStatic" }>>();
  const draughtSeen = new Map<Ship, Extract<Pending, { kind: "draught" }>[]>();
  const seenDraughts = new Set<Pending>();
  const changedInPort = new Set<TruthEvent>();
  const oldInPort = new Map<Pending, boolean>();
  const spot: Fix = { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 };
  const spoofHeard = new Map<Pending, number>();
  const closedGaps = new Set<Pending>();
  /** Per ship, port exits not yet seen, by exit time. */
  const exits = new Map<Ship, PortExit[]>();
  const unseenExits: PortExit[] = [];
  for (const p of world.pending) {
    if (p.kind === "gap") gaps.set(p.ship, [...(gaps.get(p.ship) ?? []), p]);
    else if (p.kind === "spoof") spoofs.set(p.ship, [...(spoofs.get(p.ship) ?? []), p]);
    else if (p.kind === "draught") draughtSeen.set(p.ship, [...(draughtSeen.get(p.ship) ?? []), p]);
    else if (p.kind === "portExit") {
      exits.set(p.ship, [...(exits.get(p.ship) ?? []), p]);
      unseenExits.push(p);
    } else firstStatic.set(p.ship, p);
  }
  for (const list of exits.values()) list.sort((x, y) => x.t0 - y.t0);
  const seenExits = new Set<PortExit>();
  /** A heard position report at (lat, lon) shows each exit it lies beyond, in that exit's window. */
  const onHeardAt = (ship: Ship, t: number, lat: number, lon: number) => {
    const list = exits.get(ship);
    if (list === undefined) return;
    for (let k = 0; k < list.length && list[k].t0 < t; k++) {
      const x = list[k];
      if (t > x.t1 || distanceM(lat, lon, x.lat, x.lon) <= x.beyondM) continue;
      seenExits.add(x);
      list.splice(k--, 1);
    }
  };

  // A ring of buckets, one per delivery second: a record goes straight to the bucket of the
  // second it is delivered in (at most MAX_DELAY_MS ahead), so the feed is in delivery order
  // to the second (the resolution of c:) without sorting, and a bucket is copied out whole.
  const ring = Array.from({ length: Math.ceil((sliceMs + MAX_DELAY_MS) / 1000) + 2 }, () => new Bucket());
  const out = new Out(sink);
  const stats: EmitStats = { sentences: 0, lines: 0, bytes: 0 };
  const heard: Station[] = [];
  const scratch = Buffer.alloc(1024);
  let seq = 0;
  const fix: Fix = { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 };
  const opts: SentenceOptions = { channel: "A", seqId: 0 };
  const msgs = messages();

  /**
   * Encodes one transmission once (one channel, as on air), then writes it for each receiver
   * that hears it behind that receiver's tag block. Returns true when any receiver heard it.
   */
  const send = (
    msg: PositionReportA | PositionReportB | StaticVoyageData | StaticDataReportA | StaticDataReportB,
    t: number,
    aud: Audience,
  ): boolean => {
    const count = hearers(aud, rng, cfg.maxReceivers, heard);
    if (count === 0) return false;
    opts.channel = rng.next() < 0.5 ? "A" : "B";
    opts.seqId = seq = (seq + 1) % 10;
    const len = writeSentences(msg, scratch, 0, opts);
    const sentences = msg.type === 5 ? 2 : 1;
    const secs = Math.floor(t / 1000);
    for (let h = 0; h < count; h++) {
      const station = heard[h];
      const sat = station.id === SATELLITE;
      const delay = sat || rng.next() < cfg.late ? 60_000 + rng.next() * 420_000 : rng.next() * 2_000;
      const delivery = Math.floor(t + delay);
      const arena = ring[Math.floor(delivery / 1000) % ring.length];
      arena.room(512);
      const start = arena.used;
      // Every sentence of the message gets the tag block (a type 5 has two).
      const buf = arena.buf;
      let p = writeTagBlock(buf, start, station, secs);
      for (let i = 0; i < len; i++) {
        const b = scratch[i];
        buf[p++] = b;
        if (b === 10 && i + 1 < len) p = writeTagBlock(buf, p, station, secs);
      }
      arena.used = p;
      if (rng.next() < cfg.noise) corrupt(arena, start, rng);
      arena.lines++;
      arena.sentences += sentences;
    }
    return true;
  };

  /** Bookkeeping for a heard position report: gaps and silences are about positions. */
  const onHeard = (i: number, ship: Ship, t: number) => {
    const last = lastHeard[i];
    const gs = gaps.get(ship);
    let explained = false;
    if (gs) {
      for (const g of gs) {
        if (t >= g.t1 && !closedGaps.has(g)) {
          closedGaps.add(g);
          // In whole seconds, as the feed's c: times say.
          g.event.start = iso(Number.isNaN(last) ? g.t0 : secondOf(last));
          g.event.end = iso(secondOf(t));
          explained = true;
        }
      }
    }
    if (
      !explained &&
      !Number.isNaN(last) &&
      t - last >= COVERAGE_GAP_MS &&
      !ship.dark.some((d) => d.t0 < t && d.t1 > last)
    ) {
      // A data hole names the ship itself; leaving the export's area, or coverage, is named here.
      const why = unheardFor[i];
      if (why & OUTSIDE_AREA) silenceConfounder("area_exit", ship, last, t);
      else if (!(why & IN_SILENCE)) silenceConfounder("coverage_gap", ship, last, t);
    }
    unheardFor[i] = 0;
    lastHeard[i] = t;
  };

  const slices = Math.ceil((world.end - world.start) / sliceMs);
  const firstSecond = Math.floor(world.start / 1000);
  /** Writes out the buckets of delivery seconds [from, to) and empties them. */
  const writeSeconds = (from: number, to: number) => {
    for (let sec = from; sec < to; sec++) {
      const bucket = ring[sec % ring.length];
      out.write(bucket.buf, 0, bucket.used);
      stats.sentences += bucket.sentences;
      stats.lines += bucket.lines;
      bucket.reset();
    }
  };
  for (let slot = 0; slot < slices; slot++) {
    const sliceStart = world.start + slot * sliceMs;
    const sliceEnd = Math.min(world.end, sliceStart + sliceMs);
    for (let i = 0; i < n; i++) {
      const ship = ships[i];
      const stop = Math.min(sliceEnd, endOf[i]);
      if (nextTx[i] >= stop && nextStatic[i] >= stop) continue;
      const probe = Math.max(sliceStart, Math.min(nextTx[i], nextStatic[i]));
      legHint[i] = legAt(ship, probe, legHint[i]);
      fixAt(ship.legs[legHint[i]], probe, fix);
      const aud = audience(fix.lat, fix.lon, cfg.satellite, cfg.holes);
      for (let t = nextTx[i]; t < stop; t = nextTx[i]) {
        legHint[i] = legAt(ship, t, legHint[i]);
        fixAt(ship.legs[legHint[i]], t, fix);
        const step = Math.max(ituIntervalMs(ship.cls, fix.sog, fix.status), feedMs);
        nextTx[i] = t + step * (0.9 + 0.2 * rng.next());
        if (ship.dark.length > 0 && during(ship.dark, t)) continue;
        const spoof = ship.spoofs.length > 0 ? during(ship.spoofs, t) : undefined;
        const id = inForce(ship.identities, t);
        const msg = ship.cls === "A" ? msgs.a : msgs.b;
        msg.mmsi = id.mmsi;
        msg.lat = spoof ? spoof.lat : fix.lat;
        msg.lon = spoof ? spoof.lon : fix.lon;
        msg.speed = Math.max(
          0,
          Math.round((fix.sog + (fix.sog > 0.5 ? rng.next() * 0.4 - 0.2 : rng.next() * 0.1)) * 10) / 10,
        );
        msg.course = Math.round(((fix.cog + rng.next() * 4 - 2 + 360) % 360) * 10) / 10;
        msg.heading = Math.round(fix.cog) % 360;
        msg.second = Math.floor(t / 1000) % 60;
        if (ship.cls === "A") msgs.a.status = fix.status;
        if (dropped(i, ship, t, msg.lat, msg.lon)) continue;
        if (send(msg, t, aud)) {
          onHeard(i, ship, t);
          onHeardAt(ship, t, msg.lat, msg.lon);
          // Every fix of a spoofing ship in its interval is false: jumped, on land, or a clone's.
          const ps = spoofs.get(ship);
          if (ps)
            for (const p of ps) if (t >= p.t0 && t < p.t1) spoofHeard.set(p, (spoofHeard.get(p) ?? 0) + 1);
        }
      }
      for (let t = nextStatic[i]; t < stop; t = nextStatic[i]) {
        nextStatic[i] = t + staticMs;
        if (ship.dark.length > 0 && during(ship.dark, t)) continue;
        if (cfg.exportArea !== null || world.silences.length > 0) {
          const at = fixAt(ship.legs[legAt(ship, t, legHint[i])], t, spot);
          if (dropped(i, ship, t, at.lat, at.lon)) continue;
        }
        const id = inForce(ship.identities, t);
        const draught = inForce(ship.draughts, t).draught;
        let any: boolean;
        if (ship.cls === "A") {
          const m = msgs.five;
          m.mmsi = id.mmsi;
          m.imo = id.imo;
          m.callsign = id.callsign;
          m.shipname = id.name;
          m.shiptype = ship.shipType;
          [m.to_bow, m.to_stern, m.to_port, m.to_starboard] = ship.dims;
          m.draught = draught;
          any = send(m, t, aud);
        } else {
          msgs.partA.mmsi = msgs.partB.mmsi = id.mmsi;
          msgs.partA.shipname = id.name;
          msgs.partB.callsign = id.callsign;
          msgs.partB.shiptype = ship.shipType;
          [msgs.partB.to_bow, msgs.partB.to_stern, msgs.partB.to_port, msgs.partB.to_starboard] = ship.dims;
          any = send(msgs.partA, t, aud);
          any = send(msgs.partB, t + 1000, aud) || any;
        }
        if (any) {
          const f = firstStatic.get(ship);
          if (f) {
            f.event.start = f.event.end = iso(secondOf(t));
            firstStatic.delete(ship);
          }
          // A draught change shows in the data when the first report of the new draught is heard.
          // The change shows at sea only when both the last old report and the first new one
          // were heard away from port; otherwise it may as well have happened in port.
          for (const d of draughtSeen.get(ship) ?? []) {
            if (seenDraughts.has(d)) continue;
            const at = fixAt(ship.legs[legAt(ship, t)], t, spot);
            const inPort = world.ports.some(
              (q) => distanceM(at.lat, at.lon, q.lat, q.lon) < q.radiusKm * 1000 + IN_PORT_MARGIN_M,
            );
            if (t < d.after) oldInPort.set(d, inPort);
            else if (draught === d.draught) {
              seenDraughts.add(d);
              d.event.end = iso(secondOf(t));
              if (inPort || oldInPort.get(d) !== false) changedInPort.add(d.event);
            }
          }
        }
      }
    }
    // Nothing made later can be delivered within this slice: write its seconds.
    writeSeconds(firstSecond + (slot * sliceMs) / 1000, firstSecond + ((slot + 1) * sliceMs) / 1000);
  }
  const done = firstSecond + (slices * sliceMs) / 1000;
  writeSeconds(done, done + ring.length);
  out.flush();
  stats.bytes = out.bytes;
  // Spoofing nobody heard enough of is not in the data, so not in the truth.
  const unheard = new Set(
    world.pending
      .filter((p) => p.kind === "spoof" && (spoofHeard.get(p) ?? 0) < p.minHeard)
      .map((p) => p.event),
  );
  // A port call whose exit nobody heard goes on, in the data, into the next call at that
  // port (a tug's excursion unheard), or past the end of the data (then it is not a call).
  const merged = new Set<TruthEvent>();
  for (const x of unseenExits) {
    if (seenExits.has(x)) continue;
    merged.add(x.event);
    if (x.next === null) continue;
    x.next.start = x.event.start;
    for (const v of x.event.vessels)
      if (!x.next.vessels.some((w) => w.mmsi === v.mmsi)) x.next.vessels.unshift(v);
  }
  world.events = world.events.filter((e) => !unheard.has(e) && !changedInPort.has(e) && !merged.has(e));
  return stats;
}

type PortExit = Extract<Pending, { kind: "portExit" }>;

const secondOf = (t: number) => Math.floor(t / 1000) * 1000;

/** The interval of `list` containing t, if any. */
function during<T extends { t0: number; t1: number }>(list: T[], t: number): T | undefined {
  for (const x of list) if (t >= x.t0 && t < x.t1) return x;
  return undefined;
}

/** Damages a record the way feeds do: a wrong checksum, a line cut short, or stray bytes before it. */
function corrupt(arena: Bucket, start: number, rng: Prng): void {
  const buf = arena.buf;
  const end = arena.used;
  const r = rng.next();
  if (r < 0.4) {
    // The last checksum digit, just before the newline.
    buf[end - 2] = buf[end - 2] === 48 ? 49 : 48;
  } else if (r < 0.7) {
    const cut = start + 10 + Math.floor(rng.next() * Math.max(1, end - start - 20));
    buf[cut] = 10;
    arena.used = cut + 1;
  } else {
    const len = 3 + Math.floor(rng.next() * 20);
    arena.room(len + 1);
    buf.copy(arena.buf, start + len + 1, start, end);
    for (let k = 0; k < len; k++)
      arena.buf[start + k] = rng.next() < 0.2 ? 0xff : 33 + Math.floor(rng.next() * 90);
    arena.buf[start + len] = 10;
    arena.used = end + len + 1;
  }
}

/**
 * One reusable message object per type, mutated for each report: blank records from the
 * field tables, with what the simulator sends for the fields it never varies.
 */
function messages() {
  const a = blankMessage<PositionReportA>(1);
  const b = blankMessage<PositionReportB>(18);
  b.cs = b.dsc = b.band = b.msg22 = true; // a Class B CS unit with DSC, whole band, message 22
  const five = blankMessage<StaticVoyageData>(5);
  five.epfd = 1; // GPS
  five.hour = 24; // ETA hour and minute not available
  five.minute = 60;
  const partA = blankMessage<StaticDataReportA>(24, STATIC_A);
  const partB = blankMessage<StaticDataReportB>(24, STATIC_B);
  return { a, b, five, partA, partB };
}
