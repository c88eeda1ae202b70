import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ByteStream } from "../../src/sources/byte-stream.js";
import { InputError } from "../../src/sources/errors.js";
import { type FileInput, resolveInputs } from "../../src/sources/inputs.js";

let dir: string;
const FIXTURES = new URL("../fixtures/csv/", import.meta.url);
const text = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} ${"x".repeat(i % 50)}\n`).join("");
const BIG = Buffer.from(text(60_000)); // ~2.4 MB: several chunks

async function collect(stream: ByteStream): Promise<{ bytes: Buffer; chunks: number; largest: number }> {
  const parts: Buffer[] = [];
  let largest = 0;
  for await (const c of stream) {
    parts.push(c);
    largest = Math.max(largest, c.length);
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length, largest };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "darkfleet-inputs-"));
  mkdirSync(join(dir, "feed/2023/b"), { recursive: true });
  mkdirSync(join(dir, "feed/2023/a"), { recursive: true });
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, "feed/2023/b/02.nmea"), "b2\n");
  writeFileSync(join(dir, "feed/2023/a/10.nmea"), "a10\n");
  writeFileSync(join(dir, "feed/2023/a/09.nmea"), "a09\n");
  writeFileSync(join(dir, "feed/2023/.hidden"), "no\n");
  writeFileSync(join(dir, "feed/top.nmea.gz"), gzipSync("top\n"));
  symlinkSync(join(dir, "feed"), join(dir, "feed/2023/loop"));
  writeFileSync(join(dir, "big.nmea"), BIG);
  writeFileSync(
    join(dir, "big.nmea.gz"),
    Buffer.concat([gzipSync(BIG.subarray(0, 1000)), gzipSync(BIG.subarray(1000))]),
  );
  writeFileSync(join(dir, "bad.gz"), "this is not gzip\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("resolveInputs", () => {
  it("expands a directory recursively in path order, skipping hidden files and symlinked directories", async () => {
    const inputs = await resolveInputs(["feed"], { cwd: dir });
    expect(inputs.map((i) => i.name)).toEqual([
      "feed/2023/a/09.nmea",
      "feed/2023/a/10.nmea",
      "feed/2023/b/02.nmea",
      "feed/top.nmea.gz",
    ]);
    expect(inputs.map((i) => i.kind)).toEqual(["file", "file", "file", "gzip"]);
    expect((inputs[0] as FileInput).path).toBe(join(dir, "feed/2023/a/09.nmea"));
    expect(inputs[0].size).toBe(4);
  });

  it("expands globs in path order and keeps argument order across arguments", async () => {
    const inputs = await resolveInputs(["big.nmea", "feed/**/*.nmea", "feed/2023/a/09.nmea"], { cwd: dir });
    expect(inputs.map((i) => i.name)).toEqual([
      "big.nmea",
      "feed/2023/a/09.nmea",
      "feed/2023/a/10.nmea",
      "feed/2023/b/02.nmea",
    ]); // the file named again is read once
  });

  it("names what is missing in a one-line error", async () => {
    await expect(resolveInputs(["nope.nmea"], { cwd: dir })).rejects.toThrow(
      "darkfleet: cannot read 'nope.nmea': no such file",
    );
    await expect(resolveInputs(["feed/*.csv"], { cwd: dir })).rejects.toThrow(
      "darkfleet: cannot read 'feed/*.csv': no files match this pattern",
    );
    await expect(resolveInputs(["empty"], { cwd: dir })).rejects.toThrow(
      "darkfleet: cannot read 'empty': no files in this directory",
    );
    await expect(resolveInputs(["-", "-"], { cwd: dir })).rejects.toBeInstanceOf(InputError);
  });

  it("turns feed addresses into live inputs", async () => {
    const inputs = await resolveInputs(["tcp://127.0.0.1:10110", "udp://:10111"], { cwd: dir });
    expect(inputs.map((i) => [i.kind, i.name, i.live, i.resumable])).toEqual([
      ["tcp", "tcp://127.0.0.1:10110", true, false],
      ["udp", "udp://:10111", true, false],
    ]);
    await expect(resolveInputs(["tcp://:10110"])).rejects.toThrow("expected tcp://host:port");
  });
});

describe("file streams", () => {
  it("streams a plain file in bounded chunks, and from any offset", async () => {
    const [input] = await resolveInputs(["big.nmea"], { cwd: dir });
    const all = await collect(input.open());
    expect(all.bytes.equals(BIG)).toBe(true);
    expect(all.chunks).toBeGreaterThan(1);
    expect(all.largest).toBeLessThanOrEqual(1 << 20);
    for (const offset of [0, 1, 777_777, BIG.length - 1, BIG.length]) {
      const part = await collect(input.open({ offset }));
      expect(part.bytes.equals(BIG.subarray(offset))).toBe(true);
    }
  });

  it("decompresses multi-member gzip and resumes at a decompressed offset", async () => {
    const [input] = await resolveInputs(["big.nmea.gz"], { cwd: dir });
    const stream = input.open();
    const all = await collect(stream);
    expect(all.bytes.equals(BIG)).toBe(true);
    expect(stream.bytesRead).toBe(input.size);
    for (const offset of [999, 1000, 1001, 500_000]) {
      const part = await collect(input.open({ offset }));
      expect(part.bytes.equals(BIG.subarray(offset))).toBe(true);
    }
  });

  it("reports broken gzip as a one-line error naming the file", async () => {
    const [input] = await resolveInputs(["bad.gz"], { cwd: dir });
    await expect(collect(input.open())).rejects.toThrow(
      "darkfleet: cannot read 'bad.gz': not valid gzip data",
    );
  });

  it("decompresses .zst and .zip (one CSV inside), from any offset", async () => {
    const csv = readFileSync(new URL("marinecadastre-2023.csv", FIXTURES));
    const inputs = await resolveInputs(["marinecadastre-2023.csv.zst", "marinecadastre-2023.zip"], {
      cwd: FIXTURES.pathname,
    });
    expect(inputs.map((i) => i.kind)).toEqual(["zstd", "zip"]);
    for (const input of inputs) {
      const stream = input.open();
      expect((await collect(stream)).bytes.equals(csv)).toBe(true);
      expect(stream.bytesRead).toBe(input.size);
      expect((await collect(input.open({ offset: 100 }))).bytes.equals(csv.subarray(100))).toBe(true);
    }
  });

  it("reports a broken .zst, and a missing decompressor, naming the file", async () => {
    writeFileSync(join(dir, "bad.zst"), "not zstd at all\n");
    const [bad] = await resolveInputs(["bad.zst"], { cwd: dir });
    await expect(collect(bad.open())).rejects.toThrow(/^darkfleet: cannot read 'bad.zst': ./);
    const [zip] = await resolveInputs(["marinecadastre-2023.zip"], { cwd: FIXTURES.pathname });
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const stream = zip.open();
      await expect(collect(stream)).rejects.toThrow(
        "darkfleet: cannot read 'marinecadastre-2023.zip': needs the funzip program (Debian package unzip)",
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it("reads a named pipe (process substitution) as a stream that cannot resume", async () => {
    const fifo = join(dir, "pipe.nmea");
    execFileSync("mkfifo", [fifo]);
    const [input] = await resolveInputs([fifo]);
    expect([input.kind, input.size, input.resumable]).toEqual(["file", null, false]);
    const writer = spawn("sh", ["-c", 'printf "!AIVDM,a\\n!AIVDM,b\\n" > "$1"', "sh", fifo]);
    const closed = new Promise((resolve) => writer.on("close", resolve));
    const got = await collect(input.open());
    await closed;
    expect(got.bytes.toString()).toBe("!AIVDM,a\n!AIVDM,b\n");
  });

  it("reads standard input in a child process", async () => {
    const script = `
      import { createHash } from "node:crypto";
      import { resolveInputs } from "./src/sources/inputs.ts";
      const [input] = await resolveInputs(["-"]);
      const h = createHash("sha256");
      let n = 0;
      for await (const c of input.open()) { h.update(c); n += c.length; }
      process.stdout.write(input.kind + " " + n + " " + h.digest("hex"));`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: new URL("../..", import.meta.url).pathname,
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stdin.end(BIG);
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(out).toBe(`stdin ${BIG.length} ${createHash("sha256").update(BIG).digest("hex")}`);
  });

  it("refuses to read stdin twice or part-way", async () => {
    const [input] = await resolveInputs(["-"]);
    expect(() => input.open({ offset: 5 })).toThrow("cannot start part-way");
  });
});
