/** The smoke scenario (seed 1) through sim, ingest and detect --db: a real store with events, and its truth. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Truth } from "../../src/model/truth.js";

export const CLI = join(import.meta.dirname, "../../dist/cli/main.js");

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function darkfleet(args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Runs the command; its stdout, or an error with its stderr when it fails. */
export function ok(args: string[]): string {
  const r = darkfleet(args);
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

export function smokeStore(): { dir: string; db: string; truth: Truth } {
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-smoke-"));
  const db = join(dir, "store.duckdb");
  ok(["sim", "--scenario", "smoke", "--seed", "1", "--out", dir]);
  ok(["ingest", join(dir, "ais.nmea"), "--db", db]);
  ok(["detect", "--db", db]);
  return { dir, db, truth: JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth };
}
