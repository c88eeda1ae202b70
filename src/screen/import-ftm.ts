/**
 * FollowTheMoney entities as JSON lines, the format open sanctions aggregators publish:
 * {"id", "schema", "properties": {name: [...], ...}, "datasets": [...]}. Entities of
 * schema Vessel become entries (name, alias and weakAlias, previousName, imoNumber,
 * mmsi, flag, pastFlags, topics, program); Sanction entities in the same file give their
 * vessel (properties.entity) its programme and earliest listing or start date. Other
 * schemas are skipped; a line that is not a JSON object is bad.
 */
import type { WatchEntry } from "../model/watchlist.js";
import { BadRows, type ListRead, parseImo, parseMmsi } from "./watchlist.js";

interface Entity {
  id?: unknown;
  schema?: unknown;
  properties?: Record<string, unknown>;
  datasets?: unknown;
}

const values = (e: Entity, prop: string): string[] => {
  const v = e.properties?.[prop];
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim())
    : [];
};
const unique = (xs: string[], not: string[] = []) => [...new Set(xs)].filter((x) => !not.includes(x));

/** Reads FollowTheMoney JSON lines as they stream in (aggregators' exports run to gigabytes). */
export async function readFtm(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
  list: string,
): Promise<ListRead> {
  const bad = new BadRows();
  const vessels: { e: Entity; line: number }[] = [];
  const sanctions = new Map<string, { programmes: string[]; dates: string[] }>();
  let rows = 0;
  let skipped = 0;
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (raw.trim() === "") continue;
    rows++;
    let e: Entity;
    try {
      e = JSON.parse(raw) as Entity;
    } catch {
      bad.add("not JSON", `${file}:${line}`);
      continue;
    }
    if (e === null || typeof e !== "object" || typeof e.id !== "string" || typeof e.schema !== "string") {
      bad.add("not an entity (id and schema)", `${file}:${line}`);
      continue;
    }
    if (e.schema === "Vessel") vessels.push({ e, line });
    else {
      skipped++;
      if (e.schema === "Sanction") {
        for (const target of values(e, "entity")) {
          const s = sanctions.get(target) ?? { programmes: [], dates: [] };
          s.programmes.push(...values(e, "program"), ...values(e, "programId"));
          s.dates.push(...values(e, "listingDate"), ...values(e, "startDate"));
          sanctions.set(target, s);
        }
      }
    }
  }
  const entries: WatchEntry[] = [];
  for (const { e, line } of vessels) {
    const at = `${file}:${line}`;
    const id = e.id as string;
    const [name = "", ...otherNames] = values(e, "name");
    const imoTexts = values(e, "imoNumber");
    const imos = imoTexts.map(parseImo);
    if (imos.some((x) => x === null)) bad.add("bad imoNumber (entry kept without it)", at);
    const imo = imos.find((x) => x !== null) ?? null;
    const mmsiTexts = values(e, "mmsi");
    const mmsis = mmsiTexts.map(parseMmsi);
    if (mmsis.some((x) => x === null)) bad.add("bad mmsi (entry kept without it)", at);
    if (name === "" && imo === null) {
      bad.add("vessel without a name or IMO", at);
      continue;
    }
    const s = sanctions.get(id);
    const topics = values(e, "topics");
    const pastFlags = values(e, "pastFlags").map((f) => f.toUpperCase());
    const datasets = Array.isArray(e.datasets)
      ? e.datasets.filter((d): d is string => typeof d === "string")
      : [];
    entries.push({
      list,
      id,
      name,
      aliases: unique([...otherNames, ...values(e, "alias"), ...values(e, "weakAlias")], [name]),
      formerNames: unique(values(e, "previousName"), [name]),
      imo,
      mmsis: mmsis.filter((x): x is number => x !== null),
      flag: values(e, "flag")[0]?.toUpperCase() ?? null,
      programme: unique([...values(e, "program"), ...(s?.programmes ?? [])]).join(", "),
      listed: [...(s?.dates ?? [])].sort()[0] ?? null,
      source: `${file}${datasets.length ? ` (${datasets.join(", ")})` : ""}`,
      note: [
        topics.length ? `topics ${topics.join(", ")}` : "",
        pastFlags.length ? `past flags ${pastFlags.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; "),
    });
  }
  return { entries, rows, bad, skipped };
}
