import type { DecodeStats } from "../model/stats.js";

/**
 * One-line errors for inputs that cannot be read, naming the input, so the CLI can print
 * `err.message` as is: "darkfleet: cannot read 'x.nmea': no such file".
 */

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  EMFILE: "too many open files",
  Z_DATA_ERROR: "not valid gzip data",
  Z_BUF_ERROR: "gzip data cut short",
};

/** A short reason for an I/O error: the errno's meaning in words, else the error's own message. */
export function ioReason(err: unknown): string {
  if (err instanceof InputError) return err.reason;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && REASONS[e.code] !== undefined) return REASONS[e.code];
  if (e && e.message === "unexpected end of file") return "gzip data cut short";
  return e instanceof Error ? e.message : String(err);
}

/**
 * True for compressed data that stops making sense part-way (a .gz cut short or corrupt):
 * what came before it is good and is kept; any other failure while reading is not an end.
 */
export function isCutShort(err: unknown): boolean {
  const reason = ioReason(err);
  return reason === REASONS.Z_BUF_ERROR || reason === REASONS.Z_DATA_ERROR;
}

/** The error thrown when an input cannot be opened or fails while being read. */
export class InputError extends Error {
  /** What was read before the failure (a cut-short .gz), when anything was: it is kept and counted. */
  stats?: DecodeStats;

  constructor(
    readonly input: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`darkfleet: cannot read '${input}': ${reason}`, options);
    this.name = "InputError";
  }

  static from(input: string, err: unknown): InputError {
    if (err instanceof InputError) return err;
    return new InputError(input, ioReason(err), { cause: err });
  }
}
