/**
 * `darkfleet events [FILE] [--kinds K,...] [--mmsi N] [--from T] [--to T] [--json|--geojson]`:
 * lists events from a JSON-lines file written by `darkfleet detect --out` (the store has
 * no events table yet). Emissions are folded by id: the last state of each event wins and
 * retracted events disappear. Output is sorted by start, then id.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Event } from "../model/event.js";
import { parseKinds } from "./detect.js";
import { parseTime } from "./track.js";

interface EventsOptions {
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
          : { type: "Point", coordinates: [e.lon, e.lat] },
    })),
  };
}

export function runEvents(file: string, opts: EventsOptions): number {
  const kinds = opts.kinds ? new Set(parseKinds(opts.kinds)) : null;
  const mmsi = opts.mmsi === undefined ? null : Number(opts.mmsi);
  const from = opts.from === undefined ? Number.NEGATIVE_INFINITY : parseTime(opts.from);
  const to = opts.to === undefined ? Number.POSITIVE_INFINITY : parseTime(opts.to);
  const events = foldEvents(readFileSync(file, "utf8")).filter(
    (e) =>
      (kinds === null || kinds.has(e.kind)) &&
      (mmsi === null || e.vessels.some((v) => v.mmsi === mmsi)) &&
      e.end >= from &&
      e.start <= to,
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
  program
    .command("events")
    .description("list events written by `darkfleet detect --out FILE`")
    .argument("[file]", "events JSON-lines file", "events.jsonl")
    .option("--kinds <list>", "only these kinds")
    .option("--mmsi <mmsi>", "only events involving this vessel")
    .option("--from <time>", "events ending at or after this time")
    .option("--to <time>", "events starting at or before this time")
    .option("--json", "JSON lines")
    .option("--geojson", "a GeoJSON FeatureCollection (evidence as a line)")
    .action((file: string, opts: EventsOptions) => {
      process.exitCode = runEvents(file, opts);
    });
}
