/**
 * Line framing for the readers that take bytes in chunks (ais/decoder.ts NmeaDecoder,
 * csv.ts CsvAisReader): chunk boundaries may fall anywhere, so an unfinished line is
 * carried to the next chunk, and a line longer than `maxLine` is counted once and skipped
 * as it comes, never held, so input without newlines cannot grow memory. Works per chunk;
 * the lines of a chunk go to the reader as one run, to split as it finds fastest.
 */

const NEWLINE = 10;

export interface LineHandler {
  /** Whole lines from `start` to the newline at `last`, each ended by a newline. */
  lines(buf: Buffer, start: number, last: number): void;
  /** One line `buf[start, end)` that took `bytes` bytes of input (its newline included, if it had one). */
  line(buf: Buffer, start: number, end: number, bytes: number): void;
  /** A line over the limit, `bytes` long so far; the rest of it goes to skipped. */
  overlong(bytes: number): void;
  /** Bytes of an over-long line passed over (its newline included, when it comes). */
  skipped(bytes: number): void;
}

export class LineFramer {
  private carry: Buffer | null = null;
  private skipping = false;

  constructor(
    private readonly maxLine: number,
    private readonly handler: LineHandler,
  ) {}

  push(buf: Buffer): void {
    let pos = 0;
    if (this.carry !== null || this.skipping) {
      const nl = buf.indexOf(NEWLINE);
      if (nl < 0) return this.extendCarry(buf);
      if (this.skipping) {
        this.skipping = false;
        this.handler.skipped(nl + 1);
      } else {
        const whole = Buffer.concat([this.carry as Buffer, buf.subarray(0, nl)]);
        this.carry = null;
        this.handler.line(whole, 0, whole.length, whole.length + 1);
      }
      pos = nl + 1;
    }
    const last = buf.lastIndexOf(NEWLINE);
    if (last >= pos) {
      this.handler.lines(buf, pos, last);
      pos = last + 1;
    }
    if (pos < buf.length) this.extendCarry(buf.subarray(pos));
  }

  /** Ends the input: a last line without a newline is handed over. */
  end(): void {
    if (this.carry !== null) {
      const carry = this.carry;
      this.carry = null;
      this.handler.line(carry, 0, carry.length, carry.length);
    }
    this.skipping = false;
  }

  private extendCarry(tail: Buffer): void {
    if (this.skipping) {
      this.handler.skipped(tail.length);
      return;
    }
    const carried = this.carry === null ? Buffer.from(tail) : Buffer.concat([this.carry, tail]);
    if (carried.length <= this.maxLine) {
      this.carry = carried;
      return;
    }
    this.carry = null;
    this.skipping = true;
    this.handler.overlong(carried.length);
  }
}
