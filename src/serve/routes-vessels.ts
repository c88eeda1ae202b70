/** `/api/vessels`: search by MMSI, IMO or name, and one vessel's identity and extent. */
import type { FastifyInstance } from "fastify";
import { mmsiSchema } from "./params.js";
import type { Reads } from "./reads.js";

export const MAX_VESSELS = 1000;

export function vesselRoutes(app: FastifyInstance, reads: Reads): void {
  app.get<{ Querystring: { q: string; limit: number } }>(
    "/api/vessels",
    {
      schema: {
        summary: "vessels whose MMSI starts with q, whose IMO is q, or who ever showed a name containing q",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            q: {
              type: "string",
              maxLength: 40,
              default: "",
              description: "MMSI prefix, IMO or part of a name",
            },
            limit: { type: "integer", minimum: 1, maximum: MAX_VESSELS, default: 50 },
          },
        },
      },
    },
    async (req) => ({
      vessels: await reads.run((s) => s.searchVessels(req.query.q.trim(), req.query.limit)),
    }),
  );

  app.get<{ Params: { mmsi: number } }>(
    "/api/vessels/:mmsi",
    {
      schema: {
        summary: "a vessel: latest static data, every identity it has shown, its positions' extent",
        params: { type: "object", properties: { mmsi: mmsiSchema }, required: ["mmsi"] },
      },
    },
    async (req, reply) => {
      const { mmsi } = req.params;
      // one after another: a DuckDB connection runs one query at a time
      const [latest, identities, extent] = await reads.run(
        async (s) =>
          [await s.latestStatic(mmsi), await s.identityHistory(mmsi), await s.trackExtent(mmsi)] as const,
      );
      if (latest === null && extent.positions === 0)
        return reply.code(404).send({ error: `no vessel with MMSI ${mmsi} in the store` });
      return { mmsi, latest, identities, ...extent };
    },
  );
}
