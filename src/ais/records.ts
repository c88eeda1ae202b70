/**
 * Decoded AIS messages to the records later layers speak (model/records.ts). Only
 * vessel messages become records: base stations (4, 11), aids to navigation (21) and
 * SAR aircraft (9) are not ships and are left out, as detectors must not see them.
 * A message without a receive time cannot be placed in time and yields no record.
 */
import type { AisMessage } from "../model/ais.js";
import { blankStatic, type Position, type Static } from "../model/records.js";

/** The vessel position a message carries, or null (not a vessel message, no time, no fix). */
export function toPosition(msg: AisMessage): Position | null {
  if (msg.rxtime === null) return null;
  switch (msg.type) {
    case 1:
    case 2:
    case 3:
    case 18:
    case 19:
    case 27: {
      if (msg.lat === null || msg.lon === null) return null;
      const classA = msg.type !== 18 && msg.type !== 19;
      return {
        mmsi: msg.mmsi,
        t: msg.rxtime,
        lat: msg.lat,
        lon: msg.lon,
        sog: msg.speed,
        cog: msg.course,
        heading: msg.type === 27 ? null : msg.heading,
        navStatus: classA ? (msg as { status: number }).status : null,
        cls: classA ? "A" : "B",
        msgType: msg.type,
      };
    }
    default:
      return null;
  }
}

const text = (s: string): string | null => (s === "" ? null : s);
const positive = (n: number): number | null => (n > 0 ? n : null);

/** Antenna offsets (metres from bow, stern, port, starboard); absent or 0 is "not available". */
function dimensions(m: { to_bow?: number; to_stern?: number; to_port?: number; to_starboard?: number }) {
  return {
    toBow: positive(m.to_bow ?? 0),
    toStern: positive(m.to_stern ?? 0),
    toPort: positive(m.to_port ?? 0),
    toStarboard: positive(m.to_starboard ?? 0),
  };
}

function staticRecord(msg: AisMessage, cls: "A" | "B", fields: Partial<Static>): Static {
  return { ...blankStatic(), mmsi: msg.mmsi, t: msg.rxtime as number, cls, msgType: msg.type, ...fields };
}

/**
 * The identity and voyage data a message carries, or null. Zero and empty values are
 * the standard's "not available" and become null. Class B type 24 halves come as they
 * are (a part A has only the name); joining them per MMSI is the store's identity history.
 */
export function toStatic(msg: AisMessage): Static | null {
  if (msg.rxtime === null) return null;
  switch (msg.type) {
    case 5:
      return staticRecord(msg, "A", {
        imo: positive(msg.imo),
        callsign: text(msg.callsign),
        name: text(msg.shipname),
        shipType: positive(msg.shiptype),
        ...dimensions(msg),
        draught: positive(msg.draught),
        destination: text(msg.destination),
      });
    case 19:
      return staticRecord(msg, "B", {
        name: text(msg.shipname),
        shipType: positive(msg.shiptype),
        ...dimensions(msg),
      });
    case 24:
      if (msg.partno === 0) return staticRecord(msg, "B", { name: text(msg.shipname) });
      return staticRecord(msg, "B", {
        callsign: text(msg.callsign),
        shipType: positive(msg.shiptype),
        ...dimensions(msg),
      });
    default:
      return null;
  }
}
