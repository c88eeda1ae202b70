#!/usr/bin/env node
// Measures `darkfleet serve` on a store: /api/positions for the view of the page's map (1040 x 860
// px) centred on BBOX at several zooms (time, features, bytes; thinned on the server, and every
// position up to the limit), and the page in headless Chromium (time to ready and idle, to redraw
// after a zoom-in). Prints a table; asserts nothing. DB may be a postgres:// URL (serve --store);
// --api-only leaves the page out.
// Usage (after npm run build): scripts/measure-serve.mjs DB|URL [W,S,E,N] [--api-only]
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

const args = process.argv.slice(2).filter((a) => a !== "--api-only");
const apiOnly = args.length < process.argv.length - 2;
const [db, bbox = "100,20,150,50"] = args;
if (!db) {
  console.error("usage: scripts/measure-serve.mjs DB|URL [W,S,E,N] [--api-only]");
  process.exit(2);
}
const child = spawn(
  process.execPath,
  [
    "dist/cli/main.js",
    "serve",
    /^postgres(ql)?:\/\//.test(db) ? "--store" : "--db",
    db,
    "--port",
    "0",
    "--rate-limit",
    "100000",
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const base = await new Promise((resolve) => {
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    const m = /darkfleet serve: (http:\/\/[^/ ]+)\//.exec(out);
    if (m) resolve(m[1]);
  });
});
console.log(`store ${db}: ${(await (await fetch(`${base}/api/summary`)).json()).positions} positions`);

async function timed(path) {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  const ms = performance.now() - t0;
  const body = JSON.parse(text);
  return {
    ms,
    bytes: text.length,
    features: body.features.length,
    truncated: body.truncated,
    n: body.features.reduce((a, f) => a + f.properties.n, 0),
  };
}
const [w, s, e, n] = bbox.split(",").map(Number);
/** The box a 1040 x 860 px map shows at this zoom, centred on BBOX (clamped to it). */
function view(zoom) {
  const halfW = ((1040 / 2 / 256) * 360) / 2 ** zoom;
  const halfH = halfW * (860 / 1040) * Math.cos((((s + n) / 2) * Math.PI) / 180);
  const [cx, cy] = [(w + e) / 2, (s + n) / 2];
  return [Math.max(w, cx - halfW), Math.max(s, cy - halfH), Math.min(e, cx + halfW), Math.min(n, cy + halfH)]
    .map((v) => v.toFixed(4))
    .join(",");
}
console.log(
  "/api/positions, the view at each zoom (median of 3; zoom -: every position, no thinning, zoom 4's view)",
);
console.log("zoom   ms     features  positions  MB    truncated");
for (const zoom of [2, 4, 6, 8, 10, undefined]) {
  const q = `/api/positions?bbox=${view(zoom ?? 4)}&limit=50000${zoom === undefined ? "" : `&zoom=${zoom}`}`;
  const runs = [await timed(q), await timed(q), await timed(q)].sort((a, b) => a.ms - b.ms);
  const r = runs[1];
  console.log(
    `${String(zoom ?? "-").padEnd(6)} ${r.ms.toFixed(0).padStart(5)}  ${String(r.features).padStart(8)}  ${String(r.n).padStart(9)}  ${(r.bytes / 1e6).toFixed(2).padStart(4)}  ${r.truncated}`,
  );
}

if (apiOnly) {
  child.kill("SIGTERM");
  process.exit(0);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  await page.goto(`${base}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
  await page.evaluate(() => new Promise((r) => window.darkfleet.map.once("idle", r)));
  const loaded = performance.now() - t0;
  const t1 = performance.now();
  await page.evaluate(
    () =>
      new Promise((r) => {
        const map = window.darkfleet.map;
        map.once("moveend", () => setTimeout(() => map.once("idle", r), 0));
        map.zoomTo(map.getZoom() + 2, { duration: 0 });
      }),
  );
  const rendered = await page.evaluate(
    () => window.darkfleet.map.queryRenderedFeatures({ layers: ["positions"] }).length,
  );
  console.log(
    `page load to idle ${loaded.toFixed(0)} ms; zoom-in redraw ${(performance.now() - t1).toFixed(0)} ms; ${rendered} position dots drawn`,
  );
}
await browser.close();
child.kill("SIGTERM");
