/** A case as CSV for spreadsheets: one row per evidence position, then one per track fix. */
import type { CaseFile } from "./case-data.js";

const cell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const CASE_CSV_HEADER = "row,event,kind,mmsi,time,lat,lon,sog";

export function caseCsv(c: CaseFile): string {
  const rows = [CASE_CSV_HEADER];
  for (const e of c.events) {
    for (const [t, lat, lon, sog, mmsi] of e.evidence)
      rows.push(
        ["evidence", e.id, e.kind, mmsi, new Date(t).toISOString(), lat, lon, sog].map(cell).join(","),
      );
  }
  for (const v of c.vessels) {
    for (const p of v.track)
      rows.push(
        ["track", "", "", p.mmsi, new Date(p.t).toISOString(), p.lat, p.lon, p.sog].map(cell).join(","),
      );
  }
  return `${rows.join("\n")}\n`;
}
