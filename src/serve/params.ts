/**
 * The API's parameters: JSON schemas Fastify validates every request against (a 400 naming
 * the parameter otherwise), and the parsing of the few values a schema can only shape-check
 * (times, boxes). A value that passes here is in range for the store's queries.
 */
import { EVENT_KINDS, type EventKind } from "../model/event.js";
import type { BBox, TimeWindow } from "../store/queries.js";

/** An error the client caused: answered 400 with its one-line message. */
export class BadRequest extends Error {
  readonly statusCode = 400;
}

const NUMBER = "-?\\d{1,3}(\\.\\d{1,9})?";

export const mmsiSchema = { type: "integer", minimum: 1, maximum: 999_999_999, description: "MMSI" } as const;

export const timeSchema = {
  type: "string",
  maxLength: 30,
  // Epoch ms, a date, or a date and time with its zone: an API never guesses the zone.
  pattern: "^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?)$",
  description: "epoch ms, or ISO 8601 with zone (2019-03-01T12:00Z); a date alone is UTC midnight",
} as const;

export const bboxSchema = {
  type: "string",
  maxLength: 60,
  pattern: `^${NUMBER},${NUMBER},${NUMBER},${NUMBER}$`,
  description: "W,S,E,N in degrees; W > E crosses the antimeridian",
} as const;

export const kindsSchema = {
  type: "string",
  maxLength: 200,
  pattern: `^(${EVENT_KINDS.join("|")})(,(${EVENT_KINDS.join("|")}))*$`,
  description: `comma-separated event kinds: ${EVENT_KINDS.join(", ")}`,
} as const;

export const zoomSchema = {
  type: "number",
  minimum: 0,
  maximum: 24,
  description: "map zoom the result is thinned for (web mercator); omitted: every position",
} as const;

export const windowProperties = { from: timeSchema, to: timeSchema } as const;

export function parseTime(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const t = Date.parse(text);
  // Date.parse may roll 2019-02-30 over into March: the calendar date must survive a round trip.
  const day = text.slice(0, 10);
  const dayMs = Date.parse(day);
  if (Number.isNaN(t) || Number.isNaN(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day)
    throw new BadRequest(`querystring/${name} is not a valid time: '${text}'`);
  return t;
}

export function parseWindow(q: { from?: string; to?: string }): TimeWindow {
  const w = { from: parseTime("from", q.from), to: parseTime("to", q.to) };
  if (w.from !== undefined && w.to !== undefined && w.from > w.to)
    throw new BadRequest("querystring/from is after querystring/to");
  return w;
}

export function parseBox(text: string): BBox {
  const [minLon, minLat, maxLon, maxLat] = text.split(",").map(Number);
  for (const [v, max, what] of [
    [minLon, 180, "W"],
    [maxLon, 180, "E"],
    [minLat, 90, "S"],
    [maxLat, 90, "N"],
  ] as const) {
    if (Math.abs(v) > max) throw new BadRequest(`querystring/bbox ${what} edge ${v} is outside ±${max}`);
  }
  if (minLat > maxLat) throw new BadRequest("querystring/bbox S edge is north of its N edge");
  return { minLat, minLon, maxLat, maxLon };
}

export function parseKinds(text: string | undefined): EventKind[] | undefined {
  return text === undefined ? undefined : ([...new Set(text.split(","))].sort() as EventKind[]);
}

/** A web-mercator pixel (of 256 per tile) at this zoom, in degrees of longitude. */
export function pixelDeg(zoom: number): number {
  return 360 / (256 * 2 ** zoom);
}
