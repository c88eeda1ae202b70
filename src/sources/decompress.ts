/**
 * Decompressors for the compressed files AIS archives come in, chosen by extension: .gz
 * (NOAA, most feed dumps; node:zlib), .zst (MarineCadastre from 2024; node:zlib where the
 * Node version has it, else the `zstd` program) and .zip (MarineCadastre 2015-2023, one CSV
 * per archive; the `funzip` program from Debian's unzip, which streams the first member).
 * All are streams: compressed bytes in, decompressed bytes out, nothing held whole.
 */
import { spawn } from "node:child_process";
import type { Duplex, Readable, Writable } from "node:stream";
import * as zlib from "node:zlib";

export type Compression = "gzip" | "zstd" | "zip";

const EXTENSIONS: Record<string, Compression> = { ".gz": "gzip", ".zst": "zstd", ".zip": "zip" };

export function compressionOf(path: string): Compression | null {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? null : (EXTENSIONS[path.slice(dot).toLowerCase()] ?? null);
}

export interface Decompressor {
  input: Writable;
  output: Readable;
  /** Settles when the decompressor has finished: rejects if it failed (a program's exit status). */
  done: Promise<void>;
  /** Stops it early. */
  stop(): void;
}

const OUT_CHUNK = 1 << 18;

export function decompressor(kind: Compression): Decompressor {
  const zstd = (zlib as unknown as { createZstdDecompress?: (o: object) => Duplex }).createZstdDecompress;
  if (kind === "gzip") return inProcess(zlib.createGunzip({ chunkSize: OUT_CHUNK }));
  if (kind === "zstd" && zstd) return inProcess(zstd({ chunkSize: OUT_CHUNK }));
  if (kind === "zstd") return filterProgram("zstd", ["-dcq"], "zstd");
  return filterProgram("funzip", [], "unzip");
}

function inProcess(stream: Duplex): Decompressor {
  return { input: stream, output: stream, done: Promise.resolve(), stop: () => stream.destroy() };
}

/** A program reading stdin and writing stdout; its exit status decides success. */
function filterProgram(command: string, args: string[], debianPackage: string): Decompressor {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    if (stderr.length < 1000) stderr += d;
  });
  // A program that stops reading (bad data, or it failed to start) breaks the pipe; its exit status says why.
  child.stdin.on("error", () => {});
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (err: NodeJS.ErrnoException) => {
      child.stdout.destroy();
      reject(
        err.code === "ENOENT"
          ? new Error(`needs the ${command} program (Debian package ${debianPackage})`)
          : err,
      );
    });
    child.on("close", (code, signal) => {
      if (code === 0 || signal === "SIGTERM") resolve();
      else reject(new Error(stderr.trim().split("\n")[0] || `${command} failed (exit status ${code})`));
    });
  });
  done.catch(() => {}); // read by the caller after the output ends
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  return { input: child.stdin, output: child.stdout, done, stop };
}
