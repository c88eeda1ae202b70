/**
 * The page in real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) against `darkfleet serve` over the sample: it loads and lists the
 * events, an encounter clicked in the list draws both vessels' tracks, a marker clicked on
 * the map selects its event in the list, a live feed replayed over TCP brings a new event
 * to an open page, and no request ever goes anywhere but the server. Screenshots are kept
 * under test-artifacts/web/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../ingest/feed-server.js";
import { cli, SAMPLE, type Served, sampleStore, serve } from "../serve/serve-process.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(process.cwd(), "test-artifacts/web");

let dir: string;
let db: string;
let browser: Browser;
let server: Served;
/** Every URL the pages asked for, in every test. */
const requested: string[] = [];

/** A page whose every request is recorded, and refused unless it is to the server under test. */
async function openPage(base: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    return url.startsWith(`${base}/`) ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  expect(errors).toEqual([]);
  return { context, page };
}

/** Waits until the map has drawn everything it was given (before a screenshot). */
async function idle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { darkfleet: { map: import("maplibre-gl").Map } }).darkfleet.map;
        map.once("idle", () => resolve());
        map.triggerRepaint();
      }),
  );
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "darkfleet-web-"));
  db = join(dir, "sample.duckdb");
  sampleStore(db);
  server = await serve("--db", db);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // WebGL from SwiftShader: a CI machine has no GPU.
    args: [
      "--no-sandbox",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--ignore-gpu-blocklist",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  expect(await server?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe("web page", () => {
  it("finds Debian's chromium", () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it("loads with the sample and lists its events, the map drawn", async () => {
    const { context, page } = await openPage(server.base);
    try {
      // The default filter leaves port calls and zone visits out.
      const kinds = "encounter,loitering,gap,spoofing,identity,draught";
      const expected = cli("events", "--db", db, "--json", "--kinds", kinds)
        .stdout.split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id);
      expect(expected.length).toBeGreaterThan(5);
      const listed = await page.$$eval("#events li", (lis) =>
        lis.map((li) => (li as HTMLElement).dataset.id),
      );
      expect(listed).toEqual(expected);
      const total = cli("events", "--db", db).stdout.split("\n").filter(Boolean).length;
      expect(await page.textContent("#summary")).toMatch(
        new RegExp(`^664,454 positions · 308 vessels · ${total} events`),
      );
      // The basemap and the traffic are on the canvas: land and sea differ, and it is not blank.
      const rendered = await page.evaluate(() => {
        const map = (window as unknown as { darkfleet: { map: import("maplibre-gl").Map } }).darkfleet.map;
        return {
          land: map.querySourceFeatures("land").length,
          areas: map.querySourceFeatures("areas").length,
          positions: map.queryRenderedFeatures({ layers: ["positions"] }).length,
          events: map.queryRenderedFeatures({ layers: ["events"] }).length,
        };
      });
      expect(rendered.land).toBeGreaterThan(0);
      expect(rendered.areas).toBeGreaterThan(0);
      expect(rendered.positions).toBeGreaterThan(100);
      expect(rendered.events).toBeGreaterThan(0);
      await idle(page);
      await page.screenshot({ path: join(ARTIFACTS, "1-loaded.png") });
    } finally {
      await context.close();
    }
  });

  it("clicking an encounter in the list draws both vessels' tracks and its details", async () => {
    const { context, page } = await openPage(server.base);
    try {
      const item = page.locator("#events li[data-kind=encounter]").last();
      const id = await item.getAttribute("data-id");
      const event = JSON.parse(
        cli("events", "--db", db, "--json", "--kinds", "encounter").stdout.split("\n")[1],
      ) as {
        id: string;
        vessels: { mmsi: number }[];
      };
      expect(id).toBe(event.id);
      await item.click();
      const mmsis = event.vessels.map((v) => v.mmsi).join(",");
      await page.waitForSelector(`body[data-tracks="${mmsis}"]`);
      await page.waitForFunction(() =>
        (window as unknown as { darkfleet: { map: import("maplibre-gl").Map } }).darkfleet.map.loaded(),
      );
      const drawn = await page.evaluate(() => {
        const map = (window as unknown as { darkfleet: { map: import("maplibre-gl").Map } }).darkfleet.map;
        return [
          ...new Set(map.queryRenderedFeatures({ layers: ["track"] }).map((f) => f.properties.mmsi)),
        ].sort();
      });
      expect(drawn).toEqual(event.vessels.map((v) => v.mmsi).sort());
      expect(await item.getAttribute("class")).toContain("selected");
      const detail = await page.textContent("#detail");
      for (const v of event.vessels) expect(detail).toContain(String(v.mmsi));
      expect(detail).toMatch(/draught before → after/);
      await idle(page);
      await page.screenshot({ path: join(ARTIFACTS, "2-encounter.png") });
    } finally {
      await context.close();
    }
  });

  it("clicking an event's marker on the map selects it in the list", async () => {
    const { context, page } = await openPage(server.base);
    try {
      // A marker with no other within 15 px, so the click can only mean it.
      const target = await page.evaluate(() => {
        const map = (window as unknown as { darkfleet: { map: import("maplibre-gl").Map } }).darkfleet.map;
        const box = map.getCanvas().getBoundingClientRect();
        const markers = map.queryRenderedFeatures({ layers: ["events"] }).map((f) => {
          const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
          return { id: f.properties.id as string, x: p.x, y: p.y };
        });
        const alone = markers.find(
          (m) =>
            m.x > 20 &&
            m.y > 20 &&
            m.x < box.width - 20 &&
            m.y < box.height - 200 &&
            markers.every((o) => o.id === m.id || Math.hypot(o.x - m.x, o.y - m.y) > 15),
        )!;
        return { id: alone.id, x: box.left + alone.x, y: box.top + alone.y };
      });
      await page.mouse.click(target.x, target.y);
      await page.waitForSelector(`#events li.selected[data-id="${target.id}"]`);
      expect(await page.$$eval("#events li.selected", (lis) => lis.length)).toBe(1);
    } finally {
      await context.close();
    }
  });

  it("a vessel found by name opens with its identities, its track, and only its events in the list", async () => {
    const { context, page } = await openPage(server.base);
    try {
      await page.fill("#search", "PEARL GRACE");
      await page.click("#search-results li >> text=445902192");
      await page.waitForSelector("body[data-tracks='445902192']");
      await page.waitForSelector("[data-testid=identities]");
      const api = (await (await fetch(`${server.base}/api/vessels/445902192`)).json()) as {
        identities: unknown[];
      };
      expect(await page.$$eval("[data-testid=identities] tr", (trs) => trs.length - 1)).toBe(
        api.identities.length,
      );
      expect(await page.textContent("#detail h2")).toBe("PEARL GRACE 12");
      const expected = cli(
        "events",
        "--db",
        db,
        "--json",
        "--mmsi",
        "445902192",
        "--kinds",
        "encounter,loitering,gap,spoofing,identity,draught",
      )
        .stdout.split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id);
      await page.waitForFunction(
        (n) => document.querySelectorAll("#events li").length === n,
        expected.length,
      );
      expect(
        await page.$$eval("#events li", (lis) => lis.map((li) => (li as HTMLElement).dataset.id)),
      ).toEqual(expected);
      await idle(page);
      await page.screenshot({ path: join(ARTIFACTS, "5-vessel.png") });
    } finally {
      await context.close();
    }
  });

  it("the time slider shows the traffic of a window, and all of it again at its end", async () => {
    const { context, page } = await openPage(server.base);
    try {
      const traffic = async () =>
        Number((await page.textContent("#traffic"))!.match(/for ([\d,]+) positions/)![1].replace(/,/g, ""));
      await page.waitForFunction(() =>
        /for [\d,]+ positions/.test(document.getElementById("traffic")!.textContent!),
      );
      const all = await traffic();
      const windowed = page.waitForResponse(
        (r) => r.url().includes("/api/positions?") && r.url().includes("from="),
      );
      await page.$eval("#time", (el) => {
        (el as HTMLInputElement).value = "100";
        el.dispatchEvent(new Event("input"));
      });
      const body = (await (await windowed).json()) as { features: { properties: { n: number } }[] };
      const inWindow = body.features.reduce((a, f) => a + f.properties.n, 0);
      await page.waitForFunction(
        (n) => document.getElementById("traffic")!.textContent!.includes(`for ${n} positions`),
        inWindow.toLocaleString("en"),
      );
      expect(inWindow).toBeGreaterThan(0);
      expect(inWindow).toBeLessThan(all);
      expect(await page.textContent("#time-label")).toMatch(
        /^2019-03-0\d \d\d:\d\d – 2019-03-0\d \d\d:\d\d UTC$/,
      );
      await idle(page);
      await page.screenshot({ path: join(ARTIFACTS, "4-time.png") });
      await page.$eval("#time", (el) => {
        (el as HTMLInputElement).value = (el as HTMLInputElement).max;
        el.dispatchEvent(new Event("input"));
      });
      await page.waitForFunction(
        (n) => document.getElementById("traffic")!.textContent!.includes(`for ${n} positions`),
        all.toLocaleString("en"),
      );
    } finally {
      await context.close();
    }
  });

  it("a live feed replayed over TCP brings new events and positions to an open page", async () => {
    const feed: FeedServer = await startFeedServer();
    const live = await serve("--db", join(dir, "live.duckdb"), "--feed", `tcp://127.0.0.1:${feed.port}`);
    const { context, page } = await openPage(live.base);
    try {
      await page.waitForSelector("body[data-live=connected]");
      expect(await page.isVisible("#live")).toBe(true);
      // An empty store has no time span to slide over.
      expect(await page.isVisible("#timebar")).toBe(false);
      expect(await page.$$eval("#events li", (lis) => lis.length)).toBe(0);
      while (feed.connections.length === 0) await new Promise((r) => setTimeout(r, 20));
      // The server closing the feed at the end resets the socket: expected, not an error.
      feed.connections[0].on("error", () => undefined);
      feed.connections[0].write(gunzipSync(readFileSync(SAMPLE)));
      await page.waitForSelector("#events li", { timeout: 120_000 });
      await page.waitForSelector("body[data-live-positions]");
      const first = await page.$eval("#events li", (li) => (li as HTMLElement).dataset.id!);
      // The event the page got is stored by the server too (written with the next batch).
      let stored = await fetch(`${live.base}/api/events/${first}`);
      while (stored.status === 404) stored = await fetch(`${live.base}/api/events/${first}`);
      expect(((await stored.json()) as { id: string }).id).toBe(first);
      await idle(page);
      await page.screenshot({ path: join(ARTIFACTS, "3-live.png") });
    } finally {
      await context.close();
      expect(await live.stop()).toBe(0);
      await feed.close();
    }
  }, 180_000);

  it("no request left for another host", () => {
    expect(requested.length).toBeGreaterThan(10);
    const elsewhere = requested.filter((u) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(u));
    expect(elsewhere).toEqual([]);
  });
});
