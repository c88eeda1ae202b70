/**
 * A real NATS server with JetStream for the bus tests and benchmark: `nats-server -js` on a
 * free loopback port with its store in a temporary directory, started and stopped (and
 * restarted on the same port and store, for the fault tests). Debian's nats-server; .ci/run
 * installs it. (In bench/ because the tests may import bench's helpers, not the reverse.)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Why the bus tests cannot run here, or null when they can. */
export const natsMissing: string | null =
  spawnSync("nats-server", ["--version"]).status === 0
    ? null
    : "nats-server is not installed (apt-get install nats-server; .ci/run does)";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  private proc: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), "darkfleet-nats-")));
    await server.up();
    return server;
  }

  /** Starts the server and resolves once it says it is ready. */
  async up(): Promise<void> {
    const proc = spawn("nats-server", ["-js", "-sd", this.dir, "-p", String(this.port), "-a", "127.0.0.1"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let log = "";
      proc.stderr?.on("data", (d: Buffer) => {
        log += d.toString();
        if (log.includes("Server is ready")) resolve();
      });
      proc.on("exit", (code) => reject(new Error(`nats-server exited (${code}): ${log}`)));
    });
  }

  /** Stops the server (its JetStream store stays for the next up). */
  async down(): Promise<void> {
    const proc = this.proc;
    if (proc === null || proc.exitCode !== null) return;
    this.proc = null;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  }

  async stop(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
