/** darkfleet's side of the differential tests: NMEA lines in, gpsd-style JSON objects out (as `decode --json` writes them). */
import { NmeaDecoder } from "../../../src/ais/decoder.js";
import { toGpsdJson } from "../../../src/ais/json.js";
import type { AisMessage } from "../../../src/model/ais.js";
import type { DecodeStats } from "../../../src/model/stats.js";

export function decodeLines(lines: readonly string[]): { messages: AisMessage[]; stats: DecodeStats } {
  const messages: AisMessage[] = [];
  const dec = new NmeaDecoder({ onMessage: (msg) => messages.push(msg) });
  dec.push(Buffer.from(`${lines.join("\n")}\n`, "latin1"));
  dec.end();
  return { messages, stats: dec.stats };
}

/** Each decoded message as the JSON object darkfleet prints for it. */
export function decodeToJson(lines: readonly string[]): Record<string, unknown>[] {
  return decodeLines(lines).messages.map((m) => JSON.parse(toGpsdJson(m)) as Record<string, unknown>);
}
