/**
 * OFAC's SDN list in its legacy CSV files, as Treasury publishes them: sdn.csv (one
 * entity a row, no header: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 * Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks; "-0-" for empty), alt.csv
 * (ent_num, alt_num, alt_type, alt_name, alt_remarks: "aka"/"nka" aliases and "fka"
 * former names) and add.csv (ent_num, add_num, address, city, country, add_remarks).
 * Vessel rows (SDN_Type "vessel") become entries: IMO and MMSI parsed from Remarks
 * ("Vessel Registration Identification IMO 9110236; MMSI 445123000; ..."), programs from
 * "[DPRK3] [DPRK4]"-style cells. Other entities are skipped, not bad.
 */
import type { WatchEntry } from "../model/watchlist.js";
import { csvRecords } from "./csv-records.js";
import { flagCode } from "./flag-names.js";
import { BadRows, type ListRead, parseImo, parseMmsi } from "./watchlist.js";

export const OFAC_LIST = "OFAC SDN";

/** The file's text without the DOS end-of-file mark (0x1A) the published files end with. */
const EOF_MARK = String.fromCharCode(0x1a);
const clean = (text: string) => {
  const t = text.trimEnd();
  return t.endsWith(EOF_MARK) ? t.slice(0, -1) : t;
};
const value = (cell: string | undefined) => {
  const v = (cell ?? "").trim();
  return v === "-0-" ? "" : v;
};

export interface OfacCsvFiles {
  sdn: { text: string; file: string };
  alt?: { text: string; file: string };
  add?: { text: string; file: string };
}

export function readOfacCsv(files: OfacCsvFiles): ListRead {
  const bad = new BadRows();
  const { file } = files.sdn;
  const entries = new Map<string, WatchEntry>();
  const known = new Set<string>();
  let rows = 0;
  let skipped = 0;
  for (const { cells, line } of csvRecords(clean(files.sdn.text), file, bad, 12)) {
    rows++;
    const at = `${file}:${line}`;
    const id = value(cells[0]);
    if (!/^\d+$/.test(id)) {
      bad.add("ent_num not a number", at);
      continue;
    }
    known.add(id);
    if (value(cells[2]).toLowerCase() !== "vessel") {
      skipped++;
      continue;
    }
    const name = value(cells[1]);
    const remarks = value(cells[11]);
    const imoText = /IMO\s*(\S+?)[;.,)]?(?:\s|$)/i.exec(remarks)?.[1];
    const imo = imoText === undefined ? null : parseImo(imoText);
    if (imoText !== undefined && imo === null) bad.add("bad IMO in Remarks (entry kept without it)", at);
    const mmsis = [...remarks.matchAll(/MMSI\s*(\d+)/gi)].map((m) => parseMmsi(m[1]));
    if (mmsis.some((m) => m === null)) bad.add("bad MMSI in Remarks (entry kept without it)", at);
    if (name === "" && imo === null) {
      bad.add("vessel without a name or IMO", at);
      continue;
    }
    const flagName = value(cells[9]);
    const flag = flagName === "" ? null : flagCode(flagName);
    entries.set(id, {
      list: OFAC_LIST,
      id: `SDN-${id}`,
      name,
      aliases: [],
      formerNames: [],
      imo,
      mmsis: mmsis.filter((m): m is number => m !== null),
      flag,
      programme: value(cells[3])
        .replace(/^\[|\]$/g, "")
        .split(/\]\s*\[/)
        .map((p) => p.trim())
        .filter(Boolean)
        .join(", "),
      listed: null,
      source: file,
      note: [
        value(cells[6]),
        flag === null && flagName !== "" ? `flag ${flagName}` : "",
        value(cells[10]) ? `owner ${value(cells[10])}` : "",
        remarks,
      ]
        .filter(Boolean)
        .join("; "),
    });
  }
  // alt.csv and add.csv rows name their entity by ent_num: rows of other entities are skipped, of unknown ones bad.
  const forEntries = (
    part: { text: string; file: string } | undefined,
    fields: number,
    what: string,
    use: (e: WatchEntry, cells: string[], at: string) => void,
  ) => {
    if (!part) return;
    for (const { cells, line } of csvRecords(clean(part.text), part.file, bad, fields)) {
      rows++;
      const id = value(cells[0]);
      const e = entries.get(id);
      if (e) use(e, cells, `${part.file}:${line}`);
      else if (known.has(id)) skipped++;
      else bad.add(`${what} for an ent_num not in sdn.csv`, `${part.file}:${line}`);
    }
  };
  forEntries(files.alt, 5, "alias", (e, cells, at) => {
    const alt = value(cells[3]);
    if (alt === "") return bad.add("empty alias", at);
    const target = value(cells[2]).toLowerCase() === "fka" ? e.formerNames : e.aliases;
    if (alt !== e.name && !target.includes(alt)) target.push(alt);
  });
  forEntries(files.add, 6, "address", (e, cells) => {
    const where = [value(cells[2]), value(cells[3]), value(cells[4])].filter(Boolean).join(", ");
    if (where !== "") e.note = [e.note, `address ${where}`].filter(Boolean).join("; ");
  });
  return { entries: [...entries.values()], rows, bad, skipped };
}
