/** The built CLI as a child process, with its stderr collected and a promise of the first line matching (the bus tests' workers). */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const CLI = join(process.cwd(), "dist/cli/main.js");

export function startCli(...args: string[]) {
  const proc: ChildProcess = spawn(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stderr?.on("data", (d: Buffer) => {
    log += d.toString();
    for (const w of waiters.splice(0))
      if (w.re.test(log)) w.resolve();
      else waiters.push(w);
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return {
    proc,
    exited,
    log: () => log,
    seen: (re: RegExp) =>
      new Promise<void>((resolve) => (re.test(log) ? resolve() : waiters.push({ re, resolve }))),
  };
}
