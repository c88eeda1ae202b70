/**
 * Reorder buffer with a watermark. Records may arrive up to `latenessMs` behind the
 * newest one seen; they are released in the records' total order (model/record-order.ts), so any arrival order within the lateness window yields the same sequence.
 * Records older than the released cut are dropped and counted. In-order input takes a
 * FIFO fast path; only out-of-order records pay for the heap.
 */
import { compareRecords, type StreamRecord } from "../../model/record-order.js";

export class ReorderBuffer {
  private fifo: StreamRecord[] = [];
  private head = 0;
  private readonly heap: StreamRecord[] = [];
  private maxT = Number.NEGATIVE_INFINITY;
  /** Every record released so far has t < cut; a record arriving with t < cut is late. */
  cut = Number.NEGATIVE_INFINITY;
  late = 0;

  constructor(private readonly latenessMs: number) {}

  get size(): number {
    return this.fifo.length - this.head + this.heap.length;
  }

  /** Buffers a record; false (and counted) when it is too late to be placed in order. */
  push(r: StreamRecord): boolean {
    if (r.t < this.cut) {
      this.late++;
      return false;
    }
    if (r.t > this.maxT) this.maxT = r.t;
    const n = this.fifo.length;
    if (n === this.head || compareRecords(this.fifo[n - 1], r) <= 0) this.fifo.push(r);
    else this.heapPush(r);
    return true;
  }

  /** The cut the buffered records allow: everything older than newest − lateness. */
  watermark(): number {
    return this.maxT - this.latenessMs;
  }

  /** Releases, in order, every record with t < `until` (and raises the cut to it). */
  drain(until: number, emit: (r: StreamRecord) => void): void {
    if (until > this.cut) this.cut = until;
    const fifo = this.fifo;
    const heap = this.heap;
    for (;;) {
      const f = this.head < fifo.length ? fifo[this.head] : undefined;
      const h = heap.length > 0 ? heap[0] : undefined;
      let next: StreamRecord;
      if (f !== undefined && (h === undefined || compareRecords(f, h) <= 0)) {
        if (f.t >= until) break;
        next = f;
        this.head++;
      } else if (h !== undefined) {
        if (h.t >= until) break;
        next = this.heapPop();
      } else break;
      emit(next);
    }
    if (this.head > 4096 && this.head * 2 > fifo.length) {
      this.fifo = fifo.slice(this.head);
      this.head = 0;
    }
  }

  private heapPush(r: StreamRecord): void {
    const a = this.heap;
    let i = a.length;
    a.push(r);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareRecords(a[p], r) <= 0) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = r;
  }

  private heapPop(): StreamRecord {
    const a = this.heap;
    const top = a[0];
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && compareRecords(a[r], a[l]) < 0 ? r : l;
        if (compareRecords(a[c], last) >= 0) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
