/**
 * Streamed bytes from a file (plain or gzip) or standard input. Nothing is read whole:
 * chunks of at most about 1 MiB flow through, so memory stays flat whatever the size.
 *
 * A plain file can start at a byte offset (the ingest resumes from its last committed
 * offset); a compressed file cannot seek, so it starts from the top and skips that many
 * decompressed bytes, which costs the decompression time but gives the same bytes.
 */
import { createReadStream } from "node:fs";
import { type Compression, decompressor } from "./decompress.js";
import { InputError } from "./errors.js";

/** Chunks of bytes, with a running count of what was taken from the file or socket underneath. */
export interface ByteStream extends AsyncIterable<Buffer> {
  /** Bytes read from the underlying file or socket so far (compressed bytes for .gz): for progress. */
  readonly bytesRead: number;
}

const FILE_CHUNK = 1 << 20;

/** Wraps a chunk generator as a ByteStream; the generator reports the raw bytes it reads through `count`. */
function countingStream(make: (count: (n: number) => void) => AsyncIterable<Buffer>): ByteStream {
  const stream = {
    bytesRead: 0,
    [Symbol.asyncIterator]: () =>
      make((n) => {
        stream.bytesRead += n;
      })[Symbol.asyncIterator](),
  };
  return stream;
}

/** Drops the first `skip` bytes of a chunk sequence. */
async function* skipBytes(chunks: AsyncIterable<Buffer>, skip: number): AsyncGenerator<Buffer> {
  let left = skip;
  for await (const chunk of chunks) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** A plain file from byte `offset` on. */
export function openPlainFile(path: string, name: string, offset = 0): ByteStream {
  return countingStream(async function* (count) {
    // No `start` at 0, so pipes and process substitutions (which cannot seek) read too.
    const file = createReadStream(
      path,
      offset > 0 ? { start: offset, highWaterMark: FILE_CHUNK } : { highWaterMark: FILE_CHUNK },
    );
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) {
        count(chunk.length);
        yield chunk;
      }
    } catch (err) {
      throw InputError.from(name, err);
    }
  });
}

/** A compressed file, decompressed, from decompressed byte `offset` on (gzip: one or several members). */
export function openCompressedFile(path: string, name: string, kind: Compression, offset = 0): ByteStream {
  return countingStream(async function* (count) {
    const file = createReadStream(path, { highWaterMark: FILE_CHUNK });
    const d = decompressor(kind);
    file.on("data", (chunk) => count(chunk.length));
    file.on("error", (err) => d.output.destroy(err));
    file.pipe(d.input);
    try {
      yield* skipBytes(d.output, offset);
      await d.done;
    } catch (err) {
      // A decompressor program's own failure says more than the broken stream it leaves.
      d.stop();
      const failure = await d.done.then(
        () => null,
        (e: unknown) => e,
      );
      throw InputError.from(name, failure ?? err);
    } finally {
      file.destroy();
      d.stop();
    }
  });
}

/** A gzip file, decompressed, from decompressed byte `offset` on. */
export function openGzipFile(path: string, name: string, offset = 0): ByteStream {
  return openCompressedFile(path, name, "gzip", offset);
}

/** Standard input (or another readable, for tests); it can be read once and cannot start part-way. */
export function openStdin(stdin: NodeJS.ReadableStream = process.stdin): ByteStream {
  return countingStream(async function* (count) {
    try {
      for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        count(buf.length);
        yield buf;
      }
    } catch (err) {
      throw InputError.from("-", err);
    }
  });
}
