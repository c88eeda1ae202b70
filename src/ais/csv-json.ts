/**
 * A CSV row as one gpsd-style AIS JSON object, for `darkfleet decode --json`: the field
 * names and units of `gpsdecode -j` (speed in knots, course and heading in degrees,
 * draught in metres), `type` the AIS message the row stands for (see csv-row.ts), and
 * darkfleet's `rxtime` in ISO 8601. A row with a position and identity fields gives one
 * object carrying both, as the export's row did. Fields the row lacks are null; output is
 * pure ASCII (other characters escaped) like the NMEA decoder's JSON.
 */

import type { Position, Static } from "../model/records.js";
import { asciiJson } from "./json.js";

function str(text: string | null): string {
  return text === null ? "null" : asciiJson(text);
}

/** One line of JSON for a row's records; at least one of them must be given. */
export function csvRowToGpsdJson(p: Position | null, s: Static | null): string {
  const r = (p ?? s) as Position | Static;
  let out = `{"class":"AIS","type":${r.msgType},"mmsi":${r.mmsi}`;
  if (p !== null) {
    out += `,"status":${p.navStatus},"speed":${p.sog},"course":${p.cog},"heading":${p.heading}`;
    out += `,"lat":${p.lat},"lon":${p.lon}`;
  }
  if (s !== null) {
    out += `,"imo":${s.imo},"callsign":${str(s.callsign)},"shipname":${str(s.name)},"shiptype":${s.shipType}`;
    out += `,"to_bow":${s.toBow},"to_stern":${s.toStern},"to_port":${s.toPort},"to_starboard":${s.toStarboard}`;
    out += `,"draught":${s.draught},"destination":${str(s.destination)}`;
  }
  return `${out},"rxtime":"${new Date(r.t).toISOString()}"}`;
}
