#!/usr/bin/env node
// Measures the live path of `darkfleet serve --feed`: the time from writing 200 NMEA lines of
// the sample to a TCP feed until the `positions` Server-Sent Event reaches a subscriber, ten
// times. Prints the times; asserts nothing. Usage (after npm run build): scripts/measure-live.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const dir = mkdtempSync(join(tmpdir(), "darkfleet-live-"));
const db = join(dir, "live.duckdb");
const lines = gunzipSync(readFileSync("samples/sample.nmea.gz")).toString("latin1").split("\n");
let sock;
const srv = createServer((s) => {
  sock = s;
  s.on("error", () => {});
});
await new Promise((r) => srv.listen(0, "127.0.0.1", r));
const child = spawn(
  process.execPath,
  ["dist/cli/main.js", "serve", "--db", db, "--port", "0", "--feed", `tcp://127.0.0.1:${srv.address().port}`],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const base = await new Promise((resolve) => {
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    const m = /serve: (http:\/\/[^/ ]+)\//.exec(out);
    if (m) resolve(m[1]);
  });
});
while (!sock) await new Promise((r) => setTimeout(r, 20));
const res = await fetch(`${base}/api/live`);
const reader = res.body.getReader();
await reader.read(); // hello
const lat = [];
for (let k = 0; k < 10; k++) {
  const chunk = `${lines.slice(k * 200, (k + 1) * 200).join("\n")}\n`;
  const t0 = performance.now();
  sock.write(chunk);
  let got = "";
  while (!got.includes("event: positions")) got += new TextDecoder().decode((await reader.read()).value);
  lat.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 300));
}
console.log("feed write -> SSE positions, ms:", lat.map((x) => x.toFixed(0)).join(" "));
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
rmSync(dir, { recursive: true, force: true });
srv.close();
process.exit(0);
