/**
 * Deterministic NMEA test input for the ingest tests, written with the project's AIS
 * encoder: a few vessels moving, each message heard by one or two stations (duplicates),
 * type 5 static reports in two sentences (sometimes interleaved with other lines), type 24
 * halves, and some lines that must be rejected or cannot be placed in time.
 */
import { toSentences } from "../../src/ais/encode.js";
import type { AisMessage } from "../../src/model/ais.js";

export interface FixtureOptions {
  lines: number;
  vessels?: number;
  seed?: number;
  start?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), 61);
    return ((s ^ (s >>> 14)) >>> 0) / 4294967296;
  };
}

const base = { class: "AIS" as const, repeat: 0, rxtime: null, station: null };

export function fixtureLines(opts: FixtureOptions): string[] {
  const rand = rng(opts.seed ?? 1);
  const nv = opts.vessels ?? 20;
  const vessels = Array.from({ length: nv }, (_, i) => ({
    mmsi: 412_000_001 + i * 7919,
    lat: 38 + rand() * 2,
    lon: 123 + rand() * 2,
    classB: i % 4 === 3,
  }));
  let t = opts.start ?? Date.UTC(2024, 0, 1);
  let seq = 0;
  const out: string[] = [];
  // Copies heard by a second receiver arrive a few lines later, interleaved with other traffic.
  const delayed: { at: number; text: string }[] = [];
  while (out.length < opts.lines) {
    while (delayed.length > 0 && delayed[0].at <= out.length)
      out.push((delayed.shift() as { text: string }).text);
    t += Math.floor(rand() * 3000);
    const v = vessels[Math.floor(rand() * nv)];
    v.lat += (rand() - 0.5) * 0.01;
    v.lon += (rand() - 0.5) * 0.01;
    const r = rand();
    let msg: AisMessage;
    if (r < 0.06 && !v.classB) {
      msg = {
        ...base,
        type: 5,
        mmsi: v.mmsi,
        ais_version: 0,
        imo: 9_000_000 + (v.mmsi % 1000) * 10 + (rand() < 0.02 ? 1 : 0),
        callsign: `HP${v.mmsi % 10000}`,
        shipname: rand() < 0.03 ? "RENAMED" : `VESSEL ${v.mmsi % 1000}`,
        shiptype: 80,
        to_bow: 100,
        to_stern: 20,
        to_port: 10,
        to_starboard: 10,
        epfd: 1,
        month: 1,
        day: 5,
        hour: 12,
        minute: 0,
        draught: 5 + Math.floor(rand() * 100) / 10,
        destination: "NAMPO",
        dte: 0,
      };
    } else if (r < 0.1 && v.classB) {
      msg =
        rand() < 0.5
          ? { ...base, type: 24, mmsi: v.mmsi, partno: 0, shipname: `BOAT ${v.mmsi % 1000}` }
          : {
              ...base,
              type: 24,
              mmsi: v.mmsi,
              partno: 1,
              shiptype: 37,
              vendorid: "ABC",
              model: 1,
              serial: 2,
              callsign: `B${v.mmsi % 1000}`,
              to_bow: 5,
              to_stern: 5,
              to_port: 2,
              to_starboard: 2,
            };
    } else if (v.classB) {
      msg = {
        ...base,
        type: 18,
        mmsi: v.mmsi,
        reserved: 0,
        speed: Math.floor(rand() * 100) / 10,
        accuracy: false,
        lon: Math.round(v.lon * 600000) / 600000,
        lat: Math.round(v.lat * 600000) / 600000,
        course: Math.floor(rand() * 3600) / 10,
        heading: null,
        second: Math.floor(t / 1000) % 60,
        regional: 0,
        cs: true,
        display: false,
        dsc: true,
        band: true,
        msg22: true,
        assigned: false,
        raim: false,
        radio: 0,
      };
    } else {
      msg = {
        ...base,
        type: 1,
        mmsi: v.mmsi,
        status: rand() < 0.8 ? 0 : 1,
        turn: null,
        speed: Math.floor(rand() * 150) / 10,
        accuracy: true,
        lon: Math.round(v.lon * 600000) / 600000,
        lat: Math.round(v.lat * 600000) / 600000,
        course: Math.floor(rand() * 3600) / 10,
        heading: Math.floor(rand() * 360),
        second: Math.floor(t / 1000) % 60,
        maneuver: 0,
        raim: false,
        radio: 0,
      };
    }
    const copies = rand() < 0.3 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const tc = t + c * Math.floor(rand() * 5000);
      const sentences = toSentences(msg, {
        seqId: seq++ % 10,
        tagBlock: { s: c === 0 ? "rx1" : "rx2", c: Math.floor(tc / 1000) },
      });
      const noise = rand();
      let text: string;
      if (noise < 0.01) text = sentences[0].replace(/\*..$/, "*00");
      else if (noise < 0.02) text = sentences.map((s) => s.replace(/^\\[^\\]*\\/, "")).join("\n");
      else if (sentences.length > 1 && noise < 0.3) {
        // A line from another receiver lands between the two halves of a type 5.
        text = [
          sentences[0],
          `\\s:rx3,c:${Math.floor(tc / 1000)}*00\\!AIVDM,1,1,,B,bad,0*00`,
          sentences[1],
        ].join("\n");
      } else text = sentences.join("\n");
      if (c === 0) out.push(text);
      else delayed.push({ at: out.length + Math.floor(rand() * 40), text });
    }
  }
  return out;
}

export function fixtureText(opts: FixtureOptions): string {
  return `${fixtureLines(opts).join("\n")}\n`;
}
