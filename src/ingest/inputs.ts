/**
 * What the ingest pipeline reads from: a named byte stream (from src/sources) that can be
 * opened at a byte offset (files, identified by a content fingerprint) or only from "now"
 * (stdin and live feeds). Directories and globs expand to their files in sorted order.
 */
import { createHash } from "node:crypto";
import { type Stats, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { glob } from "tinyglobby";
import { type ByteStream, openGzipFile, openPlainFile, openStdin } from "../sources/byte-stream.js";
import { isEndpoint, parseEndpoint } from "../sources/endpoint.js";
import { TcpFeed } from "../sources/tcp.js";
import { UdpFeed } from "../sources/udp.js";

export interface IngestInput {
  /** As the user named it (path, "-", tcp://host:port). */
  name: string;
  kind: "file" | "stdin" | "tcp" | "udp";
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

export function fileInput(path: string, stats: Stats): IngestInput {
  const gz = path.endsWith(".gz");
  return {
    name: path,
    kind: "file",
    size: stats.size,
    live: false,
    fingerprint: () => contentFingerprint(path),
    open: (offset) => (gz ? openGzipFile(path, path, offset) : openPlainFile(path, path, offset)),
  };
}

function stdinInput(): IngestInput {
  return {
    name: "-",
    kind: "stdin",
    size: null,
    live: false,
    fingerprint: async () => null,
    open: () => openStdin(),
  };
}

function feedInput(spec: string): IngestInput {
  const e = parseEndpoint(spec);
  return {
    name: spec,
    kind: e.protocol,
    size: null,
    live: true,
    fingerprint: async () => null,
    open: (_offset, signal) =>
      e.protocol === "tcp"
        ? new TcpFeed({ host: e.host, port: e.port, signal })
        : new UdpFeed({ host: e.host, port: e.port, signal }),
  };
}

/** Expands the command line's sources: files, directories (their files, recursively), globs, "-", feeds. */
export async function resolveInputs(specs: readonly string[]): Promise<IngestInput[]> {
  const out: IngestInput[] = [];
  for (const spec of specs) {
    if (spec === "-") out.push(stdinInput());
    else if (isEndpoint(spec)) out.push(feedInput(spec));
    else {
      const st = statOrNull(spec);
      if (st?.isFile()) out.push(fileInput(spec, st));
      else {
        const pattern = st?.isDirectory() ? `${spec.replace(/\/+$/, "")}/**/*` : spec;
        const files = (await glob(pattern, { onlyFiles: true, expandDirectories: false })).sort();
        if (files.length === 0) throw new Error(`${spec}: no such file`);
        for (const f of files) out.push(fileInput(f, statSync(f)));
      }
    }
  }
  return out;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
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
