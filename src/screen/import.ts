/**
 * Reading list files for `darkfleet lists import`, each in the format its name and first
 * bytes show: OFAC's sdn.csv (with alt.csv and add.csv given beside it), OFAC's SDN XML,
 * FollowTheMoney JSON lines, or a plain CSV with a header.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from "node:fs";
import { basename, extname } from "node:path";
import { createInterface } from "node:readline";
import { readFtm } from "./import-ftm.js";
import { readOfacCsv } from "./import-ofac-csv.js";
import { isOfacXml, readOfacXml } from "./import-ofac-xml.js";
import { isPlainCsvHeader, readPlainCsv } from "./import-plain-csv.js";
import type { ListRead } from "./watchlist.js";

export type ListFormat = "ofac-csv" | "ofac-xml" | "ftm" | "csv";

export interface ReadFile {
  /** The file (for OFAC CSV, sdn.csv; its alt.csv and add.csv in `with`). */
  file: string;
  with: string[];
  format: ListFormat;
  read: ListRead;
}

const OFAC_PARTS = ["sdn.csv", "alt.csv", "add.csv"];

/** The first bytes of a file, to tell its format without reading it all. */
function head(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(4096);
    return buf
      .subarray(0, readSync(fd, buf, 0, buf.length, 0))
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimStart();
  } finally {
    closeSync(fd);
  }
}

/** Reads every file; `list` renames the lists of all entries (default: each format's own). */
export async function readListFiles(paths: readonly string[], list?: string): Promise<ReadFile[]> {
  const out: ReadFile[] = [];
  const ofac = new Map<string, string>();
  for (const path of paths) {
    const part = basename(path).toLowerCase();
    if (OFAC_PARTS.includes(part)) {
      if (ofac.has(part)) throw new Error(`${path}: a second ${part} in one import`);
      ofac.set(part, path);
      continue;
    }
    const start = head(path);
    const ext = extname(path).toLowerCase();
    if (ext === ".xml" || start.startsWith("<")) {
      if (!isOfacXml(start)) throw new Error(`${path}: XML but not an OFAC SDN list (no <sdnList>)`);
      out.push({
        file: path,
        with: [],
        format: "ofac-xml",
        read: readOfacXml(readFileSync(path, "utf8"), path),
      });
    } else if (start.startsWith("{")) {
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
      const read = await readFtm(lines, path, list ?? basename(path, extname(path)));
      out.push({ file: path, with: [], format: "ftm", read });
    } else if (isPlainCsvHeader(start.split(/\r?\n/, 1)[0])) {
      out.push({ file: path, with: [], format: "csv", read: readPlainCsv(readFileSync(path, "utf8"), path) });
    } else {
      throw new Error(
        `${path}:1: unknown list format (expected OFAC sdn.csv/alt.csv/add.csv or sdn.xml, FollowTheMoney JSON lines, or a CSV whose header names name, imo or mmsi)`,
      );
    }
  }
  if (ofac.size > 0) {
    const sdn = ofac.get("sdn.csv");
    if (sdn === undefined)
      throw new Error(
        `${[...ofac.values()][0]}: OFAC's alt.csv and add.csv need their sdn.csv in the same import`,
      );
    const part = (name: string) => {
      const p = ofac.get(name);
      return p === undefined ? undefined : { text: readFileSync(p, "utf8"), file: p };
    };
    out.push({
      file: sdn,
      with: [...ofac.entries()].filter(([k]) => k !== "sdn.csv").map(([, p]) => p),
      format: "ofac-csv",
      read: readOfacCsv({
        sdn: { text: readFileSync(sdn, "utf8"), file: sdn },
        alt: part("alt.csv"),
        add: part("add.csv"),
      }),
    });
  }
  if (list !== undefined) for (const f of out) for (const e of f.read.entries) e.list = list;
  return out;
}
