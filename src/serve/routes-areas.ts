/** `/api/areas`: the profile's areas (territorial sea, EEZ, transfer areas) as GeoJSON, for the map. */
import type { FastifyInstance } from "fastify";
import type { Zone } from "../geo/zones.js";

export function areaRoutes(app: FastifyInstance, areas: readonly Zone[]): void {
  // Built once: the profile is read at start and does not change while serving.
  const collection = {
    type: "FeatureCollection",
    features: areas.map((z) => ({
      type: "Feature",
      properties: { name: z.name, kind: z.kind, source: z.source ?? null },
      geometry: { type: "Polygon", coordinates: z.rings },
    })),
  };
  app.get(
    "/api/areas",
    {
      schema: {
        summary: "the profile's areas (kind: territorial_sea, eez, area, sts_area), each with its source",
      },
    },
    async () => collection,
  );
}
