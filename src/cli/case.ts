/**
 * `darkfleet case [MMSI] [--mmsi N] [--event ID] [--from T] [--to T] [--format html|geojson|kml|csv]
 * [--out FILE] [--db FILE]`: one vessel's (or one event's) case file: identity history, track,
 * events and every evidence position, as self-contained HTML or for GIS tools and spreadsheets.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { caseCsv } from "../report/case-csv.js";
import { CaseNotFound, type CaseSubject, gatherCase } from "../report/case-data.js";
import { caseGeoJson } from "../report/case-geojson.js";
import { caseHtml } from "../report/case-html.js";
import { caseKml } from "../report/case-kml.js";
import { Store } from "../store/store.js";
import { DEFAULT_DB, parseTime } from "./shared/options.js";

const FORMATS = {
  html: caseHtml,
  geojson: (c: Parameters<typeof caseHtml>[0]) => `${JSON.stringify(caseGeoJson(c))}\n`,
  kml: caseKml,
  csv: caseCsv,
} as const;

interface Options {
  db: string;
  mmsi?: string;
  event?: string;
  from?: string;
  to?: string;
  format: string;
  out?: string;
}

function subjectOf(arg: string | undefined, opts: Options): CaseSubject {
  const given = [arg, opts.mmsi, opts.event].filter((v) => v !== undefined);
  if (given.length !== 1) throw new Error("name one subject: an MMSI, --mmsi N or --event ID");
  if (opts.event !== undefined) return { eventId: opts.event };
  const text = (arg ?? opts.mmsi) as string;
  if (!/^\d{1,9}$/.test(text)) throw new Error(`bad MMSI '${text}': expected up to 9 digits`);
  return { mmsi: Number(text) };
}

export async function runCase(arg: string | undefined, opts: Options): Promise<number> {
  const render = FORMATS[opts.format as keyof typeof FORMATS];
  if (render === undefined)
    throw new Error(`unknown --format '${opts.format}' (formats: ${Object.keys(FORMATS).join(", ")})`);
  const subject = subjectOf(arg, opts);
  const window = {
    ...(opts.from !== undefined && { from: parseTime(opts.from) }),
    ...(opts.to !== undefined && { to: parseTime(opts.to) }),
  };
  const store = await Store.open(opts.db, { readOnly: true });
  try {
    const c = await gatherCase(store, subject, window);
    const text = render(c);
    if (opts.out === undefined) process.stdout.write(text);
    else writeFileSync(opts.out, text);
    return 0;
  } catch (err) {
    if (!(err instanceof CaseNotFound)) throw err;
    process.stderr.write(`darkfleet: ${err.message}\n`);
    return 2;
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  program
    .command("case")
    .argument("[mmsi]", "the vessel (or use --mmsi / --event)")
    .description("a case file for a vessel or an event: identity, map, timeline, events and evidence")
    .option("--db <file>", "DuckDB database file (after detect --db)", DEFAULT_DB)
    .option("--mmsi <mmsi>", "the vessel")
    .option("--event <id>", "an event, with the tracks of its vessels a day either side")
    .option("--from <time>", "start of the window (ISO 8601 or epoch ms)")
    .option("--to <time>", "end of the window")
    .option("--format <format>", `output format (${Object.keys(FORMATS).join(", ")})`, "html")
    .option("--out <file>", "write here instead of stdout")
    .action(async (arg: string | undefined, opts: Options) => {
      process.exitCode = await runCase(arg, opts);
    });
}
