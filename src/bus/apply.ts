/**
 * The worker's store side: stores the record messages of one fetch in one transaction,
 * with their message ids in bus_applied, so a message delivered again (a killed worker's,
 * an acknowledgement lost to a restarting server) or published again past the bus's
 * duplicate window is skipped: no row is stored twice. A source is marked done, with its
 * counts, offset and line, once its end marker finds every one of its messages stored.
 */

import { createSource, findSource, saveProgress } from "../store/ingest-log.js";
import type { Store } from "../store/store.js";
import { StoreWriter } from "../store/writer.js";
import { type BusMessage, type EndHeader, messageId, type SourceRef } from "./wire.js";

export interface Applied {
  /** Record messages stored now, and those skipped as stored before. */
  stored: number;
  skipped: number;
  positions: number;
  statics: number;
}

export class BusApplier {
  private writer: StoreWriter | null = null;
  /** Source ids by bus key, of sources registered in a committed transaction. */
  private readonly sources = new Map<string, number>();

  constructor(private readonly store: Store) {}

  /** Opens the appenders and their transaction (again after close). */
  async open(): Promise<void> {
    if (this.writer !== null) return;
    this.writer = await StoreWriter.create(this.store);
    await this.writer.begin();
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

  private async sourceId(ref: SourceRef, fresh: Map<string, number>): Promise<number> {
    const known = this.sources.get(ref.key) ?? fresh.get(ref.key);
    if (known !== undefined) return known;
    const entry =
      (await findSource(this.store, ref.key)) ??
      (await createSource(this.store, ref.name, ref.kind, ref.key));
    fresh.set(ref.key, entry.sourceId);
    return entry.sourceId;
  }

  /** Stores the record messages not stored before, in one transaction with their ids. */
  async apply(messages: BusMessage[]): Promise<Applied> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: apply before open");
    const records = messages.filter((m) => m.what !== "end");
    const ids = records.map(messageId);
    const done = await this.appliedIds(ids);
    const out: Applied = { stored: 0, skipped: 0, positions: 0, statics: 0 };
    const fresh = new Map<string, number>();
    const rows: [string, number][] = [];
    for (let i = 0; i < records.length; i++) {
      const m = records[i];
      if (done.has(ids[i])) {
        out.skipped++;
        continue;
      }
      done.add(ids[i]);
      const sourceId = await this.sourceId(m.source, fresh);
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
        for (const [id, sourceId] of rows)
          await this.store.con.run("INSERT INTO bus_applied VALUES ($1, $2, now()::TIMESTAMP)", [
            id,
            sourceId,
          ]);
      });
    } catch (err) {
      await writer.rollback();
      throw err;
    }
    for (const [key, id] of fresh) this.sources.set(key, id);
    return out;
  }

  /**
   * Marks the source done with its counts when every one of its record messages is
   * stored; false when some are still to come (delivered again after a worker was killed).
   */
  async completeSource(end: EndHeader): Promise<boolean> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: completeSource before open");
    const fresh = new Map<string, number>();
    const sourceId = await this.sourceId(end.source, fresh);
    const [{ n }] = await this.store.rows<{ n: number }>(
      "SELECT count(*)::DOUBLE AS n FROM bus_applied WHERE source_id = $1 AND msg_id <> $2",
      [sourceId, messageId(end)],
    );
    if (n < end.messages) {
      await writer.commitWith(async () => undefined);
      for (const [key, id] of fresh) this.sources.set(key, id);
      return false;
    }
    await writer.commitWith(() =>
      saveProgress(this.store, sourceId, {
        offset: end.offset,
        line: end.line,
        status: "done",
        counts: end.counts,
      }),
    );
    for (const [key, id] of fresh) this.sources.set(key, id);
    return true;
  }

  /** Records that the detectors have run over these sources (their end markers are then acknowledged). */
  async markDetected(ends: EndHeader[]): Promise<void> {
    const writer = this.writer;
    if (writer === null) throw new Error("BusApplier: markDetected before open");
    await writer.commitWith(async () => {
      for (const end of ends) {
        const sourceId = this.sources.get(end.source.key) ?? 0;
        await this.store.con.run(
          "INSERT INTO bus_applied VALUES ($1, $2, now()::TIMESTAMP) ON CONFLICT DO NOTHING",
          [messageId(end), sourceId],
        );
      }
    });
  }
}
