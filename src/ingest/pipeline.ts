/**
 * Ingests one input into a store, exactly once per source: bytes → NmeaDecoder → rows
 * (dedup) → StoreWriter, committing rows together with the source's byte offset.
 *
 * A commit happens only after a whole chunk has been decoded and no multi-sentence
 * message is half-assembled (decoder.pendingFragments === 0), so the offset is a line
 * end with no fragment state behind it: re-reading from there after a kill decodes
 * exactly what the killed run had not committed. Dedup state is rebuilt from the rows
 * committed within the window (seedDedup). Files commit every `commitRows` rows; live
 * feeds every `commitMs` at the latest.
 */
import { NmeaDecoder } from "../ais/decoder.js";
import type { DecodeStats } from "../model/stats.js";
import { PositionColumns, type StaticRow } from "../store/batch.js";
import { createSource, findSource, type SourceEntry } from "../store/ingest-log.js";
import type { Store } from "../store/store.js";
import { StoreWriter } from "../store/writer.js";
import { DEFAULT_DEDUP_WINDOW_MS, Deduplicator } from "./dedup.js";
import { type IngestInput, withHeartbeat } from "./inputs.js";
import { positionKey, RowBuilder, staticKey } from "./rows.js";

export interface IngestOptions {
  dedupWindowMs?: number;
  /** File inputs commit once this many rows are pending (at the next safe point). */
  commitRows?: number;
  /** Live inputs commit at least this often. */
  commitMs?: number;
  /** Called after every chunk with the bytes read from the file or socket so far in this run. */
  onProgress?: (p: { bytes: number; sentences: number }) => void;
  /** Stops a live input (and ends a file input early, committing what was read). */
  signal?: AbortSignal;
}

export interface SourceSummary {
  source: string;
  sourceId: number;
  /** "skipped": already fully ingested; "resumed": continued from a committed offset. */
  outcome: "ingested" | "resumed" | "skipped";
  bytes: number;
  /** Counts of this run only, by reason. */
  counts: Record<string, number>;
}

const POSITION_BLOCK = 1 << 16;
/** A quiet live feed still commits what it holds within commitMs plus this. */
const HEARTBEAT_MS = 200;

/** DecodeStats and ingest outcomes flattened to one counts object ("rejected.bad_checksum": 3, ...). */
export function flattenCounts(stats: DecodeStats, outcomes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {
    lines: stats.lines,
    sentences: stats.sentences,
    messages: stats.messages,
  };
  for (const [k, v] of Object.entries(stats.rejected)) out[`rejected.${k}`] = v;
  for (const [k, v] of Object.entries(stats.decoded)) out[`decoded.${k}`] = v;
  for (const [k, v] of Object.entries(outcomes)) out[k] = v;
  return out;
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Rebuilds the dedup state a clean run would hold at the committed offset of a source. */
async function seedDedup(store: Store, sourceId: number, dedup: Deduplicator): Promise<void> {
  const [{ newest }] = await store.rows<{ newest: number | null }>(
    `SELECT max(m)::DOUBLE AS newest FROM (
       SELECT max(epoch_ms(t)) AS m FROM positions WHERE source_id = $1
       UNION ALL SELECT max(epoch_ms(t)) FROM statics WHERE source_id = $1)`,
    [sourceId],
  );
  if (newest === null) return;
  const since = newest - dedup.windowMs;
  const positions = await store.rows<{
    mmsi: number;
    msg_type: number;
    lat: number;
    lon: number;
    sog: number;
    cog: number;
    heading: number;
    nav_status: number;
    second: number;
    t: number;
  }>(
    `SELECT mmsi, msg_type, lat, lon, sog, cog, heading, nav_status, second, epoch_ms(t)::DOUBLE AS t, line
     FROM positions WHERE source_id = $1 AND epoch_ms(t) >= $2 ORDER BY line`,
    [sourceId, since],
  );
  for (const p of positions) {
    dedup.keep(
      positionKey(p.mmsi, p.msg_type, p.lat, p.lon, p.sog, p.cog, p.heading, p.nav_status, p.second),
      p.t,
    );
  }
  // Type 19 was judged by its position row (above); 5 and 24 by their static fields.
  const statics = await store.rows<Record<string, number | string | null>>(
    `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type, part, imo, callsign, name, ship_type, to_bow, to_stern,
       to_port, to_starboard, draught_dm, destination, eta, line
     FROM statics WHERE source_id = $1 AND msg_type <> 19 AND epoch_ms(t) >= $2 ORDER BY line`,
    [sourceId, since],
  );
  for (const s of statics) {
    const row: StaticRow = {
      mmsi: s.mmsi as number,
      t: s.t as number,
      msgType: s.msg_type as number,
      part: s.part as number | null,
      imo: s.imo as number | null,
      callsign: s.callsign as string | null,
      name: s.name as string | null,
      shipType: s.ship_type as number | null,
      toBow: s.to_bow as number | null,
      toStern: s.to_stern as number | null,
      toPort: s.to_port as number | null,
      toStarboard: s.to_starboard as number | null,
      draughtDm: s.draught_dm as number | null,
      destination: s.destination as string | null,
      eta: s.eta as string | null,
      sourceId,
      line: s.line as number,
    };
    dedup.keep(staticKey(row), row.t);
  }
}

/** Finds or registers the source; null when a file was already ingested to its end. */
async function startSource(
  store: Store,
  input: IngestInput,
): Promise<{ entry: SourceEntry; resumed: boolean } | null> {
  const fingerprint = await input.fingerprint();
  if (fingerprint !== null) {
    const entry = await findSource(store, fingerprint);
    // A file that grew since (a log being appended to) continues from where it ended.
    const grown = entry !== null && !input.name.endsWith(".gz") && (input.size ?? 0) > entry.offset;
    if (entry !== null && entry.status === "done" && !grown) return null;
    if (entry !== null) return { entry, resumed: true };
  }
  return { entry: await createSource(store, input.name, input.kind, fingerprint), resumed: false };
}

export async function ingestInput(
  store: Store,
  input: IngestInput,
  opts: IngestOptions = {},
): Promise<SourceSummary> {
  const started = await startSource(store, input);
  if (started === null) {
    const entry = await findSource(store, (await input.fingerprint()) as string);
    return { source: input.name, sourceId: entry?.sourceId ?? 0, outcome: "skipped", bytes: 0, counts: {} };
  }
  const { entry, resumed } = started;
  const dedup = new Deduplicator(opts.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS);
  if (resumed) await seedDedup(store, entry.sourceId, dedup);

  const writer = await StoreWriter.create(store);
  const builder = new RowBuilder(new PositionColumns(POSITION_BLOCK), dedup, entry.sourceId);
  const decoder = new NmeaDecoder({
    source: input.name,
    startLine: entry.line,
    onMessage: (msg, line) => {
      builder.add(msg, line);
      if (builder.positions.full) {
        writer.appendPositions(builder.positions);
        builder.positions.n = 0;
      }
    },
  });
  const commitRows = opts.commitRows ?? 1_000_000;
  const commitMs = opts.commitMs ?? (input.live ? 500 : 60_000);
  const runCounts = () => flattenCounts(decoder.stats, builder.counts);
  const commit = async (status: "running" | "done", offset: number) => {
    writer.appendPositions(builder.positions);
    builder.positions.n = 0;
    writer.appendStatics(builder.statics);
    builder.statics = [];
    await writer.commit(entry.sourceId, {
      offset,
      line: decoder.line,
      status,
      counts: addCounts(entry.counts, runCounts()),
    });
  };

  let bytes = 0;
  // Bytes after the last newline pushed: the decoder holds them as an unfinished line, so
  // the resume offset is the bytes pushed minus these (computed here rather than taken from
  // the decoder, whose own offset does not count a line split across chunks).
  let tail = 0;
  const lineEnd = () => entry.offset + bytes - tail;
  let lastCommit = Date.now();
  try {
    await writer.begin();
    const stream = input.open(entry.offset, opts.signal);
    for await (const chunk of input.live ? withHeartbeat(stream, HEARTBEAT_MS) : stream) {
      decoder.push(chunk);
      bytes += chunk.length;
      const nl = chunk.lastIndexOf(10);
      tail = nl < 0 ? tail + chunk.length : chunk.length - nl - 1;
      opts.onProgress?.({ bytes: stream.bytesRead, sentences: decoder.stats.sentences });
      const due =
        writer.pending + builder.positions.n >= commitRows ||
        (input.live &&
          builder.positions.n + builder.statics.length + writer.pending > 0 &&
          Date.now() - lastCommit >= commitMs);
      if (due && decoder.pendingFragments === 0) {
        await commit("running", lineEnd());
        lastCommit = Date.now();
      }
      if (opts.signal?.aborted && !input.live) break;
    }
    if (opts.signal?.aborted && !input.live) {
      // Interrupted part-way: keep the last commit; the next run re-reads from there.
      await writer.rollback();
    } else {
      decoder.end();
      tail = 0;
      await commit("done", lineEnd());
    }
  } catch (err) {
    await writer.rollback();
    throw err;
  } finally {
    await writer.close();
  }
  return {
    source: input.name,
    sourceId: entry.sourceId,
    outcome: resumed ? "resumed" : "ingested",
    bytes,
    counts: runCounts(),
  };
}
