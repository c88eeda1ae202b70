/**
 * `darkfleet decode`: AIS in (NMEA or CSV exports; files, .gz, directories, globs, stdin),
 * gpsd-style JSON lines out, counts by type and reject reason on stderr.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { TimeFrom } from "../ais/decoder.js";
import { readInput } from "../ais/reader.js";
import { addStats, type DecodeStats, emptyStats } from "../model/stats.js";
import { formatStats } from "../report/stats-text.js";
import { COLUMNS_HELP, type Input, InputError, resolveInputs } from "../sources/index.js";
import { parseColumns, parseTimeFrom, TIME_FROM_HELP } from "./shared/options.js";
import { LineWriter } from "./shared/output.js";

interface DecodeOptions {
  json?: boolean;
  statsJson?: string;
  timeFrom?: string;
  columns?: string;
}

/** Decodes one input; returns its counts. Throws InputError when it cannot be read. */
function decodeInput(
  input: Input,
  out: LineWriter,
  json: boolean,
  read: { timeFrom?: TimeFrom; columns?: string },
): Promise<DecodeStats> {
  const onJson = json ? (line: string) => out.line(line) : undefined;
  const timeFrom = read.timeFrom ?? (input.live ? "now" : undefined);
  return readInput(input, { onJson, timeFrom, columns: read.columns }, async () => {
    await out.flush();
    return !out.closed;
  });
}

/**
 * Decodes every input it can; one that cannot be read, or gives nothing, is reported on
 * its own line and the rest go on (what it gave before failing is counted). Exit code 1
 * when any input failed, else 0.
 */
export async function runDecode(args: string[], opts: DecodeOptions): Promise<number> {
  const read = { timeFrom: parseTimeFrom(opts.timeFrom), columns: parseColumns(opts.columns) };
  const out = new LineWriter();
  const total = emptyStats();
  let failed = 0;
  const report = (err: unknown) => {
    if (!(err instanceof InputError)) throw err;
    if (err.stats !== undefined) addStats(total, err.stats);
    process.stderr.write(`${err.message}\n`);
    failed++;
  };
  for (const arg of args.length > 0 ? args : ["-"]) {
    let inputs: Input[];
    try {
      inputs = await resolveInputs([arg]);
    } catch (err) {
      report(err);
      continue;
    }
    for (const input of inputs) {
      try {
        addStats(total, await decodeInput(input, out, opts.json ?? false, read));
      } catch (err) {
        report(err);
      }
      if (out.closed) return 0;
    }
  }
  await out.flush(true);
  process.stderr.write(formatStats(total));
  if (opts.statsJson) await writeFile(opts.statsJson, `${JSON.stringify(total, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command("decode")
    .description("decode AIS (NMEA 0183 !xxVDM/!xxVDO with tag blocks, or CSV exports) to gpsd-style JSON")
    .argument("[inputs...]", "files (.gz too), directories, globs; none or '-' reads stdin")
    .option("--json", "write one JSON object per decoded message to stdout (gpsd AIS JSON field names)")
    .option("--time-from <source>", TIME_FROM_HELP)
    .option("--columns <map>", COLUMNS_HELP)
    .option("--stats-json <file>", "write the decode counts as JSON to this file")
    .action(async (inputs: string[], opts: DecodeOptions) => {
      process.exitCode = await runDecode(inputs, opts);
    });
}
