/**
 * `darkfleet screen --imo N | --mmsi N | --name "..." [--flag CC] [--json]` and
 * `darkfleet screen --file vessels.csv [--json|--csv]`: "may we deal with this ship?".
 * One vessel: watchlist hits (exact IMO and MMSI, current and former; names by fuzzy
 * score, threshold in screen/name-index.ts), identity checks and the store's identity
 * history and activity for it. A file (header naming any of name, imo, mmsi, flag): one
 * result per row from the list and the identifiers alone, fast enough for thousands of
 * names a second. Lists: those imported into --db, else the profile's snapshot.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { csvRecords } from "../screen/csv-records.js";
import { loadFlagRisk } from "../screen/flags.js";
import { loadWatchlist } from "../screen/lists.js";
import { Matcher } from "../screen/matcher.js";
import { type ScreenQuery, type ScreenResult, screen, screenOffline } from "../screen/screen.js";
import { BadRows, parseImo, parseMmsi } from "../screen/watchlist.js";
import { Store } from "../store/store.js";
import { DEFAULT_PROFILE } from "./shared/event-output.js";
import { DEFAULT_DB } from "./shared/options.js";
import { TextOut } from "./shared/stdout.js";

interface ScreenOptions {
  db: string;
  profile: string;
  imo?: string;
  mmsi?: string;
  name?: string;
  flag?: string;
  file?: string;
  json?: boolean;
  csv?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function parseQuery(o: ScreenOptions): ScreenQuery {
  const q: ScreenQuery = {};
  if (o.imo !== undefined) {
    const imo = parseImo(o.imo);
    if (imo === null) throw new Error(`bad --imo '${o.imo}': expected 7 digits`);
    q.imo = imo;
  }
  if (o.mmsi !== undefined) {
    const mmsi = parseMmsi(o.mmsi);
    if (mmsi === null) throw new Error(`bad --mmsi '${o.mmsi}': expected 9 digits`);
    q.mmsi = mmsi;
  }
  if (o.name !== undefined) q.name = o.name;
  if (o.flag !== undefined) q.flag = o.flag.toUpperCase();
  return q;
}

/** One result as text lines for a reader. */
export function screenText(r: ScreenResult): string[] {
  const q = r.query;
  const asked = [
    q.imo && `IMO ${q.imo}`,
    q.mmsi && `MMSI ${q.mmsi}`,
    q.name && `name "${q.name}"`,
    q.flag && `flag ${q.flag}`,
  ]
    .filter(Boolean)
    .join(", ");
  const out = [`screen: ${asked}`, `verdict: ${r.verdict}`];
  if (r.hits.length > 0) out.push("hits:");
  for (const h of r.hits) {
    const on =
      h.on === "name" ? `name score ${h.score} on ${h.kind} "${h.matched}"` : `${h.on} ${h.matched} (exact)`;
    out.push(
      `  ${h.list} ${h.id}: ${h.name || "(no name)"}${h.imo ? ` IMO ${h.imo}` : ""}${h.mmsis.length ? ` MMSI ${h.mmsis.join("/")}` : ""}` +
        ` [${h.programme}${h.listed ? `, listed ${h.listed}` : ""}] by ${on}${h.via ? `, via ${h.via}` : ""}`,
    );
  }
  if (r.checks.length > 0) out.push("identity checks:");
  for (const c of r.checks) out.push(`  ${c.ok ? "ok  " : "FLAG"} ${c.check}: ${c.detail}`);
  for (const s of r.sharedImos)
    out.push(`  FLAG imo_shared: IMO ${s.imo} broadcast by MMSIs ${s.mmsis.join(", ")}`);
  if (r.history.length > 0) out.push("identity history (store):");
  for (const h of r.history) {
    out.push(
      `  ${iso(h.firstSeen)} .. ${iso(h.lastSeen)} MMSI ${h.mmsi} IMO ${h.imo ?? "-"} name ${h.name ?? "-"} callsign ${h.callsign ?? "-"} (${h.messages} reports)`,
    );
  }
  const a = r.activity;
  if (a) {
    const counts = Object.entries(a.events).map(([k, n]) => `${k} ${n}`);
    out.push(`activity (store): ${counts.length ? counts.join(", ") : "no events"}; dark ${a.darkHours} h`);
    for (const e of a.encounters) {
      const marks = [
        ...e.partnerListed.map((l) => `LISTED ${l}`),
        ...(e.partnerDark.length ? [`went dark (${e.partnerDark.join(", ")})`] : []),
      ];
      out.push(
        `  encounter ${e.event} ${iso(e.start)} with MMSI ${e.partner}${e.partnerName ? ` (${e.partnerName})` : ""}${marks.length ? `: ${marks.join("; ")}` : ""}`,
      );
    }
    for (const p of a.sanctionedPortCalls)
      out.push(`  port call ${p.event} ${p.port} (${p.country}) ${iso(p.start)} .. ${iso(p.end)}`);
    if (a.loitering.length) out.push(`  loitering: ${a.loitering.join(", ")}`);
    if (a.spoofing.length) out.push(`  spoofing: ${a.spoofing.join(", ")}`);
  }
  return out;
}

/** The vessels of a batch file, bad rows counted by reason. */
export function readBatch(text: string, file: string, bad: BadRows): { line: number; q: ScreenQuery }[] {
  const [head, ...rows] = csvRecords(text, file, bad);
  if (!head) return [];
  const cols = head.cells.map((c) => c.trim().toLowerCase());
  const at = (name: string) => cols.indexOf(name);
  const [iName, iImo, iMmsi, iFlag] = ["name", "imo", "mmsi", "flag"].map(at);
  if (iName < 0 && iImo < 0 && iMmsi < 0) throw new Error(`${file}:1: header names none of name, imo, mmsi`);
  const out: { line: number; q: ScreenQuery }[] = [];
  for (const { cells, line } of rows) {
    const cell = (i: number) => (i < 0 ? "" : (cells[i] ?? "").trim());
    const [imoText, mmsiText] = [cell(iImo), cell(iMmsi)];
    const imo = imoText === "" ? undefined : parseImo(imoText);
    const mmsi = mmsiText === "" ? undefined : parseMmsi(mmsiText);
    const reason =
      imo === null
        ? "bad IMO (not 7 digits)"
        : mmsi === null
          ? "bad MMSI (not 9 digits)"
          : imo === undefined && mmsi === undefined && cell(iName) === ""
            ? "no name, IMO or MMSI"
            : null;
    if (reason !== null) {
      bad.add(reason, `${file}:${line}`);
      continue;
    }
    const q: ScreenQuery = {};
    if (imo) q.imo = imo;
    if (mmsi) q.mmsi = mmsi;
    if (cell(iName) !== "") q.name = cell(iName);
    if (cell(iFlag) !== "") q.flag = cell(iFlag).toUpperCase();
    out.push({ line, q });
  }
  return out;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\t]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export async function runScreen(o: ScreenOptions): Promise<number> {
  if (o.file === undefined && o.imo === undefined && o.mmsi === undefined && o.name === undefined)
    throw new Error("screen: give --imo, --mmsi, --name or --file");
  if (o.file !== undefined && (o.imo !== undefined || o.mmsi !== undefined || o.name !== undefined))
    throw new Error("screen: --file screens a file; give it without --imo, --mmsi or --name");
  const store = existsSync(o.db) ? await Store.open(o.db, { readOnly: true }) : null;
  try {
    const list = await loadWatchlist(o.profile, store);
    const matcher = new Matcher(list.entries);
    const flags = loadFlagRisk(o.profile);
    const out = new TextOut();
    if (o.file === undefined) {
      const q = parseQuery(o);
      const r = store ? await screen(q, matcher, flags, store) : screenOffline(q, matcher, flags);
      if (o.json) await out.line(JSON.stringify({ ...r, lists: list.sources }));
      else {
        for (const l of screenText(r)) await out.line(l);
        const from = list.sources.map((s) => `${s.list} ${s.entries} (${s.from})`).join(", ");
        await out.line(
          `lists: ${from}${store ? "" : `; no store at ${o.db}: identity history and activity not screened`}`,
        );
      }
      await out.flush();
      return 0;
    }
    const bad = new BadRows();
    const rows = readBatch(readFileSync(o.file, "utf8"), o.file, bad);
    const header = [
      "line",
      "name",
      "imo",
      "mmsi",
      "verdict",
      "hits",
      "list",
      "id",
      "listed_name",
      "on",
      "score",
      "matched",
    ];
    if (!o.json) await out.line(o.csv ? header.join(",") : header.join("\t"));
    for (const { line, q } of rows) {
      const r = screenOffline(q, matcher, flags);
      if (o.json) {
        await out.line(JSON.stringify({ line, ...r }));
        continue;
      }
      const b = r.hits[0];
      const cells = [
        line,
        q.name ?? "",
        q.imo ?? "",
        q.mmsi ?? "",
        r.verdict,
        r.hits.length,
        b?.list ?? "",
        b?.id ?? "",
        b?.name ?? "",
        b?.on ?? "",
        b?.score ?? "",
        b?.matched ?? "",
      ];
      await out.line(o.csv ? cells.map(csvCell).join(",") : cells.join("\t"));
    }
    await out.flush();
    for (const [reason, c] of bad.counts)
      process.stderr.write(`screen: ${c.count} rows skipped: ${reason} (first at ${c.first})\n`);
    return 0;
  } finally {
    store?.close();
  }
}

export function register(program: Command): void {
  program
    .command("screen")
    .description(
      "screen a vessel (or a CSV of vessels) against sanctions lists, with identity checks and store activity",
    )
    .option("--imo <n>", "IMO number")
    .option("--mmsi <n>", "MMSI")
    .option("--name <name>", "vessel name (fuzzy, romanisation-aware)")
    .option(
      "--flag <cc>",
      "flag the vessel is said to fly (ISO 3166 alpha-2), checked against the MMSI's MID",
    )
    .option("--file <csv>", "screen every row of a CSV whose header names any of name, imo, mmsi, flag")
    .option("--db <file>", "DuckDB database file (imported lists, identity history, activity)", DEFAULT_DB)
    .option("--profile <name|dir>", "profile whose watchlist snapshot and flag table to use", DEFAULT_PROFILE)
    .option("--json", "JSON (one object; with --file one JSON line per row)")
    .option("--csv", "with --file: CSV instead of tab-separated text")
    .action(async (opts: ScreenOptions) => {
      process.exitCode = await runScreen(opts);
    });
}
