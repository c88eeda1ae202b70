/**
 * A small real store for the screening and risk tests: static reports ingested from
 * hand-written AIS messages, and hand-written events stored through the event writer.
 *
 *   A 445000001 broadcasts IMO 8705539 (listed KUM UN SAN 3) as "SEA STAR", then "SEA STAR 2"
 *   B 667000002 broadcasts the same IMO as "OCEAN GRACE"
 *   C 412000003 broadcasts "KUMUNSAN NO.3" with a bad IMO 1234568
 *   D 413000004 broadcasts IMO 9114555 (listed UL JI BONG 6) as "WIDE SEA"
 *   E 477000005 broadcasts "EVER FORTUNE" IMO 9321483: on no list
 * Events: A meets D (encounter e-enc), D goes dark a few hours later (e-gap-d), A calls at
 * Nampo (e-port), A loiters (e-loit); E meets A (e-enc2).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toSentences } from "../../src/ais/encode.js";
import type { IngestInput } from "../../src/ingest/inputs.js";
import { ingestInput } from "../../src/ingest/pipeline.js";
import type { AisMessage } from "../../src/model/ais.js";
import type { Event } from "../../src/model/event.js";
import { EventWriter } from "../../src/store/events.js";
import { Store } from "../../src/store/store.js";

export const T0 = Date.UTC(2019, 2, 1, 0, 0, 0);
export const [A, B, C, D, E] = [445000001, 667000002, 412000003, 413000004, 477000005];
const HOUR = 3_600_000;

const base = { class: "AIS" as const, repeat: 0, rxtime: null, station: null };

function voyage(mmsi: number, name: string, imo: number): AisMessage {
  return {
    ...base,
    type: 5,
    mmsi,
    ais_version: 0,
    imo,
    callsign: `C${mmsi % 10000}`,
    shipname: name,
    shiptype: 80,
    to_bow: 100,
    to_stern: 20,
    to_port: 10,
    to_starboard: 12,
    epfd: 1,
    month: 3,
    day: 4,
    hour: 5,
    minute: 6,
    draught: 7.5,
    destination: "NAMPO",
    dte: 0,
  };
}

const FEED: [number, AisMessage][] = [
  [0, voyage(A, "SEA STAR", 8705539)],
  [600, voyage(B, "OCEAN GRACE", 8705539)],
  [1200, voyage(C, "KUMUNSAN NO.3", 1234568)],
  [1800, voyage(D, "WIDE SEA", 9114555)],
  [2400, voyage(E, "EVER FORTUNE", 9321483)],
  [7200, voyage(A, "SEA STAR 2", 8705539)],
];

function event(
  id: string,
  kind: Event["kind"],
  vessels: Event["vessels"],
  start: number,
  hours: number,
  attributes: Event["attributes"],
): Event {
  return {
    id,
    kind,
    status: "final",
    start,
    end: start + hours * HOUR,
    vessels,
    lat: 38.7,
    lon: 125.2,
    attributes,
    evidence: [[start, 38.7, 125.2, 0, vessels[0].mmsi]],
    detector: `${kind}@1`,
    configHash: "test",
  };
}

export const EVENTS: Event[] = [
  event(
    "e-enc",
    "encounter",
    [
      { mmsi: A, imo: 8705539, name: "SEA STAR" },
      { mmsi: D, imo: 9114555, name: "WIDE SEA" },
    ],
    T0 + 10 * HOUR,
    6,
    // alongside, and cargo moved: the receiving ship's draught rose 1.4 m
    {
      durationH: 6,
      medianDistanceM: 60,
      shipTypes: [80, 80],
      draughtBefore: [3.8, 7.5],
      draughtAfter: [5.2, 6.1],
    },
  ),
  event("e-gap-d", "gap", [{ mmsi: D }], T0 + 20 * HOUR, 12.5, { durationH: 12.5 }),
  event("e-port", "port_call", [{ mmsi: A }], T0 + 40 * HOUR, 20, {
    port: "Nampo",
    unlocode: "KPNAM",
    country: "KP",
    durationH: 20,
  }),
  event("e-port-cn", "port_call", [{ mmsi: E }], T0 + 40 * HOUR, 20, {
    port: "Dalian",
    unlocode: "CNDLC",
    country: "CN",
    durationH: 20,
  }),
  event("e-loit", "loitering", [{ mmsi: A }], T0 + 70 * HOUR, 8, { durationH: 8 }),
  event("e-enc2", "encounter", [{ mmsi: A }, { mmsi: E, name: "EVER FORTUNE" }], T0 + 90 * HOUR, 3, {
    durationH: 3,
    medianDistanceM: 90,
    shipTypes: [80, 70],
    draughtBefore: [5.2, 9],
    draughtAfter: [5.2, 9],
  }),
];

/** Creates the store in a fresh temp folder; returns it open (read-write) and its path. */
export async function fixtureStore(): Promise<{ store: Store; path: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-screen-"));
  const path = join(dir, "s.duckdb");
  const text = `${FEED.map(([s, m], i) => toSentences(m, { seqId: i % 10, tagBlock: { c: T0 / 1000 + s } }).join("\n")).join("\n")}\n`;
  const data = Buffer.from(text);
  const input: IngestInput = {
    name: "screen.nmea",
    kind: "file",
    path: null,
    size: data.length,
    live: false,
    fingerprint: async () => "test:screen",
    open: () => ({
      bytesRead: data.length,
      async *[Symbol.asyncIterator]() {
        yield data;
      },
    }),
  };
  const store = await Store.open(path);
  await ingestInput(store, input);
  const w = await EventWriter.open(store);
  for (const e of EVENTS) w.put(e);
  await w.close();
  return { store, path, dir };
}
