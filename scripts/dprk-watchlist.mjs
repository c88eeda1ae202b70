#!/usr/bin/env node
/**
 * Rebuilds profiles/dprk/watchlist.csv from the dated source snapshots (UN 1718 Committee
 * vessels, the DPRK vessels on OFAC's SDN list, UN press-release designations):
 *   node scripts/dprk-watchlist.mjs SHARED_DPRK_DIR > profiles/dprk/watchlist.csv
 * One row per vessel per list; names a list lacks for an IMO are taken from the other list
 * and said so in the note. Run by hand when a snapshot changes, never at install or run time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: dprk-watchlist.mjs SHARED_DPRK_DIR\n");
  process.exit(2);
}
const read = (f) => parse(readFileSync(join(dir, f), "utf8"), { columns: true, skip_empty_lines: true });

const ISO2 = {
  "Democratic People's Republic of Korea": "KP",
  Cambodia: "KH",
  Comoros: "KM",
  Mongolia: "MN",
  Palau: "PW",
  Panama: "PA",
  Russia: "RU",
  "Sierra Leone": "SL",
  Singapore: "SG",
  Tanzania: "TZ",
  Vietnam: "VN",
};

const un = read("un1718_vessels.csv");
const ofac = read("ofac_dprk_vessels.csv");
const pressReleases = read("designations.csv");
const ofacByImo = new Map(ofac.filter((r) => r.imo).map((r) => [r.imo, r]));
const pressByName = new Map(pressReleases.map((r) => [r.name, r]));

const rows = [];
const q = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
function row(r) {
  rows.push(
    [
      r.list,
      r.id,
      r.name,
      r.aliases ?? "",
      r.former ?? "",
      r.imo ?? "",
      r.mmsi ?? "",
      r.flag ?? "",
      r.programme,
      r.listed ?? "",
      r.source,
      r.note ?? "",
    ]
      .map((v) => q(String(v)))
      .join(","),
  );
}

const slug = (name) => name.replaceAll(/[^A-Z0-9]+/g, "-");
const unNames = new Set();
for (const r of un) {
  const fromOfac = !r.name && ofacByImo.get(r.imo);
  const name = r.name || (fromOfac ? fromOfac.name : "");
  const press = pressByName.get(name);
  unNames.add(name);
  const aka = press?.note.match(/also known as ([A-Z0-9 .]+)/);
  row({
    list: "UN 1718",
    id: `UN1718-${r.imo || slug(name)}`,
    name,
    aliases: aka ? aka[1].trim() : "",
    imo: r.imo,
    programme: "DPRK (UNSCR 1718)",
    listed: r.listed_date || press?.["designated (month or day)"] || "",
    source: `un1718_vessels.csv (${r.provenance})`,
    note: [
      fromOfac ? "name from the OFAC SDN entry with this IMO" : "",
      !name ? "name not in the source: screen by IMO" : "",
      press?.note ?? "",
    ]
      .filter(Boolean)
      .join("; "),
  });
}
for (const p of pressReleases) {
  if (unNames.has(p.name)) continue;
  const aka = p.note.match(/also known as ([A-Z0-9 .]+)/);
  row({
    list: "UN 1718",
    id: `UN1718-${slug(p.name)}`,
    name: p.name,
    aliases: aka ? aka[1].trim() : "",
    imo: p.imo,
    programme: "DPRK (UNSCR 1718)",
    listed: p["designated (month or day)"],
    source: "designations.csv (UN press releases 2017-2018)",
    note: [p.imo ? "" : "no IMO in the press release", p.note].filter(Boolean).join("; "),
  });
}
for (const r of ofac) {
  // A spreadsheet turned one SDN name into a date ("Jul-28"): kept as found, flagged.
  const mangled = /^[A-Z][a-z]{2}-\d{2}$/.test(r.name);
  row({
    list: "OFAC SDN",
    id: `SDN-${r.sdn_id}`,
    name: r.name,
    imo: r.imo,
    mmsi: r.mmsi,
    flag: ISO2[r.flag] ?? "",
    programme: r.programs,
    listed: "",
    source: "ofac_dprk_vessels.csv (OFAC SDN snapshot about 2023-01)",
    note: [
      r.linked_to ? `linked to ${r.linked_to}` : "",
      r.vessel_type,
      mangled
        ? "name as in the snapshot, apparently converted to a date by a spreadsheet: check the SDN entry"
        : "",
    ]
      .filter(Boolean)
      .join("; "),
  });
}
process.stdout.write(
  `list,id,name,aliases,former_names,imo,mmsi,flag,programme,listed,source,note\n${rows.join("\n")}\n`,
);
