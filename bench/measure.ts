/**
 * Runs a command as a child process and measures wall time and peak resident memory
 * the same way for darkfleet and its peers (gpsdecode, ...): python3's getrusage on the
 * finished child gives the peak RSS of any program, whatever it is written in.
 */
import { spawnSync } from "node:child_process";

export interface Measured {
  seconds: number;
  maxRssMb: number;
  stderr: string;
}

const WRAPPER = `
import resource, subprocess, sys, time, json
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else None
stdout = open(sys.argv[2], "wb") if sys.argv[2] != "-" else subprocess.DEVNULL
t0 = time.perf_counter()
p = subprocess.run(sys.argv[3:], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
dt = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "seconds": dt, "maxrss_kb": ru.ru_maxrss, "stderr": p.stderr.decode("utf8", "replace")[-2000:]}))
`;

/** Runs `cmd args` with stdin from a file (or none) and stdout to a file (or discarded). */
export function measure(cmd: string, args: string[], io: { stdin?: string; stdout?: string } = {}): Measured {
  const res = spawnSync("python3", ["-c", WRAPPER, io.stdin ?? "-", io.stdout ?? "-", cmd, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (res.status !== 0) throw new Error(`measuring ${cmd} failed: ${res.stderr}`);
  const out = JSON.parse(res.stdout) as { rc: number; seconds: number; maxrss_kb: number; stderr: string };
  if (out.rc !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${out.rc}: ${out.stderr}`);
  return { seconds: out.seconds, maxRssMb: out.maxrss_kb / 1024, stderr: out.stderr };
}

/** True when a command can be found on PATH. */
export function available(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}
