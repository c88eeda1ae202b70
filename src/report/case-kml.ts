/**
 * A case as KML 2.2 (OGC 07-147r2) for Google Earth: a Folder of track LineStrings, one of
 * event Placemarks with a TimeSpan and their attributes, one of evidence Points with a
 * TimeStamp. Coordinates are lon,lat as KML wants.
 */
import type { CaseFile } from "./case-data.js";
import { escapeXml as x } from "./xml.js";

const iso = (t: number) => new Date(t).toISOString();

export function caseKml(c: CaseFile): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    "<Document>",
    `<name>${x(`darkfleet case: ${c.title}`)}</name>`,
    "<Folder><name>Tracks</name>",
  ];
  for (const v of c.vessels) {
    if (v.track.length < 2) continue;
    const name = v.identities.at(-1)?.name ?? "";
    out.push(
      `<Placemark><name>${x(`${v.mmsi} ${name}`.trim())}</name>`,
      `<TimeSpan><begin>${iso(v.track[0].t)}</begin><end>${iso(v.track[v.track.length - 1].t)}</end></TimeSpan>`,
      `<LineString><tessellate>1</tessellate><coordinates>${v.track.map((p) => `${p.lon},${p.lat}`).join(" ")}</coordinates></LineString>`,
      "</Placemark>",
    );
  }
  out.push("</Folder>", "<Folder><name>Events</name>");
  for (const e of c.events) {
    const data = Object.entries(e.attributes)
      .map(([k, v]) => `<Data name="${x(k)}"><value>${x(JSON.stringify(v))}</value></Data>`)
      .join("");
    out.push(
      `<Placemark id="${x(`event-${e.id}`)}"><name>${x(`${e.kind} ${e.id}`)}</name>`,
      `<description>${x(`${e.kind} involving ${e.vessels.map((v) => v.mmsi).join(", ")} (${e.detector})`)}</description>`,
      `<TimeSpan><begin>${iso(e.start)}</begin><end>${iso(e.end)}</end></TimeSpan>`,
      `<ExtendedData>${data}</ExtendedData>`,
      `<Point><coordinates>${e.lon},${e.lat}</coordinates></Point>`,
      "</Placemark>",
    );
  }
  out.push("</Folder>", "<Folder><name>Evidence</name>");
  for (const e of c.events) {
    for (const [t, lat, lon, sog, mmsi] of e.evidence) {
      out.push(
        `<Placemark><name>${x(`${e.kind} ${mmsi}`)}</name><TimeStamp><when>${iso(t)}</when></TimeStamp>`,
        `<description>${x(`event ${e.id}, speed ${sog ?? "n/a"} kn`)}</description>`,
        `<Point><coordinates>${lon},${lat}</coordinates></Point></Placemark>`,
      );
    }
  }
  out.push("</Folder>", "</Document>", "</kml>");
  return `${out.join("\n")}\n`;
}
