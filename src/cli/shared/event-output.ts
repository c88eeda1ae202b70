/**
 * Where detected events go, for every command that detects (`detect`, `ingest --detect`):
 * one sink that prints each emission (JSON lines or text), copies the JSON lines to a file
 * and upserts the events into the store. The runner they come from is configured in one
 * place too (detect/engine/runner-settings.ts), so every path gives the same events with the same
 * config hash.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { RunnerStats } from "../../detect/engine/runner.js";
import type { Event } from "../../model/event.js";
import type { EventSink } from "../../store/backend.js";
import { LineWriter } from "./output.js";

export const DEFAULT_PROFILE = "dprk";
/** Minutes; enough for feeds merged from several receivers. */
export const DEFAULT_LATENESS_MIN = "10";

/** The closing line on stderr; `events` is the distinct events (an event is emitted open, then final). */
export function statsLine(s: RunnerStats, events: number): string {
  return (
    `detect: ${s.positions} positions, ${s.statics} static reports, ${events} events` +
    ` (late ${s.late}, duplicates ${s.duplicates}, not ships ${s.notShips}, null island ${s.nullIsland})\n`
  );
}

/** JSON with non-ASCII escaped, so the line writer's latin1 output stays valid UTF-8. */
function asciiJson(e: Event): string {
  return JSON.stringify(e).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

function textLine(e: Event): string {
  const vessels = e.vessels.map((v) => (v.name ? `${v.mmsi} (${v.name})` : String(v.mmsi))).join(" + ");
  const attrs = Object.entries(e.attributes)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : v}`)
    .join(" ");
  return `${minute(e.start)}  ${minute(e.end)}  ${e.kind.padEnd(9)}  ${vessels}  ${e.lat === null || e.lon === null ? "no place" : `${e.lat.toFixed(3)},${e.lon.toFixed(3)}`}  ${attrs}`;
}

export interface EventOutputOptions {
  /** Every emission as a JSON line; else text. */
  json?: boolean;
  /** Text for every emission, its status first (a live feed); else final events only. */
  allStatuses?: boolean;
  /** Also write the JSON lines to this file. */
  out?: string;
  store?: EventSink | null;
}

export class EventOutput {
  private readonly stdout = new LineWriter();
  private readonly file: WriteStream | null;
  private printing: Promise<void> = Promise.resolve();
  private readonly ids = new Set<string>();

  constructor(private readonly o: EventOutputOptions) {
    this.file = o.out ? createWriteStream(o.out) : null;
  }

  /** Distinct events emitted (by id), retracted ones included. */
  get distinct(): number {
    return this.ids.size;
  }

  readonly event = (e: Event): void => {
    this.ids.add(e.id);
    this.o.store?.put(e);
    const json = this.file !== null || this.o.json ? asciiJson(e) : "";
    this.file?.write(`${json}\n`);
    if (this.o.json) this.stdout.line(json);
    else if (this.o.allStatuses) this.stdout.line(`${e.status.padEnd(9)}  ${textLine(e)}`);
    else if (e.status === "final") this.stdout.line(textLine(e));
  };

  /** Writes what was printed so far now (a live feed), one flush after another. */
  flushSoon(): void {
    this.printing = this.printing.then(() => this.stdout.flush(true));
  }

  /** Flushes stdout, ends the file and writes the pending events to the store. */
  async close(): Promise<void> {
    this.flushSoon();
    await this.printing;
    const f = this.file;
    if (f !== null)
      await new Promise<void>((resolve, reject) =>
        f.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    await this.o.store?.close();
  }
}
