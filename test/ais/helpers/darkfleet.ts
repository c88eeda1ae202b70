/** darkfleet's side of the differential tests: NMEA lines in, decoded records or `decode --json` output out. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NmeaDecoder } from "../../../src/ais/decoder.js";
import { toGpsdJson } from "../../../src/ais/json.js";
import type { AisMessage } from "../../../src/model/ais.js";
import type { DecodeStats } from "../../../src/model/stats.js";

export function decodeLines(lines: readonly string[]): { messages: AisMessage[]; stats: DecodeStats } {
  const messages: AisMessage[] = [];
  // Untimed, as the reference decoders leave them: no time derived from base stations.
  const dec = new NmeaDecoder({ onMessage: (msg) => messages.push(msg), timeFrom: "none" });
  dec.push(Buffer.from(`${lines.join("\n")}\n`, "latin1"));
  dec.end();
  return { messages, stats: dec.stats };
}

/** Each decoded message as the JSON object darkfleet prints for it. */
export function decodeToJson(lines: readonly string[]): Record<string, unknown>[] {
  return decodeLines(lines).messages.map((m) => JSON.parse(toGpsdJson(m)) as Record<string, unknown>);
}

const MAIN = join(import.meta.dirname, "../../../src/cli/main.ts");

/** The JSON objects `darkfleet decode --json FILE` prints for the lines (run from source through tsx). */
export function cliDecodeJson(lines: readonly string[]): Record<string, unknown>[] {
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-diff-"));
  try {
    const file = join(dir, "corpus.nmea");
    writeFileSync(file, `${lines.join("\n")}\n`, "latin1");
    const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, "decode", "--json", file], {
      encoding: "latin1",
      maxBuffer: 256 << 20,
    });
    if (r.status !== 0) throw new Error(`darkfleet decode exited ${r.status}: ${r.stderr}`);
    return r.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
