/**
 * `npm run bench`: runs every benchmark and prints each figure beside a peer measured in
 * the same run. `--only NAME[,NAME]` picks some; `--quick` shrinks the inputs for a smoke run.
 * Figures are also written to .bench/results.json for comparison between runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchBus } from "./bus.js";
import { benchBusPostgres } from "./bus-pg.js";
import { benchDecode } from "./decode.js";
import { benchDetect, benchDetectQuality, scaleRecords } from "./detect.js";
import { benchDetectReal } from "./detect-real.js";
import { benchIngest } from "./ingest.js";
import { benchIngestPostgres } from "./ingest-pg.js";
import { type BenchResult, formatResults } from "./result.js";
import { benchRiskQuality } from "./risk.js";
import { benchScreen } from "./screen.js";
import { benchSim } from "./sim.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cli = join(root, "dist/cli/main.js");
const dir = join(root, ".bench");

const { values } = parseArgs({
  options: { only: { type: "string" }, quick: { type: "boolean", default: false } },
});
const only = values.only?.split(",");
const quick = values.quick ?? false;

const suites: Record<string, () => Promise<BenchResult[]>> = {
  decode: () => benchDecode({ dir, cli, sentences: quick ? 200_000 : 5_000_000 }),
  ingest: () => benchIngest({ dir, cli, sizes: quick ? [200_000] : [5_000_000, 20_000_000] }),
  bus: () => benchBus({ dir, cli, sentences: quick ? 200_000 : 2_000_000 }),
  "bus-pg": () => benchBusPostgres({ dir, cli, sentences: quick ? 200_000 : 2_000_000, workers: [1, 2] }),
  "ingest-pg": () => benchIngestPostgres({ dir, cli, sentences: quick ? 200_000 : 2_000_000 }),
  sim: () => benchSim({ dir, cli, vessels: quick ? 300 : 2000, days: quick ? 0.05 : 1 }),
  detect: () =>
    benchDetect({
      dir,
      cli,
      sizes: quick ? [500_000] : [10_000_000, 20_000_000, 40_000_000],
      vessels: quick ? 300 : 4000,
    }),
  "detect-real": () =>
    benchDetectReal({
      file: join(root, "../shared/real/marinecadastre_2022-01-03_first99999.csv.gz"),
      days: quick ? 2 : 5,
      // the scale scenario of the detect suite, sized for this stream
      scaleRecords: (n) => scaleRecords({ dir, cli, sizes: [n], vessels: quick ? 300 : 4000 }, n),
    }),
  "detect-quality": () =>
    benchDetectQuality({
      scenario: quick ? "smoke" : "dprk-2019",
      seeds: quick ? [1] : [1, 2, 3, 4, 5],
      dir: join(dir, "detect-quality"),
    }),
  screen: () => benchScreen({ dir, cli, listSize: 1000, names: quick ? 2000 : 20_000 }),
  "risk-quality": () =>
    benchRiskQuality({
      dir,
      cli,
      scenario: "dprk-2019",
      seeds: quick ? [1] : [1, 2, 3, 4, 5],
      until: quick ? "2019-03-03T00:00:00Z" : "2019-03-08T00:00:00Z",
    }),
};

mkdirSync(dir, { recursive: true });
const all: BenchResult[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const results = await run();
  all.push(...results);
  process.stdout.write(`${formatResults(results)}\n\n`);
}
writeFileSync(join(dir, "results.json"), `${JSON.stringify(all, null, 2)}\n`);
