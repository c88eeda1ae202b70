/**
 * What the ingest pipeline reads from: the inputs of src/sources (files, .gz, directories,
 * globs, stdin, feeds) with a content fingerprint for the ones that can be re-read, so that
 * a file is recognised by what it holds, whatever its name or mtime.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { type ReaderFormat, readerFor } from "../ais/reader.js";
import {
  type ByteStream,
  type Input,
  resolveInputs as resolveSources,
  sniffInput,
} from "../sources/index.js";

export interface IngestInput {
  /** As the user named it (path, "-", tcp://host:port). */
  name: string;
  kind: Input["kind"];
  /** The file's path, for files (a worker thread reopens it); null otherwise. */
  path: string | null;
  /** Size in bytes of the stored (maybe compressed) file, for progress; null if unknown. */
  size: number | null;
  /** Live feeds commit on a timer and run until stopped. */
  live: boolean;
  /** Content fingerprint for resumable inputs; null when the input cannot be re-read. */
  fingerprint(): Promise<string | null>;
  /** Bytes from `offset` on (offset in the uncompressed stream). */
  open(offset: number, signal?: AbortSignal): ByteStream;
}

const FINGERPRINT_BYTES = 1 << 16;

/** Hash of the first 64 KiB: the same content under another name or mtime is the same source. */
async function contentFingerprint(path: string): Promise<string> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(FINGERPRINT_BYTES);
    const { bytesRead } = await fh.read(buf, 0, FINGERPRINT_BYTES, 0);
    return `sha256:${createHash("sha256").update(buf.subarray(0, bytesRead)).digest("hex").slice(0, 32)}`;
  } finally {
    await fh.close();
  }
}

export function ingestInputOf(input: Input): IngestInput {
  return {
    name: input.name,
    kind: input.kind,
    path: input.kind === "file" || input.kind === "gzip" ? input.path : null,
    size: input.size,
    live: input.live,
    fingerprint: async () =>
      input.kind === "file" || input.kind === "gzip" ? contentFingerprint(input.path) : null,
    open: (offset, signal) => input.open({ offset, signal }),
  };
}

/** Expands the command line's sources (see sources/inputs.ts) into ingest inputs. */
export async function resolveInputs(specs: readonly string[]): Promise<IngestInput[]> {
  return (await resolveSources(specs)).map(ingestInputOf);
}

export interface Format {
  format: ReaderFormat;
  /** The first line (a CSV header, needed to resume a CSV file past it). */
  header: string;
  /** For inputs that cannot be re-read, the stream the first line was read from (use it, not open()). */
  stream: ByteStream | null;
}

/** Tells NMEA from a CSV export by the first line (ais/reader.ts readerFormat). */
export async function sniffFormat(
  input: IngestInput,
  signal?: AbortSignal,
  columns?: string,
): Promise<Format> {
  const raw = input.open(0, signal);
  const sniffed = await sniffInput(raw);
  const format = readerFor(input.name, sniffed, columns);
  if (input.kind === "file" || input.kind === "gzip") {
    await sniffed.chunks[Symbol.asyncIterator]().return?.();
    return { format, header: sniffed.firstLine, stream: null };
  }
  const stream: ByteStream = {
    get bytesRead() {
      return raw.bytesRead;
    },
    [Symbol.asyncIterator]: () => sniffed.chunks[Symbol.asyncIterator](),
  };
  return { format, header: sniffed.firstLine, stream };
}

const IDLE = Buffer.alloc(0);

/**
 * Yields the chunks of `stream`, and an empty chunk whenever none came for `ms`: a live
 * feed that goes quiet still gives the consumer its turn to commit what it holds.
 */
export async function* withHeartbeat(stream: AsyncIterable<Buffer>, ms: number): AsyncGenerator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<"tick">((resolve) => {
      timer = setTimeout(() => resolve("tick"), ms);
    });
    const r = await Promise.race([next, tick]);
    clearTimeout(timer);
    if (r === "tick") {
      yield IDLE;
      continue;
    }
    if (r.done) return;
    yield r.value;
    next = it.next();
  }
}
