import { ioReason, isCutShort } from "./errors.js";

/**
 * Reads `chunks` to the end, handing each to `each` (which may wait, e.g. for room
 * downstream). Compressed data cut short part-way ends the read with its reason (what came
 * before is kept); any other failure is thrown. `each` returning false stops the read early.
 */
export async function readToEnd(
  chunks: AsyncIterable<Buffer>,
  each: (chunk: Buffer) => Promise<boolean>,
): Promise<{ readError?: string; stopped: boolean }> {
  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await it.next();
    } catch (err) {
      if (!isCutShort(err)) throw err;
      return { readError: ioReason(err), stopped: false };
    }
    if (next.done) return { stopped: false };
    if (!(await each(next.value))) return { stopped: true };
  }
}
