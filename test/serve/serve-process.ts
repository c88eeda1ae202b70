/**
 * What the serve and web tests stand on: a store ingested and detected from the bundled
 * sample by the built CLI, and `darkfleet serve` run as a child process on a free port.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";

export const CLI = join(process.cwd(), "dist/cli/main.js");
export const SAMPLE = join(process.cwd(), "samples/sample.nmea.gz");

export function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** The sample, ingested and detected into `db`. */
export function sampleStore(db: string): void {
  expect(cli("ingest", SAMPLE, "--db", db).status).toBe(0);
  expect(cli("detect", "--db", db).status).toBe(0);
}

export interface Served {
  base: string;
  child: ChildProcess;
  stdout: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `darkfleet serve --port 0 ...args` and waits for the address it prints. */
export async function serve(...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /darkfleet serve: (http:\/\/[^/ ]+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    base,
    child,
    stdout: () => out,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
