/**
 * The plain list CSV: a header naming its columns (any order, case-insensitive) and one
 * vessel a row. Columns: name, imo, mmsi, aliases, list, date; optionally id,
 * former_names, flag, programme, source, note ("listed" is read as date). Several
 * aliases, former names or MMSIs go in one cell separated by ";". The DPRK profile's
 * watchlist.csv is in this format.
 */
import { basename, extname } from "node:path";
import type { WatchEntry } from "../model/watchlist.js";
import { csvRecords } from "./csv-records.js";
import { BadRows, type ListRead, parseImo, parseMmsi, splitNames } from "./watchlist.js";

const SYNONYMS: Record<string, string> = {
  listed: "date",
  former_name: "former_names",
  program: "programme",
};

/** True when the first line is a header this reader understands (a name, imo or mmsi column). */
export function isPlainCsvHeader(firstLine: string): boolean {
  const cols = firstLine
    .toLowerCase()
    .split(",")
    .map((c) => c.trim().replaceAll('"', ""));
  return cols.includes("name") || cols.includes("imo") || cols.includes("mmsi");
}

export function readPlainCsv(text: string, file: string): ListRead {
  const bad = new BadRows();
  const records = csvRecords(text, file, bad);
  if (records.length === 0) return { entries: [], rows: 0, bad, skipped: 0 };
  const head = records[0].cells.map((c) => {
    const k = c.trim().toLowerCase().replaceAll(" ", "_");
    return SYNONYMS[k] ?? k;
  });
  const defaultList = basename(file, extname(file));
  const entries: WatchEntry[] = [];
  for (const { cells, line } of records.slice(1)) {
    const at = `${file}:${line}`;
    const get = (col: string): string => {
      const i = head.indexOf(col);
      return i < 0 ? "" : (cells[i] ?? "").trim();
    };
    const name = get("name");
    const imoText = get("imo");
    const imo = imoText === "" ? null : parseImo(imoText);
    const mmsis = splitNames(get("mmsi"))
      .map(parseMmsi)
      .filter((m): m is number => m !== null);
    if (name === "" && imo === null && mmsis.length === 0) {
      bad.add("no name, IMO or MMSI", at);
      continue;
    }
    // A bad identifier loses the identifier, not the listed vessel: it is still screened by name.
    if (imoText !== "" && imo === null) bad.add("bad IMO (not 7 digits; entry kept without it)", at);
    if (mmsis.length < splitNames(get("mmsi")).length)
      bad.add("bad MMSI (not 9 digits; entry kept without it)", at);
    const list = get("list") || defaultList;
    entries.push({
      list,
      id: get("id") || (imo !== null ? `IMO${imo}` : name || `MMSI${mmsis[0]}`),
      name,
      aliases: splitNames(get("aliases"), [name]),
      formerNames: splitNames(get("former_names"), [name]),
      imo,
      mmsis,
      flag: get("flag").toUpperCase() || null,
      programme: get("programme"),
      listed: get("date") || null,
      source: get("source") || basename(file),
      note: get("note"),
    });
  }
  return { entries, rows: records.length - 1, bad, skipped: 0 };
}
