/**
 * Reads the evaluator's inputs: a truth.json written by the simulator, and detected events
 * as JSON lines. An event line needs `kind`, `vessels` (MMSIs, or objects with `mmsi`),
 * `start` and `end` (ISO 8601 or epoch ms). Lines sharing an `id` are one event updated
 * in place (a detector emits `open`, then `final`): the last wins, and `retracted` removes it.
 */
import { readFileSync } from "node:fs";
import type { Truth } from "../model/truth.js";
import type { Detection } from "./match.js";

export function readTruth(file: string): Truth {
  const t = JSON.parse(readFileSync(file, "utf8")) as Truth;
  if (!Array.isArray(t.events) || !Array.isArray(t.confounders))
    throw new Error(`${file}: not a truth file (needs events and confounders)`);
  return t;
}

function time(v: unknown, what: string, line: number): number {
  const ms = typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`events line ${line}: bad ${what} ${JSON.stringify(v)}`);
  return ms;
}

function mmsis(v: unknown, line: number): number[] {
  if (!Array.isArray(v)) throw new Error(`events line ${line}: vessels must be an array`);
  return v.map((x) => {
    const m = typeof x === "number" ? x : Number((x as { mmsi?: unknown } | null)?.mmsi);
    if (!Number.isInteger(m)) throw new Error(`events line ${line}: bad vessel ${JSON.stringify(x)}`);
    return m;
  });
}

export function parseEvents(text: string): Detection[] {
  const byId = new Map<string, Detection | null>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    const line = i + 1;
    const e = JSON.parse(raw) as Record<string, unknown>;
    if (typeof e.kind !== "string") throw new Error(`events line ${line}: missing kind`);
    const id = typeof e.id === "string" ? e.id : `line-${line}`;
    if (e.status === "retracted") {
      byId.set(id, null);
      continue;
    }
    // An update keeps the event's first-seen place in the Map, so output order is stable.
    byId.set(id, {
      id,
      kind: e.kind,
      mmsis: mmsis(e.vessels, line),
      start: time(e.start, "start", line),
      end: time(e.end, "end", line),
      line,
    });
  }
  return [...byId.values()].filter((d): d is Detection => d !== null);
}

export function readEvents(file: string): Detection[] {
  return parseEvents(readFileSync(file, "utf8"));
}
