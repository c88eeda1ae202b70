/**
 * Command-line arguments to an ordered list of inputs: files (plain, .gz, .zst, .zip), directories
 * (every file below, hidden ones excepted, sorted by path so runs are repeatable), glob
 * patterns (sorted likewise), `-` for standard input, and feeds (`tcp://host:port`,
 * `udp://:port`). Order is the order of the arguments; a file named twice is read once.
 *
 * Everything that can be checked before reading is checked here, so a missing file, an
 * unreadable one, or a directory or pattern that matches nothing fails at once with a
 * one-line error naming it, before any work is done.
 */
import { constants, type Dirent } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { type ByteStream, openCompressedFile, openPlainFile, openStdin } from "./byte-stream.js";
import { type Compression, compressionOf } from "./decompress.js";
import { type Endpoint, formatEndpoint, isEndpoint, parseEndpoint } from "./endpoint.js";
import { InputError } from "./errors.js";
import { TcpFeed, type TcpFeedOptions } from "./tcp.js";
import { UdpFeed, type UdpFeedOptions } from "./udp.js";

export interface OpenOptions {
  /** Start this many bytes in (decompressed bytes for .gz); files only. */
  offset?: number;
  /** Stops a feed. */
  signal?: AbortSignal;
}

interface InputBase {
  /** As the user named it (path, "-", feed address): for messages and the ingest log. */
  readonly name: string;
  /** Bytes on disk (the compressed size for .gz), for progress; null when unknown. */
  readonly size: number | null;
  /** Whether `open({ offset })` can start part-way. */
  readonly resumable: boolean;
  /** True for feeds, which do not end by themselves. */
  readonly live: boolean;
}

export interface FileInput extends InputBase {
  /** "file" for plain files, else the compression (by extension). */
  readonly kind: "file" | Compression;
  /** Absolute path: the same file named two ways is one input. */
  readonly path: string;
  readonly mtimeMs: number;
  open(options?: OpenOptions): ByteStream;
}

export interface StdinInput extends InputBase {
  readonly kind: "stdin";
  open(options?: OpenOptions): ByteStream;
}

export interface TcpInput extends InputBase {
  readonly kind: "tcp";
  readonly endpoint: Endpoint;
  open(options?: OpenOptions): TcpFeed;
}

export interface UdpInput extends InputBase {
  readonly kind: "udp";
  readonly endpoint: Endpoint;
  open(options?: OpenOptions): UdpFeed;
}

export type Input = FileInput | StdinInput | TcpInput | UdpInput;

export interface ResolveOptions {
  /** What `-` reads (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Reconnect and idle settings for TCP feeds. */
  tcp?: Omit<TcpFeedOptions, "host" | "port" | "signal">;
  udp?: Omit<UdpFeedOptions, "host" | "port" | "signal">;
  /** Directory that relative paths and patterns start from (default the working directory). */
  cwd?: string;
}

/** Turns arguments into inputs, in order; throws an InputError (one line, naming the argument) on the first bad one. */
export async function resolveInputs(args: readonly string[], options: ResolveOptions = {}): Promise<Input[]> {
  const cwd = options.cwd ?? process.cwd();
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const addFile = async (path: string, name: string): Promise<void> => {
    const abs = resolve(cwd, path);
    if (seen.has(abs)) return;
    seen.add(abs);
    inputs.push(await fileInput(abs, name));
  };
  for (const arg of args) {
    if (arg === "-") {
      if (seen.has("-")) throw new InputError("-", "standard input named twice");
      seen.add("-");
      inputs.push(stdinInput(options.stdin));
    } else if (isEndpoint(arg)) {
      inputs.push(feedInput(parseEndpoint(arg), options));
    } else {
      const abs = resolve(cwd, arg);
      const info = await stat(abs).catch(() => null);
      if (info?.isDirectory()) {
        const files = await listDirectory(abs);
        if (files.length === 0) throw new InputError(arg, "no files in this directory");
        for (const f of files) await addFile(f, join(arg, f.slice(abs.length + 1)));
      } else if (info === null && isDynamicPattern(arg)) {
        const matches = await glob(arg, {
          cwd,
          onlyFiles: true,
          absolute: isAbsolute(arg),
          expandDirectories: false,
          followSymbolicLinks: false, // as in directory walks: no loops, no file twice
        });
        if (matches.length === 0) throw new InputError(arg, "no files match this pattern");
        for (const m of matches.sort(byPath)) await addFile(m, m);
      } else {
        await addFile(abs, arg);
      }
    }
  }
  return inputs;
}

/** Plain code-unit order: the same on every machine and locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function fileInput(path: string, name: string): Promise<FileInput> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    await access(path, constants.R_OK);
  } catch (err) {
    throw InputError.from(name, err);
  }
  const compression = compressionOf(path);
  // A named pipe (`darkfleet decode <(zcat x.gz)`) streams like a file but has no size and cannot resume.
  const regular = info.isFile();
  return {
    kind: compression ?? "file",
    name,
    path,
    size: regular ? Number(info.size) : null,
    mtimeMs: Number(info.mtimeMs),
    resumable: regular,
    live: false,
    open: ({ offset = 0 } = {}) =>
      compression ? openCompressedFile(path, name, compression, offset) : openPlainFile(path, name, offset),
  };
}

function stdinInput(stdin?: NodeJS.ReadableStream): StdinInput {
  let opened = false;
  return {
    kind: "stdin",
    name: "-",
    size: null,
    resumable: false,
    live: false,
    open: ({ offset = 0 } = {}) => {
      if (offset > 0) throw new InputError("-", "standard input cannot start part-way");
      if (opened) throw new InputError("-", "standard input can be read only once");
      opened = true;
      return openStdin(stdin);
    },
  };
}

function feedInput(endpoint: Endpoint, options: ResolveOptions): TcpInput | UdpInput {
  const base = { name: formatEndpoint(endpoint), size: null, resumable: false, live: true };
  const { host, port } = endpoint;
  if (endpoint.protocol === "tcp") {
    return {
      ...base,
      kind: "tcp",
      endpoint,
      open: ({ signal } = {}) => new TcpFeed({ ...options.tcp, host, port, signal }),
    };
  }
  return {
    ...base,
    kind: "udp",
    endpoint,
    open: ({ signal } = {}) => new UdpFeed({ ...options.udp, host, port, signal }),
  };
}

/** Every non-hidden file below a directory, absolute paths in path order. Symlinked directories are not followed (no loops). */
async function listDirectory(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      throw InputError.from(d, err);
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => null))?.isFile()))
        files.push(p);
    }
  };
  await walk(dir);
  return files.sort(byPath);
}
