/**
 * A full disk, for real: the database lives on a 1 MB tmpfs (needs root to mount; the
 * test is skipped where mounting is not allowed). The ingest must stop with a one-line
 * error saying the disk is full and exit non-zero; the file must still open with its
 * last committed batch, and continuing elsewhere must end with the rows of a clean run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSources } from "../../src/store/ingest-log.js";
import { Store } from "../../src/store/store.js";
import { fixtureText } from "./fixture.js";

const CLI = join(process.cwd(), "dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "darkfleet-full-"));
const small = join(dir, "small");
mkdirSync(small);
const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", small]).status === 0;
const nmea = join(dir, "feed.nmea");

beforeAll(() => writeFileSync(nmea, fixtureText({ lines: 100_000, vessels: 300, seed: 11 })));
afterAll(() => {
  if (mounted) spawnSync("umount", [small]);
  rmSync(dir, { recursive: true, force: true });
});

function ingest(db: string) {
  return spawnSync(process.execPath, [CLI, "ingest", nmea, "--db", db, "--commit-rows", "2000"], {
    encoding: "utf8",
  });
}

async function summary(db: string) {
  const store = await Store.open(db, { readOnly: true });
  try {
    const [r] = await store.rows<{ n: number; s: number }>(
      "SELECT (SELECT count(*) FROM positions)::DOUBLE AS n, (SELECT count(*) FROM statics)::DOUBLE AS s",
    );
    return { ...r, source: (await listSources(store))[0] };
  } finally {
    store.close();
  }
}

describe.skipIf(!mounted)("full disk", () => {
  it("stops with a clear error, keeps the last commit, and can continue", async () => {
    const full = join(small, "x.duckdb");
    const r = ingest(full);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /x\.duckdb: disk full while ingesting .*feed\.nmea; everything committed before is kept/,
    );

    const kept = await summary(full);
    expect(kept.source.status).toBe("running");
    expect(kept.n).toBeGreaterThan(0);

    const clean = join(dir, "clean.duckdb");
    expect(ingest(clean).status).toBe(0);
    const want = await summary(clean);
    expect(kept.n).toBeLessThan(want.n);

    // Moved to a disk with room, the same file continues to exactly the clean result.
    const moved = join(dir, "moved.duckdb");
    copyFileSync(full, moved);
    if (existsSync(`${full}.wal`)) copyFileSync(`${full}.wal`, `${moved}.wal`);
    expect(ingest(moved).status).toBe(0);
    expect(await summary(moved)).toEqual(want);
  });
});
