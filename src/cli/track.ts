/** `darkfleet track MMSI [--from T] [--to T] [--geojson]`: one vessel's positions in time order. */
import type { Command } from "commander";
import { parseTime } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

interface TrackOptions extends StoreCliOptions {
  from?: string;
  to?: string;
  geojson?: boolean;
}

export async function runTrack(mmsiText: string, opts: TrackOptions): Promise<number> {
  const mmsi = Number(mmsiText);
  if (!Number.isInteger(mmsi) || mmsi <= 0 || mmsi > 999_999_999) throw new Error(`bad MMSI '${mmsiText}'`);
  const from = opts.from === undefined ? undefined : parseTime(opts.from);
  const to = opts.to === undefined ? undefined : parseTime(opts.to);
  const store = await openCliStore(opts, { readOnly: true });
  try {
    const positions = await store.track(mmsi, { from, to });
    const out = new TextOut();
    if (opts.geojson) {
      const feature = {
        type: "Feature",
        properties: {
          mmsi,
          from: positions[0]?.t ?? null,
          to: positions.at(-1)?.t ?? null,
          times: positions.map((p) => p.t),
        },
        geometry: { type: "LineString", coordinates: positions.map((p) => [p.lon, p.lat]) },
      };
      await out.line(JSON.stringify({ type: "FeatureCollection", features: [feature] }));
    } else {
      for (const p of positions) await out.line(JSON.stringify(p));
    }
    await out.flush();
    return 0;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("track")
      .description("print a vessel's positions in time order (JSON lines, or GeoJSON)")
      .argument("<mmsi>", "the vessel's MMSI"),
  )
    .option("--from <time>", "start (ISO 8601 or epoch ms)")
    .option("--to <time>", "end, inclusive (ISO 8601 or epoch ms)")
    .option("--geojson", "print a GeoJSON FeatureCollection with one LineString")
    .action(async (mmsi: string, opts: TrackOptions) => {
      process.exitCode = await runTrack(mmsi, opts);
    });
}
