/**
 * `/api/events`: stored events by kind, box, window and vessel, as JSON (without their
 * evidence, which `/api/events/:id` gives) or GeoJSON points; `/api/summary`: what the
 * store holds, for a page's first view.
 */
import type { FastifyInstance } from "fastify";
import type { Event } from "../model/event.js";
import {
  bboxSchema,
  kindsSchema,
  mmsiSchema,
  parseBox,
  parseKinds,
  parseWindow,
  windowProperties,
} from "./params.js";
import type { Reads } from "./reads.js";

export const MAX_EVENTS = 5000;

interface EventsQuery {
  kinds?: string;
  bbox?: string;
  from?: string;
  to?: string;
  mmsi?: number;
  limit: number;
  offset: number;
  format: "json" | "geojson";
}

/** An event for a list: everything but the evidence track. */
function listed(e: Event): Omit<Event, "evidence"> & { evidencePoints: number } {
  const { evidence, ...rest } = e;
  return { ...rest, evidencePoints: evidence.length };
}

export function eventRoutes(app: FastifyInstance, reads: Reads, live: boolean): void {
  app.get<{ Querystring: EventsQuery }>(
    "/api/events",
    {
      schema: {
        summary:
          "stored events overlapping the window, by start then id (evidence left out: see /api/events/{id})",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            kinds: kindsSchema,
            bbox: bboxSchema,
            ...windowProperties,
            mmsi: mmsiSchema,
            limit: { type: "integer", minimum: 1, maximum: MAX_EVENTS, default: 1000 },
            offset: { type: "integer", minimum: 0, maximum: 10_000_000, default: 0 },
            format: { type: "string", enum: ["json", "geojson"], default: "json" },
          },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const filter = {
        ...parseWindow(q),
        kinds: parseKinds(q.kinds),
        box: q.bbox === undefined ? undefined : parseBox(q.bbox),
        mmsi: q.mmsi,
      };
      const all = await reads.run((s) => s.listEvents(filter));
      const page = all.slice(q.offset, q.offset + q.limit);
      if (q.format === "json") return { total: all.length, offset: q.offset, events: page.map(listed) };
      return {
        type: "FeatureCollection",
        total: all.length,
        features: page.map((e) => ({
          type: "Feature",
          id: e.id,
          properties: {
            id: e.id,
            kind: e.kind,
            status: e.status,
            start: e.start,
            end: e.end,
            mmsis: e.vessels.map((v) => v.mmsi),
          },
          // an event with no place (issue 15) has a null geometry, not a point at 0,0
          geometry: e.lat === null || e.lon === null ? null : { type: "Point", coordinates: [e.lon, e.lat] },
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/events/:id",
    {
      schema: {
        summary: "one event with its evidence",
        params: {
          type: "object",
          properties: { id: { type: "string", pattern: "^[0-9a-zA-Z_-]{1,64}$" } },
          required: ["id"],
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const [e] = await reads.run((s) => s.listEvents({ id }));
      return e ?? reply.code(404).send({ error: `no event with id ${id}` });
    },
  );

  app.get(
    "/api/summary",
    { schema: { summary: "what the store holds: totals, time span, events per kind" } },
    async () => {
      const [t, events] = await reads.run(async (s) => [await s.totals(), await s.eventCounts()] as const);
      return {
        positions: t.positions,
        vessels: t.vessels,
        firstTime: t.firstTime,
        lastTime: t.lastTime,
        events,
        live,
      };
    },
  );
}
