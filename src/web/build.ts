/**
 * Builds the web page into dist/web/static (run by `npm run build` after tsc): the page's
 * script bundled with MapLibre by esbuild, its HTML and CSS, MapLibre's CSS, and the
 * offline basemap (land and country borders from world-atlas, 1:50m, as GeoJSON).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = join(root, "src/web/page");
const out = join(root, "dist/web/static");
const require = createRequire(import.meta.url);

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(page, "main.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2022",
  outfile: join(out, "app.js"),
  logLevel: "warning",
  legalComments: "eof",
});
for (const f of ["index.html", "app.css"]) copyFileSync(join(page, f), join(out, f));
copyFileSync(
  join(dirname(require.resolve("maplibre-gl/package.json")), "dist/maplibre-gl.css"),
  join(out, "maplibre-gl.css"),
);

const atlas = (name: string) =>
  JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8")) as Topology;
const land = atlas("land-50m.json");
writeFileSync(join(out, "land.json"), JSON.stringify(feature(land, land.objects.land as GeometryCollection)));
const countries = atlas("countries-50m.json");
writeFileSync(
  join(out, "borders.json"),
  JSON.stringify(mesh(countries, countries.objects.countries as GeometryCollection, (a, b) => a !== b)),
);
