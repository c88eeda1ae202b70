/**
 * Buffered line output to stdout that respects back-pressure and treats a closed pipe
 * (`darkfleet decode --json | head`) as a normal end, not an error.
 *
 * Lines are copied into large Buffers rather than concatenated into one string: with
 * millions of short lines, string building spent most of its time in the garbage collector.
 */
import { once } from "node:events";

const BLOCK = 1 << 20;

export class LineWriter {
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private full: Buffer[] = [];
  /** True once the reader went away (EPIPE): callers should stop producing. */
  closed = false;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {
    out.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      this.closed = true;
    });
  }

  /** Appends one line of ASCII text (callers escape anything else, as JSON allows). */
  line(text: string): void {
    if (this.used + text.length + 1 > BLOCK) this.rotate();
    this.used += this.block.write(text, this.used, "latin1");
    this.block[this.used++] = 10;
  }

  private rotate(): void {
    this.full.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
  }

  /** Writes the filled blocks (and, with force, the partial one), waiting while stdout is busy. */
  async flush(force = false): Promise<void> {
    if (force && this.used > 0) this.rotate();
    const blocks = this.full;
    this.full = [];
    try {
      for (const b of blocks) {
        if (this.closed) return;
        if (!this.out.write(b)) await Promise.race([once(this.out, "drain"), once(this.out, "close")]);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EPIPE") throw err;
      this.closed = true;
    }
  }
}

/**
 * For commands that write to stdout directly: a reader that goes away (`darkfleet events |
 * head`) ends the output quietly, as for every Unix tool, instead of an unhandled EPIPE.
 */
export function quietOnClosedStdout(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
}
