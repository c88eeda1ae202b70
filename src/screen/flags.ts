/** The profile's flag-risk table (profiles/NAME/flags.csv): a weight and a reason per flag. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { profileDir } from "../profile/load.js";
import { csvRecords } from "./csv-records.js";
import { BadRows } from "./watchlist.js";

export interface FlagRisk {
  iso2: string;
  flag: string;
  /** "state" (the sanctioned state's own), "open" (an open registry), "false_flag" (no registry for such ships). */
  kind: string;
  weight: number;
  reason: string;
}

export function loadFlagRisk(profile: string): Map<string, FlagRisk> {
  const file = join(profileDir(profile), "flags.csv");
  const bad = new BadRows();
  const [head, ...rows] = csvRecords(readFileSync(file, "utf8"), file, bad);
  const col = (name: string) => {
    const i = head.cells.indexOf(name);
    if (i < 0) throw new Error(`${file}: missing column ${name}`);
    return i;
  };
  const [iIso, iFlag, iKind, iWeight, iReason] = ["iso2", "flag", "kind", "weight", "reason"].map(col);
  const out = new Map<string, FlagRisk>();
  for (const { cells, line } of rows) {
    const weight = Number(cells[iWeight]);
    if (!/^[A-Z]{2}$/.test(cells[iIso]) || !Number.isFinite(weight))
      throw new Error(`${file}:${line}: bad iso2 or weight`);
    out.set(cells[iIso], {
      iso2: cells[iIso],
      flag: cells[iFlag],
      kind: cells[iKind],
      weight,
      reason: cells[iReason],
    });
  }
  for (const [reason, c] of bad.counts) throw new Error(`${c.first}: ${reason}`);
  return out;
}
