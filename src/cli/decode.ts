/** `darkfleet decode`: AIS in (NMEA files, .gz, stdin), gpsd-style JSON lines out, counts on stderr. */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Command } from "commander";
import { NmeaDecoder } from "../ais/decoder.js";
import { toGpsdJson } from "../ais/json.js";
import { addStats, emptyStats } from "../model/stats.js";
import { formatStats } from "../report/stats-text.js";
import { LineWriter } from "./output.js";

interface DecodeOptions {
  json?: boolean;
  statsJson?: string;
}

function openBytes(path: string): AsyncIterable<Buffer> {
  if (path === "-") return process.stdin;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith(".gz") ? file.pipe(createGunzip()) : file;
}

export async function runDecode(files: string[], opts: DecodeOptions): Promise<number> {
  const inputs = files.length > 0 ? files : ["-"];
  const out = new LineWriter();
  const total = emptyStats();
  let readable = 0;
  for (const name of inputs) {
    const decoder = new NmeaDecoder({
      source: name,
      onMessage: opts.json ? (msg) => out.line(toGpsdJson(msg)) : () => {},
    });
    try {
      for await (const chunk of openBytes(name)) {
        decoder.push(chunk);
        await out.flush();
        if (out.closed) return 0;
      }
      readable++;
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
      process.stderr.write(`darkfleet: cannot read '${name}': ${reason}\n`);
    }
    decoder.end();
    addStats(total, decoder.stats);
  }
  await out.flush(true);
  process.stderr.write(formatStats(total));
  if (opts.statsJson) await writeFile(opts.statsJson, `${JSON.stringify(total, null, 2)}\n`);
  return readable === 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command("decode")
    .description("decode AIS (NMEA 0183 !xxVDM/!xxVDO, tag blocks, .gz, stdin) to gpsd-style JSON")
    .argument("[files...]", "input files; none or '-' reads stdin")
    .option("--json", "write one JSON object per decoded message to stdout (gpsd AIS JSON field names)")
    .option("--stats-json <file>", "write the decode counts as JSON to this file")
    .action(async (files: string[], opts: DecodeOptions) => {
      process.exitCode = await runDecode(files, opts);
    });
}
