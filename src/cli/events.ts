/**
 * `darkfleet events [FILE] [--db FILE | --store URL] [--kinds K,...] [--mmsi N] [--from T] [--to T]
 * [--json|--geojson]`: lists the events `darkfleet detect` stored in the database, or,
 * given FILE, those in a JSON-lines file written by `detect --out` (emissions folded by
 * id: the last state of each event wins and retracted events disappear). Output is
 * sorted by start, then id.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Event } from "../model/event.js";
import type { EventFilter } from "../store/events.js";
import { parseKinds, parseTime } from "./shared/options.js";
import { addStoreOptions, openCliStore, type StoreCliOptions } from "./shared/store-options.js";

interface EventsOptions extends StoreCliOptions {
  kinds?: string;
  mmsi?: string;
  from?: string;
  to?: string;
  json?: boolean;
  geojson?: boolean;
}

/** Folds emissions (open → final/retracted) into the latest state of each event. */
export function foldEvents(text: string): Event[] {
  const byId = new Map<string, Event>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const e = JSON.parse(line) as Event;
    if (e.status === "retracted") byId.delete(e.id);
    else byId.set(e.id, e);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function toGeoJson(events: Event[]): object {
  return {
    type: "FeatureCollection",
    features: events.map((e) => ({
      type: "Feature",
      id: e.id,
      properties: {
        kind: e.kind,
        status: e.status,
        start: new Date(e.start).toISOString(),
        end: new Date(e.end).toISOString(),
        mmsis: e.vessels.map((v) => v.mmsi),
        ...e.attributes,
      },
      geometry:
        e.evidence.length > 1
          ? { type: "LineString", coordinates: e.evidence.map((p) => [p[2], p[1]]) }
          : e.lat === null || e.lon === null
            ? null
            : { type: "Point", coordinates: [e.lon, e.lat] },
    })),
  };
}

function readFile(file: string): Event[] {
  try {
    return foldEvents(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
}

async function readStore(opts: StoreCliOptions, f: EventFilter): Promise<Event[]> {
  const store = await openCliStore(opts, { readOnly: true });
  try {
    return await store.listEvents(f);
  } finally {
    await store.close();
  }
}

export async function runEvents(file: string | undefined, opts: EventsOptions): Promise<number> {
  const kinds = opts.kinds ? parseKinds(opts.kinds) : undefined;
  const mmsi = opts.mmsi === undefined ? undefined : Number(opts.mmsi);
  if (mmsi !== undefined && !Number.isInteger(mmsi)) throw new Error(`bad --mmsi '${opts.mmsi}'`);
  const from = opts.from === undefined ? undefined : parseTime(opts.from);
  const to = opts.to === undefined ? undefined : parseTime(opts.to);
  const events =
    file === undefined
      ? await readStore(opts, { kinds, mmsi, from, to })
      : readFile(file).filter(
          (e) =>
            (kinds === undefined || kinds.includes(e.kind)) &&
            (mmsi === undefined || e.vessels.some((v) => v.mmsi === mmsi)) &&
            (from === undefined || e.end >= from) &&
            (to === undefined || e.start <= to),
        );
  if (opts.geojson) process.stdout.write(`${JSON.stringify(toGeoJson(events))}\n`);
  else if (opts.json) process.stdout.write(events.map((e) => `${JSON.stringify(e)}\n`).join(""));
  else {
    for (const e of events) {
      const t = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
      const vessels = e.vessels.map((v) => v.mmsi).join("+");
      process.stdout.write(`${t(e.start)}  ${t(e.end)}  ${e.kind.padEnd(9)}  ${vessels}  ${e.id}\n`);
    }
  }
  return 0;
}

export function register(program: Command): void {
  addStoreOptions(
    program
      .command("events")
      .description("list the events stored by `darkfleet detect`, or those in a `detect --out` file")
      .argument("[file]", "events JSON-lines file (instead of the database)"),
  )
    .option("--kinds <list>", "only these kinds")
    .option("--mmsi <mmsi>", "only events involving this vessel")
    .option("--from <time>", "events ending at or after this time")
    .option("--to <time>", "events starting at or before this time")
    .option("--json", "JSON lines")
    .option("--geojson", "a GeoJSON FeatureCollection (evidence as a line)")
    .action(async (file: string | undefined, opts: EventsOptions) => {
      process.exitCode = await runEvents(file, opts);
    });
}
