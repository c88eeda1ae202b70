/** readToEnd: what the ingest's two read loops share (a .gz cut short keeps what came before it). */

import { Readable } from "node:stream";
import { createGunzip, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readToEnd } from "../../src/sources/index.js";

const text = Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join("");

async function collect(chunks: AsyncIterable<Buffer>, stopAfter = Number.POSITIVE_INFINITY) {
  const got: Buffer[] = [];
  const r = await readToEnd(chunks, async (c) => {
    got.push(c);
    return got.length < stopAfter;
  });
  return { ...r, text: Buffer.concat(got).toString() };
}

describe("readToEnd", () => {
  it("reads a whole gzip stream", async () => {
    const r = await collect(Readable.from([gzipSync(text)]).pipe(createGunzip()));
    expect(r).toEqual({ stopped: false, text });
  });

  it("ends a gzip stream cut short with its reason and keeps what came before", async () => {
    const gz = gzipSync(text);
    const r = await collect(Readable.from([gz.subarray(0, gz.length - 40)]).pipe(createGunzip()));
    expect(r.readError).toBe("gzip data cut short");
    expect(r.stopped).toBe(false);
    expect(text.startsWith(r.text)).toBe(true);
  });

  it("throws any other failure", async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from("a");
      throw Object.assign(new Error("boom"), { code: "EIO" });
    }
    await expect(collect(failing())).rejects.toThrow("boom");
  });

  it("stops when told to", async () => {
    async function* many(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 10; i++) yield Buffer.from(String(i));
    }
    expect(await collect(many(), 3)).toEqual({ stopped: true, text: "012" });
  });
});
