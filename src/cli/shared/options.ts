/** What several commands parse alike: the default store, times, boxes and event kinds. */
import { TIME_FROM, type TimeFrom } from "../../ais/decoder.js";
import { EVENT_KINDS, type EventKind } from "../../model/event.js";
import { columnsFormat } from "../../sources/index.js";

export const DEFAULT_DB = "darkfleet.duckdb";

/** ISO 8601 (UTC unless it says otherwise) or epoch milliseconds. */
export function parseTime(text: string): number {
  const t = /^\d+$/.test(text)
    ? Number(text)
    : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length <= 10 ? text : `${text}Z`);
  if (Number.isNaN(t))
    throw new Error(`bad time '${text}': expected ISO 8601 (2024-01-31T12:00Z) or epoch ms`);
  return t;
}

export interface Box {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export function parseBbox(text: string): Box {
  const v = text.split(",").map(Number);
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)))
    throw new Error(`bad --bbox '${text}': expected W,S,E,N`);
  const [minLon, minLat, maxLon, maxLat] = v;
  if (minLat > maxLat || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90)
    throw new Error(`bad --bbox '${text}'`);
  return { minLat, minLon, maxLat, maxLon };
}

export function parseKinds(text: string): EventKind[] {
  const kinds = text.split(",").map((k) => k.trim());
  for (const k of kinds) {
    if (!(EVENT_KINDS as readonly string[]).includes(k)) {
      throw new Error(`unknown event kind '${k}' (kinds: ${EVENT_KINDS.join(", ")})`);
    }
  }
  return kinds as EventKind[];
}

/** `--time-from`: where a message whose line carries no time gets one. */
export const TIME_FROM_HELP =
  "for NMEA lines without a time: base-stations (from the stream's type 4/11 UTC and each report's second), now (the time read), or none (left untimed); live feeds default to now";

/** `--columns`, checked before any work (sources/csv-columns.ts). */
export function parseColumns(text: string | undefined): string | undefined {
  if (text !== undefined) columnsFormat(text);
  return text;
}

export function parseTimeFrom(text: string | undefined): TimeFrom | undefined {
  if (text === undefined) return undefined;
  if (!(TIME_FROM as readonly string[]).includes(text))
    throw new Error(`bad --time-from '${text}': ${TIME_FROM.join(", ")}`);
  return text as TimeFrom;
}

export const DEFAULT_BUS_TRIES = 6;
export const BUS_TRIES_HELP =
  "tries to reach the bus (and to reconnect), waiting 0.5 s, then twice as long each time up to 4 s";

export function busTries(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bad --bus-tries '${text}': a whole number >= 1`);
  return n;
}
