/**
 * Finding and running the reference decoders (gpsd's gpsdecode, libais's aisdecode).
 * A missing tool skips its differential test locally but fails it in CI, where
 * .ci/run installs it: a silently skipped oracle would be no oracle.
 */
import { spawnSync } from "node:child_process";

/** True when `name` is on the PATH. */
export function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

/** Runs a tool with `input` on stdin and returns its stdout; throws with its stderr if it fails. */
export function runTool(cmd: string, args: string[], input: string): string {
  const r = spawnSync(cmd, args, { input, encoding: "latin1", maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** How a differential test treats a missing tool: fail in CI, skip elsewhere. */
export function missingToolPolicy(name: string, apt: string): { skip: boolean; failure: string | null } {
  if (hasTool(name)) return { skip: false, failure: null };
  const ci = process.env.CI;
  if (ci && ci !== "false" && ci !== "0") {
    return { skip: false, failure: `${name} not found on PATH: install it with 'apt-get install ${apt}'` };
  }
  return { skip: true, failure: null };
}
