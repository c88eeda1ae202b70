/**
 * Batch screening benchmark (issue 16): names a second screened against a 1,000-vessel
 * list, half of them spellings of listed names (romanisation swapped, syllables joined,
 * prefixes and "NO."), half other names. In process, the name index (screen/name-index.ts)
 * beside its peer in the same run: the same scorer over every listed name with no index,
 * which must find the same hits. Then `darkfleet screen --file` end to end, list import
 * and process start included.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WatchEntry } from "../src/model/watchlist.js";
import { loadFlagRisk } from "../src/screen/flags.js";
import { Matcher } from "../src/screen/matcher.js";
import { MATCH_THRESHOLD, nameScore } from "../src/screen/name-index.js";
import { normaliseName } from "../src/screen/normalise.js";
import { screenOffline } from "../src/screen/screen.js";
import { Prng } from "../src/util/prng.js";
import { measure } from "./measure.js";
import { type BenchResult, withPeer } from "./result.js";

export interface ScreenBenchOptions {
  dir: string;
  cli: string;
  listSize: number;
  names: number;
}

const SYLLABLES = [
  "KUM",
  "UN",
  "SAN",
  "CHON",
  "MA",
  "RYONG",
  "GANG",
  "SONG",
  "PAEK",
  "HAE",
  "YU",
  "JONG",
  "NAM",
  "PO",
  "HWA",
  "SIN",
  "TAE",
  "DONG",
  "MYONG",
  "BONG",
  "RA",
  "JI",
  "HYOK",
  "RAK",
  "WON",
  "PHYONG",
  "CHOL",
  "HUNG",
  "MI",
  "RIM",
];
/** Spellings the other romanisation (or a careless clerk) gives a syllable. */
const SWAPS: Record<string, string> = {
  KUM: "GEUM",
  CHON: "CHEON",
  RYONG: "LYONG",
  PAEK: "BAEK",
  JONG: "JEONG",
  PHYONG: "PYEONG",
  DONG: "TONG",
  GANG: "KANG",
  SONG: "SEONG",
  MYONG: "MYEONG",
};

function listedName(rng: Prng): string[] {
  const words = Array.from({ length: rng.int(2, 3) }, () => rng.pick(SYLLABLES));
  if (rng.bool(0.6)) words.push(String(rng.int(1, 20)));
  return words;
}

function variant(words: string[], rng: Prng): string {
  const w = words.map((x) => (rng.bool(0.4) ? (SWAPS[x] ?? x) : x));
  const letters = w.filter((x) => !/^\d/.test(x));
  const num = w.find((x) => /^\d/.test(x));
  const name = rng.bool(0.5) ? letters.join("") : letters.join(" ");
  return `${rng.bool(0.3) ? "M/V " : ""}${name}${num ? (rng.bool(0.3) ? ` NO.${num}` : ` ${num}`) : ""}`;
}

export async function benchScreen(o: ScreenBenchOptions): Promise<BenchResult[]> {
  const rng = new Prng(16);
  const listed = Array.from({ length: o.listSize }, () => listedName(rng));
  const entries: WatchEntry[] = listed.map((words, i) => ({
    list: "BENCH",
    id: `B${i}`,
    name: words.join(" "),
    aliases: rng.bool(0.3) ? [words.filter((x) => !/^\d/.test(x)).join("")] : [],
    formerNames: [],
    imo: null,
    mmsis: [],
    flag: null,
    programme: "bench",
    listed: null,
    source: "bench",
    note: "",
  }));
  const queries = Array.from({ length: o.names }, (_, i) =>
    i % 2 === 0
      ? variant(rng.pick(listed), rng)
      : listedName(rng)
          .join(" ")
          .replace(/ \d+$/, ` ${rng.int(21, 99)}`),
  );

  const flags = loadFlagRisk("dprk");
  let t = performance.now();
  const matcher = new Matcher(entries);
  const buildMs = performance.now() - t;
  t = performance.now();
  const indexed = queries.map((name) => screenOffline({ name }, matcher, flags).hits.length);
  const indexedS = (performance.now() - t) / 1000;

  const all = entries.flatMap((e) => [e.name, ...e.aliases].map((n) => ({ e, n: normaliseName(n) })));
  t = performance.now();
  const scanned = queries.map((name) => {
    const q = normaliseName(name);
    return new Set(all.filter((x) => nameScore(q, x.n) >= MATCH_THRESHOLD).map((x) => x.e)).size;
  });
  const scanS = (performance.now() - t) / 1000;
  const same = indexed.every((n, i) => n === scanned[i]);
  const hits = indexed.filter((n) => n > 0).length;

  const listCsv = join(o.dir, "screen-list.csv");
  writeFileSync(
    listCsv,
    `name,aliases,list,id\n${entries.map((e) => `${e.name},${e.aliases.join(";")},BENCH,${e.id}`).join("\n")}\n`,
  );
  const namesCsv = join(o.dir, "screen-names.csv");
  writeFileSync(namesCsv, `name\n${queries.join("\n")}\n`);
  const db = join(o.dir, `screen-${Date.now()}.duckdb`);
  measure("node", [o.cli, "lists", "import", listCsv, "--db", db]);
  const cli = measure("node", [o.cli, "screen", "--file", namesCsv, "--csv", "--db", db]);

  const label = `screen names vs ${o.listSize}-vessel list (${o.names} names)`;
  return [
    withPeer({
      name: label,
      value: o.names / indexedS,
      unit: "names/s",
      peer: { name: "same scorer, full scan", value: o.names / scanS },
      note: `pair index; ${hits} names hit; same hits as the scan: ${same ? "yes" : "NO"}; index built in ${buildMs.toFixed(0)} ms`,
    }),
    {
      name: `darkfleet screen --file (${o.names} names)`,
      value: o.names / cli.seconds,
      unit: "names/s",
      note: "end to end: process start, lists, CSV in and out",
    },
    { name: "darkfleet screen --file, peak memory", value: cli.maxRssMb, unit: "MB" },
  ];
}
