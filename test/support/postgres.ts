/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, started
 * with pg_ctl on a free port on 127.0.0.1, PostGIS enabled in each database made; stopped
 * and removed after. Run as root (CI), the server runs as the `postgres` user, since
 * PostgreSQL refuses to run as root. postgresMissing() says why the tests cannot run
 * (no server binaries or no PostGIS): the only reason to skip them.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const ROOT = "/usr/lib/postgresql";

/** The newest installed server's bin and share directories (Debian's layout). */
function installed(): { bin: string; share: string } | null {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(join(ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) return null;
  return { bin: join(ROOT, versions[0], "bin"), share: join("/usr/share/postgresql", versions[0]) };
}

/** Why a PostgreSQL cluster cannot be started here, or null when it can. */
export function postgresMissing(): string | null {
  const found = installed();
  if (found === null) return `no PostgreSQL server (initdb) under ${ROOT}/*/bin: apt-get install postgresql`;
  if (!existsSync(join(found.share, "extension", "postgis.control")))
    return `no PostGIS for PostgreSQL in ${found.share}: apt-get install postgresql-15-postgis-3`;
  if (process.getuid?.() === 0 && userIds("postgres") === null)
    return "running as root without a postgres user";
  return null;
}

function userIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }));
    return { uid, gid };
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PgCluster {
  port: number;
  /** URL of a database on the cluster. */
  url(db?: string): string;
  /** A new empty database with PostGIS, as a URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it returns. */
  restart(): void;
  stopServer(): void;
  startServer(): void;
  /** Stops the server and removes its directory. */
  destroy(): void;
}

export async function startPostgres(): Promise<PgCluster> {
  const found = installed();
  if (found === null) throw new Error(postgresMissing() ?? "no PostgreSQL");
  const dir = mkdtempSync(join(tmpdir(), "darkfleet-pg-"));
  const data = join(dir, "data");
  const owner = process.getuid?.() === 0 ? userIds("postgres") : null;
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  // as the postgres user when we are root
  const run = (tool: string, args: string[]) => {
    const cmd = join(found.bin, tool);
    const [file, argv] = owner !== null ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    execFileSync(file, argv, { stdio: ["ignore", "ignore", "pipe"], cwd: dir });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", ...args]);
  pgCtl("-o", options, "start");
  const url = (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    port,
    url,
    async createDatabase(name: string) {
      const admin = new pg.Client(url());
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const c = new pg.Client(url(name));
      await c.connect();
      try {
        await c.query("CREATE EXTENSION postgis");
      } finally {
        await c.end();
      }
      return url(name);
    },
    restart: () => pgCtl("-m", "fast", "restart"),
    stopServer: () => pgCtl("-m", "fast", "stop"),
    startServer: () => pgCtl("-o", options, "start"),
    destroy() {
      try {
        pgCtl("-m", "immediate", "stop");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
