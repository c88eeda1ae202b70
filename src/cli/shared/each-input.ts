/**
 * The commands' way through several inputs: one that cannot be read (an InputError) or that
 * ended part-way (a summary with an `error`) is reported in one line on stderr and the
 * others go on; any other error stops them all.
 */
import { InputError } from "../../sources/index.js";

/** Runs `each` on every item in turn until `stop` says so; returns how many failed. */
export async function forEachInput<T>(
  items: readonly T[],
  each: (item: T) => Promise<{ error?: string } | undefined>,
  stop: () => boolean = () => false,
): Promise<number> {
  let failed = 0;
  for (const item of items) {
    if (stop()) break;
    try {
      const error = (await each(item))?.error;
      if (error !== undefined) {
        process.stderr.write(`${error}\n`);
        failed++;
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      process.stderr.write(`${err.message}\n`);
      failed++;
    }
  }
  return failed;
}
