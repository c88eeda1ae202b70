/**
 * `/api/vessels/:mmsi/track` and `/api/positions`: GeoJSON for the map, thinned on the
 * server to what the zoom can show (a pixel's tolerance for a track, a few pixels' cell for
 * positions), so a page stays smooth however many positions the store holds. A track says
 * where the vessel went silent (`breaks`: vertex i follows a silence), which the page dashes.
 */
import type { FastifyInstance } from "fastify";
import simplify from "simplify-js";
import {
  bboxSchema,
  mmsiSchema,
  parseBox,
  parseWindow,
  pixelDeg,
  windowProperties,
  zoomSchema,
} from "./params.js";
import type { Reads } from "./reads.js";

export const MAX_TRACK_POINTS = 100_000;
/** Default silence, in minutes, after which a track breaks (the page dashes the break). */
export const DARK_MIN = 60;
export const MAX_POSITIONS = 50_000;
/** Positions are thinned to one per vessel in a cell this many pixels wide. */
const CELL_PX = 4;

const round5 = (deg: number) => Math.round(deg * 1e5) / 1e5;

interface TrackPoint {
  x: number;
  y: number;
  t: number;
  sog: number | null;
}

/** The track cut where the vessel was silent for `darkMs` or more. */
function splitAtSilences(points: TrackPoint[], darkMs: number): TrackPoint[][] {
  const runs: TrackPoint[][] = [];
  let run: TrackPoint[] = [];
  for (const p of points) {
    if (run.length > 0 && p.t - run[run.length - 1].t >= darkMs) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export function mapRoutes(app: FastifyInstance, reads: Reads): void {
  app.get<{
    Params: { mmsi: number };
    Querystring: { from?: string; to?: string; zoom?: number; darkMinutes: number };
  }>(
    "/api/vessels/:mmsi/track",
    {
      schema: {
        summary: "a vessel's track as a GeoJSON LineString feature, times and speeds per vertex",
        params: { type: "object", properties: { mmsi: mmsiSchema }, required: ["mmsi"] },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...windowProperties,
            zoom: zoomSchema,
            darkMinutes: {
              type: "integer",
              minimum: 1,
              maximum: 100_000,
              default: DARK_MIN,
              description: "silence after which the track breaks: listed in breaks, kept by simplification",
            },
          },
        },
      },
    },
    async (req) => {
      const { mmsi } = req.params;
      const w = parseWindow(req.query);
      const positions = await reads.run((s) => s.track(mmsi, w));
      const all: TrackPoint[] = positions.map((p) => ({ x: p.lon, y: p.lat, t: p.t, sog: p.sog }));
      // Simplified run by run, so a silence stays a silence however coarse the zoom.
      const runs = splitAtSilences(all, req.query.darkMinutes * 60_000);
      const zoom = req.query.zoom;
      let points: TrackPoint[] = [];
      const breaks: number[] = [];
      for (const run of runs) {
        if (points.length > 0) breaks.push(points.length);
        points = points.concat(zoom === undefined ? run : (simplify(run, pixelDeg(zoom)) as TrackPoint[]));
      }
      const truncated = points.length > MAX_TRACK_POINTS;
      if (truncated) points = points.slice(0, MAX_TRACK_POINTS);
      return {
        type: "Feature",
        properties: {
          mmsi,
          positions: positions.length,
          truncated,
          times: points.map((p) => p.t),
          sogs: points.map((p) => p.sog),
          breaks: breaks.filter((i) => i < points.length),
        },
        geometry: { type: "LineString", coordinates: points.map((p) => [p.x, p.y]) },
      };
    },
  );

  app.get<{ Querystring: { bbox: string; from?: string; to?: string; zoom?: number; limit: number } }>(
    "/api/positions",
    {
      schema: {
        summary:
          "positions in a box and window as GeoJSON points, the latest per vessel and cell at the zoom",
        querystring: {
          type: "object",
          additionalProperties: false,
          required: ["bbox"],
          properties: {
            bbox: bboxSchema,
            ...windowProperties,
            zoom: zoomSchema,
            limit: { type: "integer", minimum: 1, maximum: MAX_POSITIONS, default: 10_000 },
          },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const box = parseBox(q.bbox);
      const w = parseWindow(q);
      const cellDeg = q.zoom === undefined ? 0 : pixelDeg(q.zoom) * CELL_PX;
      const r = await reads.run((s) => s.positionsByCell(box, w, cellDeg, q.limit));
      return {
        type: "FeatureCollection",
        truncated: r.truncated,
        features: r.positions.map((p) => ({
          type: "Feature",
          properties: { mmsi: p.mmsi, t: p.t, sog: p.sog, n: p.n },
          // 1e-5 degree (about a metre) is finer than a pixel at any zoom the page offers.
          geometry: { type: "Point", coordinates: [round5(p.lon), round5(p.lat)] },
        })),
      };
    },
  );
}
