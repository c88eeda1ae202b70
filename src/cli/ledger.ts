/**
 * `darkfleet ledger [--db FILE] [--year Y] [--cap BBL] [--fraction F] [--product P]
 * [--profile NAME|DIR] [--json|--csv]`: petroleum deliveries into the profile's country,
 * in barrels under the low, mid and high laden scenarios, per month and per 12 months
 * beside the cap.
 */
import type { Command } from "commander";
import { ledgerOfStore } from "../ledger/from-store.js";
import type { Ledger } from "../ledger/ledger.js";
import { BARRELS_PER_TONNE } from "../ledger/volume.js";
import {
  type AccountingOptions,
  addAccountingOptions,
  parseYear,
  printFromStore,
} from "./shared/accounting.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";

interface Options extends AccountingOptions {
  cap?: string;
  fraction?: string;
  product: string;
  profile: string;
  json?: boolean;
  csv?: boolean;
}

function number(flag: string, text: string | undefined, ok: (x: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || !ok(x)) throw new Error(`bad ${flag} '${text}'`);
  return x;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function csvLines(l: Ledger): string[] {
  const names = Object.keys(l.scenarios);
  const head = ["id", "time", "mmsi", "imo", "name", "port", "route", "method", "change_m", "deadweight_t"];
  const rows = l.deliveries.map((d) =>
    [
      d.id,
      new Date(d.t).toISOString(),
      d.vessel.mmsi,
      d.vessel.imo,
      d.vessel.name,
      d.port,
      d.route,
      d.cargo.method,
      d.cargo.method === "draught" ? d.cargo.changeM : null,
      d.cargo.method === "capacity" ? Math.round(d.cargo.deadweightT) : null,
      ...names.map((n) => d.barrels[n]),
      d.events.join(" "),
    ]
      .map(csvCell)
      .join(","),
  );
  return [[...head, ...names.map((n) => `${n}_bbl`), "events"].join(","), ...rows];
}

function textLines(l: Ledger): string[] {
  const names = Object.keys(l.scenarios);
  const fmt = (x: number) => x.toLocaleString("en-US");
  const out = [
    `cap ${fmt(l.cap)} bbl/year (${l.capItem}; ${l.capSource}); ${l.from.slice(0, 10)} to ${l.to.slice(0, 10)}; ${l.barrelsPerTonne} bbl/t (${l.product})`,
    ["month", ...names.map((n) => `${n} bbl`), "deliveries", ...names.map((n) => `${n} 12 mo`)].join("\t"),
  ];
  for (const m of l.months) {
    out.push(
      [
        m.month,
        ...names.map((n) => fmt(m.scenarios[n].barrels)),
        m.scenarios[names[0]].deliveries,
        ...names.map((n) => fmt(m.rolling12[n].barrels)),
      ].join("\t"),
    );
  }
  for (const n of names) {
    const s = l.scenarios[n];
    const share = s.capShare === null ? "" : ` (${Math.round(s.capShare * 100)}% of the cap)`;
    out.push(
      `${n} (${Math.round(s.fraction * 100)}% laden): ${fmt(s.barrels)} bbl in ${s.deliveries} deliveries${share}${s.overCap ? ", OVER THE CAP" : ""}`,
    );
  }
  if (l.unsized > 0) out.push(`${l.unsized} deliveries without dimensions: counted, not sized`);
  return out;
}

export async function runLedger(opts: Options): Promise<number> {
  const request = {
    profile: opts.profile,
    year: parseYear(opts.year),
    cap: number("--cap", opts.cap, (x) => x >= 0),
    fraction: number("--fraction", opts.fraction, (x) => x > 0 && x <= 1),
    product: opts.product,
  };
  if (BARRELS_PER_TONNE[opts.product] === undefined)
    throw new Error(`unknown --product '${opts.product}' (${Object.keys(BARRELS_PER_TONNE).join(", ")})`);
  return printFromStore(opts.db, async (store) => {
    const ledger = await ledgerOfStore(store, request);
    return opts.json ? [JSON.stringify(ledger)] : opts.csv ? csvLines(ledger) : textLines(ledger);
  });
}

export function register(program: Command): void {
  addAccountingOptions(
    program
      .command("ledger")
      .description("petroleum delivered into the profile's country against its cap, in laden scenarios"),
  )
    .option("--cap <bbl>", "cap in barrels per year (default: the profile's; 0 for a full ban)")
    .option("--fraction <f>", "an extra laden fraction of deadweight, as scenario 'custom'")
    .option(
      "--product <name>",
      `barrels per tonne of (${Object.keys(BARRELS_PER_TONNE).join(", ")})`,
      "refined",
    )
    .option("--profile <name|dir>", "profile with ports and caps", DEFAULT_PROFILE)
    .option("--json", "one JSON object: cap, scenarios {low, mid, high}, months, deliveries")
    .option("--csv", "one row per delivery")
    .action(async (opts: Options) => {
      process.exitCode = await runLedger(opts);
    });
}
