/**
 * A case as one self-contained HTML file: it loads nothing (a Content-Security-Policy of
 * default-src 'none' makes the browser refuse any request), so it can be mailed, archived
 * and opened offline. It shows the identity history, an SVG map of the tracks, events and
 * evidence over the shipped coastline, a timeline of the events, and tables of every event
 * and every position each rests on.
 */
import type { Event } from "../model/event.js";
import type { CaseFile } from "./case-data.js";
import { boxAround, type MapLine, type MapPoint, svgMap } from "./svg-map.js";
import { escapeXml as x } from "./xml.js";

const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");
const TRACK_COLOURS = ["#1f5fa8", "#b5452b", "#2e7d32", "#6a3d9a"];
const EVENT_COLOURS: Record<string, string> = {
  encounter: "#d62728",
  loitering: "#ff7f0e",
  gap: "#7f7f7f",
  spoofing: "#9467bd",
  identity: "#8c564b",
  draught: "#17becf",
  port_call: "#2ca02c",
  zone: "#bcbd22",
};

const table = (head: string[], rows: (string | number | null)[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${x(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${x(c === null ? "" : String(c))}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

function timeline(events: Event[], widthPx = 900): string {
  if (events.length === 0) return "<p>No events.</p>";
  const t0 = Math.min(...events.map((e) => e.start));
  const t1 = Math.max(...events.map((e) => e.end), t0 + 1);
  const rowH = 16;
  const xAt = (t: number) => Math.round(((t - t0) / (t1 - t0)) * (widthPx - 200) * 10) / 10 + 190;
  const bars = events.map((e, i) => {
    const y = i * rowH + 4;
    const w = Math.max(2, xAt(e.end) - xAt(e.start));
    return `<text x="0" y="${y + 11}" font-size="11">${x(`${e.kind} ${e.id.slice(0, 8)}`)}</text><rect class="bar" x="${xAt(e.start)}" y="${y}" width="${w}" height="${rowH - 4}" fill="${EVENT_COLOURS[e.kind] ?? "#444"}"><title>${x(`${e.kind} ${iso(e.start)} to ${iso(e.end)}`)}</title></rect>`;
  });
  const h = events.length * rowH + 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${widthPx} ${h}" width="${widthPx}" height="${h}">${bars.join("")}<text x="190" y="${h - 4}" font-size="11">${iso(t0)}</text><text x="${widthPx - 10}" y="${h - 4}" font-size="11" text-anchor="end">${iso(t1)}</text></svg>`;
}

export function caseHtml(c: CaseFile): string {
  const lines: MapLine[] = c.vessels.map((v, i) => ({
    points: v.track.map((p) => [p.lat, p.lon] as [number, number]),
    colour: TRACK_COLOURS[i % TRACK_COLOURS.length],
    label: `${v.mmsi} ${v.identities.at(-1)?.name ?? ""}`.trim(),
  }));
  const points: MapPoint[] = [];
  for (const e of c.events) {
    const colour = EVENT_COLOURS[e.kind] ?? "#444";
    for (const [t, lat, lon, , mmsi] of e.evidence)
      points.push({ lat, lon, colour, radius: 2, label: `${e.kind} evidence ${mmsi} ${iso(t)}` });
    if (e.lat !== null && e.lon !== null)
      points.push({ lat: e.lat, lon: e.lon, colour, radius: 6, label: `${e.kind} ${e.id} ${iso(e.start)}` });
  }
  const all: [number, number][] = [
    ...lines.flatMap((l) => l.points),
    ...points.map((p) => [p.lat, p.lon] as [number, number]),
  ];
  const map = all.length > 0 ? svgMap(boxAround(all), lines, points) : "<p>No positions.</p>";
  const identities = c.vessels.flatMap((v) =>
    v.identities.map((r) => [
      r.mmsi,
      r.imo,
      r.name,
      r.callsign,
      r.shipType,
      r.mid,
      iso(r.firstSeen),
      iso(r.lastSeen),
      r.messages,
    ]),
  );
  const events = c.events.map((e) => [
    e.id,
    e.kind,
    e.status,
    iso(e.start),
    iso(e.end),
    e.vessels.map((v) => v.mmsi).join(" "),
    e.lat === null || e.lon === null ? "no place" : `${e.lat.toFixed(5)}, ${e.lon.toFixed(5)}`,
    JSON.stringify(e.attributes),
    e.detector,
  ]);
  const evidence = c.events
    .map(
      (e) =>
        `<h3 id="ev-${x(e.id)}">${x(`${e.kind} ${e.id}`)}: ${e.evidence.length} positions</h3>${table(
          ["time", "lat", "lon", "sog kn", "mmsi"],
          e.evidence.map(([t, lat, lon, sog, mmsi]) => [iso(t), lat, lon, sog, mmsi]),
        )}`,
    )
    .join("");
  const span = c.from !== null && c.to !== null ? ` from ${iso(c.from)} to ${iso(c.to)}` : "";
  const fixes = c.vessels.reduce((a, v) => a + v.track.length, 0);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${x(`darkfleet case: ${c.title}`)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:12px}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3} td{max-width:40em;overflow-wrap:anywhere}
svg{display:block;max-width:100%;height:auto;border:1px solid #bbb}
</style></head><body>
<h1>${x(`darkfleet case: ${c.title}`)}</h1>
<p>${x(`${c.vessels.length} vessel(s), ${fixes} positions, ${c.events.length} event(s)${span}. Times UTC; positions WGS84 degrees; speeds knots. Coastline: Natural Earth 1:50m.`)}</p>
<h2>Identity history</h2>
${table(["mmsi", "imo", "name", "callsign", "ship type", "MID", "first seen", "last seen", "messages"], identities)}
<h2>Map</h2>
${map}
<h2>Timeline</h2>
${timeline(c.events)}
<h2>Events</h2>
${table(["id", "kind", "status", "start", "end", "vessels", "centroid", "attributes", "detector"], events)}
<h2>Evidence</h2>
${evidence || "<p>No events.</p>"}
</body></html>
`;
}
