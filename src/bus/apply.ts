/**
 * The worker's store side: stores the record messages of one fetch in one transaction,
 * with their message ids in bus_applied, so a message delivered again (a killed worker's,
 * an acknowledgement lost to a restarting server) or published again past the bus's
 * duplicate window is skipped: no row is stored twice. A source is marked done, with its
 * counts, offset and line, once its end marker finds every one of its messages stored
 * (by any worker), and a detection run records which done sources it covered.
 */

import type { BusLedger, LedgerWriter } from "./ledger.js";
import { type BusMessage, type EndHeader, messageId, type SourceRef } from "./wire.js";

export interface Applied {
  /** Record messages stored now, and those skipped as stored before. */
  stored: number;
  skipped: number;
  /** Record messages of a source whose records are stored cut into messages of another size (skipped too). */
  otherCut: number;
  positions: number;
  statics: number;
}

interface Source {
  id: number;
  done: boolean;
  /**
   * Rows per message of the records stored for it (null before the first): a source is
   * stored as one cut only, since messages of two cuts hold overlapping rows.
   */
  cut: number | null;
}

export class BusApplier {
  private writer: LedgerWriter | null = null;
  /** Sources by bus key, as of the last commit: a done one's records are all stored already. */
  private readonly sources = new Map<string, Source>();

  constructor(private readonly store: BusLedger) {}

  /** Opens the appenders and their transaction (again after close). */
  async open(): Promise<void> {
    if (this.writer !== null) return;
    this.writer = await this.store.openWriter();
  }

  /** Ends the appenders, so the connection is free for the detectors' own transactions. */
  async close(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }

  private async appliedIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const marks = ids.map((_, i) => `$${i + 1}`).join(", ");
    const rows = await this.store.rows<{ msg_id: string }>(
      `SELECT msg_id FROM bus_applied WHERE msg_id IN (${marks})`,
      ids,
    );
    return new Set(rows.map((r) => r.msg_id));
  }

  async isApplied(id: string): Promise<boolean> {
    return (await this.appliedIds([id])).size > 0;
  }

  private async source(ref: SourceRef, fresh: Map<string, Source>): Promise<Source> {
    const known = this.sources.get(ref.key) ?? fresh.get(ref.key);
    if (known !== undefined) return known;
    const entry =
      (await this.store.findSource(ref.key)) ?? (await this.store.createSource(ref.name, ref.kind, ref.key));
    const [one] = await this.store.rows<{ msg_id: string }>(
      "SELECT msg_id FROM bus_applied WHERE source_id = $1 LIMIT 1",
      [entry.sourceId],
    );
    // A record's id ends in rows:kind:partition:seq (wire.ts messageId).
    const cut = one === undefined ? null : Number(one.msg_id.split(":").at(-4));
    const source: Source = { id: entry.sourceId, done: entry.status === "done", cut };
    fresh.set(ref.key, source);
    return source;
  }

  private remember(fresh: Map<string, Source>): void {
    for (const [key, source] of fresh) this.sources.set(key, source);
  }

  /** Stores the record messages not stored before, in one transaction with their ids. */
  async apply(messages: BusMessage[]): Promise<Applied> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: apply before open");
    const records = messages.filter((m) => m.what !== "end");
    const ids = records.map(messageId);
    const done = await this.appliedIds(ids);
    const out: Applied = { stored: 0, skipped: 0, otherCut: 0, positions: 0, statics: 0 };
    const fresh = new Map<string, Source>();
    const rows: [string, number][] = [];
    for (let i = 0; i < records.length; i++) {
      const m = records[i];
      // A done source's rows are all stored: this is a copy published again (maybe cut differently).
      const source = done.has(ids[i]) ? null : await this.source(m.source, fresh);
      if (source === null || source.done) {
        out.skipped++;
        continue;
      }
      if (source.cut !== null && source.cut !== m.rows) {
        out.otherCut++;
        continue;
      }
      source.cut = m.rows;
      done.add(ids[i]);
      const sourceId = source.id;
      if (m.what === "positions") {
        m.positions.sourceId.fill(sourceId, 0, m.positions.n);
        writer.appendPositions(m.positions);
        out.positions += m.positions.n;
      } else {
        for (const s of m.statics) s.sourceId = sourceId;
        writer.appendStatics(m.statics);
        out.statics += m.statics.length;
      }
      rows.push([ids[i], sourceId]);
      out.stored++;
    }
    try {
      await writer.commitWith(async () => {
        // DO NOTHING: over PostgreSQL another worker may have stored the same redelivered message meanwhile (its rows are skipped alike).
        for (const [id, sourceId] of rows)
          await this.store.tx.run(
            "INSERT INTO bus_applied VALUES ($1, $2, now()::TIMESTAMP) ON CONFLICT DO NOTHING",
            [id, sourceId],
          );
      });
    } catch (err) {
      await writer.rollback();
      throw err;
    }
    this.remember(fresh);
    return out;
  }

  /**
   * Marks the source done with its counts when every one of its record messages is
   * stored: "complete" (also when it was before); "incomplete" when some are still to come
   * (delivered again after a worker was killed, or in another worker's transaction);
   * "other cut" when the source's records stored so far were cut into messages of another
   * size (this marker's messages are refused: publish it with that --bus-rows).
   */
  async completeSource(end: EndHeader): Promise<"complete" | "incomplete" | "other cut"> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: completeSource before open");
    const fresh = new Map<string, Source>();
    const source = await this.source(end.source, fresh);
    if (source.done) return "complete";
    if (source.cut !== null && source.cut !== end.rows) return "other cut";
    const [{ n }] = await this.store.rows<{ n: number }>(
      "SELECT count(*)::DOUBLE PRECISION AS n FROM bus_applied WHERE source_id = $1",
      [source.id],
    );
    const complete = n >= end.messages;
    await writer.commitWith(async () => {
      if (!complete) return;
      const progress = { offset: end.offset, line: end.line, status: "done", counts: end.counts } as const;
      await this.store.tx.saveProgress(source.id, progress);
    });
    this.remember(fresh);
    if (complete) source.done = true;
    return complete ? "complete" : "incomplete";
  }

  /** The bus keys of every source marked done (what a detection run starting now covers). */
  async doneSources(): Promise<string[]> {
    const rows = await this.store.rows<{ fingerprint: string }>(
      "SELECT fingerprint FROM ingest_log WHERE status = 'done' AND fingerprint IS NOT NULL",
    );
    return rows.map((r) => r.fingerprint);
  }

  /** Records that a detection run covered these sources: their later jobs have nothing to do. */
  async markDetected(keys: string[]): Promise<void> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: markDetected before open");
    await writer.commitWith(async () => {
      for (const key of keys)
        await this.store.tx.run(
          "INSERT INTO bus_applied VALUES ($1, 0, now()::TIMESTAMP) ON CONFLICT DO NOTHING",
          [detectedId(key)],
        );
    });
  }
}

/** The bus_applied row saying a detection run covered the source (source id 0: not one of its records). */
export function detectedId(key: string): string {
  return `${key}:detected`;
}
