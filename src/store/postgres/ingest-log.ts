/** The ingest log in PostgreSQL (store/ingest-log.ts's, for several writers at once). */
import type pg from "pg";
import type { SourceEntry, SourceProgress, SourceStatus } from "../ingest-log.js";

interface LogRow {
  source_id: number;
  name: string;
  kind: string;
  fingerprint: string | null;
  byte_offset: string;
  line: string;
  status: SourceStatus;
  counts: string;
}

export async function findSource(client: pg.Client, fingerprint: string): Promise<SourceEntry | null> {
  const { rows } = await client.query<LogRow>(
    "SELECT source_id, name, kind, fingerprint, byte_offset, line, status, counts FROM ingest_log WHERE fingerprint = $1",
    [fingerprint],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    sourceId: r.source_id,
    name: r.name,
    kind: r.kind,
    fingerprint: r.fingerprint,
    offset: Number(r.byte_offset),
    line: Number(r.line),
    status: r.status,
    counts: JSON.parse(r.counts) as Record<string, number>,
  };
}

/**
 * Registers a new source (offset 0, running), committed at once. Numbers are taken under a
 * table lock, so writers registering sources at once get distinct ones.
 */
export async function createSource(
  client: pg.Client,
  name: string,
  kind: string,
  fingerprint: string | null,
): Promise<SourceEntry> {
  await client.query("BEGIN");
  try {
    await client.query("LOCK TABLE ingest_log IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<{ source_id: number }>(
      `INSERT INTO ingest_log
       SELECT coalesce(max(source_id), 0) + 1, $1, $2, $3, 0, 0, 'running', '{}', now(), now() FROM ingest_log
       RETURNING source_id`,
      [name, kind, fingerprint],
    );
    await client.query("COMMIT");
    return {
      sourceId: rows[0].source_id,
      name,
      kind,
      fingerprint,
      offset: 0,
      line: 0,
      status: "running",
      counts: {},
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/** Writes a source's progress; call inside the transaction that holds the rows it covers. */
export async function saveProgress(client: pg.Client, sourceId: number, p: SourceProgress): Promise<void> {
  await client.query(
    `UPDATE ingest_log SET byte_offset = $2, line = $3, status = $4, counts = $5, updated_at = now()
     WHERE source_id = $1`,
    [sourceId, p.offset, p.line, p.status, JSON.stringify(p.counts)],
  );
  await client.query("DELETE FROM decode_errors WHERE source_id = $1", [sourceId]);
  const errors = Object.entries(p.counts).filter(([k, v]) => k.startsWith("rejected.") && v > 0);
  if (errors.length > 0) {
    await client.query(
      "INSERT INTO decode_errors SELECT $1, r, c FROM unnest($2::text[], $3::bigint[]) AS u(r, c)",
      [sourceId, errors.map(([k]) => k.slice(9)), errors.map(([, v]) => v)],
    );
  }
}
