/**
 * The HTTP server of `darkfleet serve`: a read-only JSON/GeoJSON API over a store, its
 * OpenAPI document, the live event stream and the web page. Safe by default: GET only,
 * every parameter checked against a schema (400 with a one-line reason), results and
 * request sizes bounded, requests per client rate-limited.
 */

import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import type { Zone } from "../geo/zones.js";
import type { ServeReader } from "../store/backend.js";
import type { LiveHub } from "./live-hub.js";
import { pageRoutes } from "./page.js";
import { Reads } from "./reads.js";
import { areaRoutes } from "./routes-areas.js";
import { eventRoutes } from "./routes-events.js";
import { mapRoutes } from "./routes-map.js";
import { vesselRoutes } from "./routes-vessels.js";

export interface AppOptions {
  /** Read through this (DuckDB: a connection of its own, see Store.connection; PostgreSQL: a pool). */
  reader: ServeReader;
  hub: LiveHub;
  /** Requests per client per minute. */
  rateLimit?: number;
  /** The profile's areas, drawn on the map (default: none). */
  areas?: readonly Zone[];
  /** Where the built page is (default: dist/web/static). */
  staticDir?: string;
}

export const DEFAULT_RATE_LIMIT = 1200;

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024,
    routerOptions: { maxParamLength: 100 },
    requestTimeout: 60_000,
    // verbose: a failed pattern is reported with the parameter's description, not its regex.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false, verbose: true } },
    schemaErrorFormatter: (errors, dataVar) => {
      const e = errors[0];
      const where = `${dataVar}${e.instancePath}`;
      const described = (e as { parentSchema?: { description?: string } }).parentSchema?.description;
      return new Error(
        e.keyword === "pattern" && described ? `${where} must be ${described}` : `${where} ${e.message}`,
      );
    },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "darkfleet",
        version: "0.1.0",
        description: "Read-only API over a darkfleet store: vessels, tracks, positions, events, live stream",
      },
    },
  });
  await app.register(rateLimit, { max: o.rateLimit ?? DEFAULT_RATE_LIMIT, timeWindow: 60_000 });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500 && status !== 503) {
      reply.log.error(err);
      return reply.code(500).send({ error: "internal error" });
    }
    return reply.code(status).send({ error: err.message.split("\n")[0] });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no such resource: ${req.url.split("?")[0]}` }),
  );

  const reads = new Reads(o.reader);
  vesselRoutes(app, reads);
  mapRoutes(app, reads);
  eventRoutes(app, reads, o.hub.live);
  areaRoutes(app, o.areas ?? []);
  app.get(
    "/api/live",
    { schema: { summary: "Server-Sent Events: hello, then positions and event emissions of a live feed" } },
    (req, reply) => {
      reply.hijack();
      if (!o.hub.subscribe(reply.raw)) {
        reply.raw.writeHead(503, { "content-type": "application/json" });
        reply.raw.end(JSON.stringify({ error: "too many live subscribers" }));
      }
      req.raw.on("close", () => reply.raw.end());
    },
  );
  app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());
  pageRoutes(app, o.staticDir);
  return app;
}
