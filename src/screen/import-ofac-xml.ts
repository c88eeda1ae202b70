/**
 * OFAC's SDN list as XML (sdn.xml, namespace http://tempuri.org/sdnList.xsd):
 * <sdnList><publshInformation><Publish_Date/>...</publshInformation> and one <sdnEntry> per
 * entity with uid, lastName, sdnType, programList/program, idList/id (idType "Vessel
 * Registration Identification" with idNumber "IMO 9110236", idType "MMSI"), akaList/aka
 * (type "a.k.a.", "f.k.a.", "n.k.a.") and vesselInfo (callSign, vesselType, vesselFlag,
 * vesselOwner). Entries of sdnType "Vessel" become watchlist entries.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { WatchEntry } from "../model/watchlist.js";
import { flagCode } from "./flag-names.js";
import { OFAC_LIST } from "./import-ofac-csv.js";
import { BadRows, type ListRead, parseImo, parseMmsi } from "./watchlist.js";

type Node = Record<string, unknown>;
/** Elements that repeat: always arrays, one or many. */
const ARRAYS = new Set(["sdnEntry", "program", "id", "aka"]);
const text = (v: unknown): string => (v === undefined || v === null ? "" : String(v).trim());
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

export function isOfacXml(head: string): boolean {
  return /<sdnList[\s>]/.test(head);
}

export function readOfacXml(xml: string, file: string): ListRead {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`${file}:${valid.err.line}: not well-formed XML: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  const doc = parser.parse(xml) as { sdnList?: Node };
  if (!doc.sdnList) throw new Error(`${file}: no <sdnList> root: not an OFAC SDN XML file`);
  const published = text((doc.sdnList.publshInformation as Node | undefined)?.Publish_Date);
  const bad = new BadRows();
  const entries: WatchEntry[] = [];
  let skipped = 0;
  const sdn = list(doc.sdnList.sdnEntry);
  sdn.forEach((e, n) => {
    const at = `${file}: sdnEntry ${n + 1} (uid ${text(e.uid) || "?"})`;
    if (text(e.sdnType).toLowerCase() !== "vessel") {
      skipped++;
      return;
    }
    const uid = text(e.uid);
    const name = text(e.lastName);
    let imo: number | null = null;
    const mmsis: number[] = [];
    for (const id of list((e.idList as Node | undefined)?.id)) {
      const type = text(id.idType).toLowerCase();
      const num = text(id.idNumber);
      if (type === "vessel registration identification" && /^IMO/i.test(num)) {
        imo = parseImo(num);
        if (imo === null) bad.add("bad IMO (entry kept without it)", at);
      } else if (type === "mmsi") {
        const m = parseMmsi(num);
        if (m === null) bad.add("bad MMSI (entry kept without it)", at);
        else mmsis.push(m);
      }
    }
    if (uid === "" || (name === "" && imo === null)) {
      bad.add("vessel without a uid, or without a name and IMO", at);
      return;
    }
    const aliases: string[] = [];
    const formerNames: string[] = [];
    for (const aka of list((e.akaList as Node | undefined)?.aka)) {
      const alt = text(aka.lastName);
      if (alt === "" || alt === name) continue;
      const target = text(aka.type).toLowerCase().startsWith("f.k.a") ? formerNames : aliases;
      if (!target.includes(alt)) target.push(alt);
    }
    const info = (e.vesselInfo ?? {}) as Node;
    const flagName = text(info.vesselFlag);
    const flag = flagName === "" ? null : flagCode(flagName);
    entries.push({
      list: OFAC_LIST,
      id: `SDN-${uid}`,
      name,
      aliases,
      formerNames,
      imo,
      mmsis,
      flag,
      programme: list((e.programList as Node | undefined)?.program)
        .map((p) => text(p))
        .join(", "),
      listed: null,
      source: `${file}${published ? ` (published ${published})` : ""}`,
      note: [
        text(info.vesselType),
        flag === null && flagName !== "" ? `flag ${flagName}` : "",
        text(info.vesselOwner) ? `owner ${text(info.vesselOwner)}` : "",
        text(e.remarks),
      ]
        .filter(Boolean)
        .join("; "),
    });
  });
  return { entries, rows: sdn.length, bad, skipped };
}
