/**
 * The ingest log: one row per source (file by content fingerprint, or one live session),
 * holding the byte offset and line reached, the counts so far and a status. The offset
 * is only ever written in the same transaction as the rows it covers (writer.ts), which
 * is what makes re-running a killed ingest exact.
 */
import type { Store } from "./store.js";

export type SourceStatus = "running" | "done" | "failed";

export interface SourceEntry {
  sourceId: number;
  name: string;
  kind: string;
  fingerprint: string | null;
  offset: number;
  line: number;
  status: SourceStatus;
  /** Counts by reason (decode rejects and ingest outcomes), as committed. */
  counts: Record<string, number>;
}

export interface SourceProgress {
  offset: number;
  line: number;
  status: SourceStatus;
  counts: Record<string, number>;
}

interface LogRow {
  source_id: number;
  name: string;
  kind: string;
  fingerprint: string | null;
  byte_offset: number;
  line: number;
  status: SourceStatus;
  counts: string;
}

const SELECT = `SELECT source_id, name, kind, fingerprint, byte_offset::DOUBLE AS byte_offset,
  line::DOUBLE AS line, status, counts FROM ingest_log`;

function toEntry(r: LogRow): SourceEntry {
  return {
    sourceId: r.source_id,
    name: r.name,
    kind: r.kind,
    fingerprint: r.fingerprint,
    offset: r.byte_offset,
    line: r.line,
    status: r.status,
    counts: JSON.parse(r.counts) as Record<string, number>,
  };
}

/** The source already ingested (or begun) with this content fingerprint, if any. */
export async function findSource(store: Store, fingerprint: string): Promise<SourceEntry | null> {
  const rows = await store.rows<LogRow>(`${SELECT} WHERE fingerprint = $1`, [fingerprint]);
  return rows.length > 0 ? toEntry(rows[0]) : null;
}

export async function listSources(store: Store): Promise<SourceEntry[]> {
  return (await store.rows<LogRow>(`${SELECT} ORDER BY source_id`)).map(toEntry);
}

/** Registers a new source with offset 0 and status running; committed at once. */
export async function createSource(
  store: Store,
  name: string,
  kind: string,
  fingerprint: string | null,
): Promise<SourceEntry> {
  const [{ id }] = await store.rows<{ id: number }>(
    "SELECT coalesce(max(source_id), 0) + 1 AS id FROM ingest_log",
  );
  await store.con.run(
    `INSERT INTO ingest_log VALUES ($1, $2, $3, $4, 0, 0, 'running', '{}', now()::TIMESTAMP, now()::TIMESTAMP)`,
    [id, name, kind, fingerprint],
  );
  return { sourceId: id, name, kind, fingerprint, offset: 0, line: 0, status: "running", counts: {} };
}

/** Writes a source's progress; call inside the transaction that holds the rows it covers. */
export async function saveProgress(store: Store, sourceId: number, p: SourceProgress): Promise<void> {
  await store.con.run(
    `UPDATE ingest_log SET byte_offset = $2, line = $3, status = $4, counts = $5, updated_at = now()::TIMESTAMP
     WHERE source_id = $1`,
    [sourceId, p.offset, p.line, p.status, JSON.stringify(p.counts)],
  );
  await store.con.run("DELETE FROM decode_errors WHERE source_id = $1", [sourceId]);
  const errors = Object.entries(p.counts).filter(([k, v]) => k.startsWith("rejected.") && v > 0);
  for (const [reason, count] of errors) {
    await store.con.run("INSERT INTO decode_errors VALUES ($1, $2, $3)", [sourceId, reason.slice(9), count]);
  }
}
