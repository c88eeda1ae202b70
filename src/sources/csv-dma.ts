/**
 * The Danish Maritime Authority daily AIS export (`aisdk-YYYY-MM-DD.csv`): `# Timestamp`
 * (`01/01/2023 00:00:03`, day first, UTC), `Type of mobile` ("Class A", "Class B", "Base
 * Station", ...), MMSI, Latitude, Longitude, `Navigational status` and `Ship type` in words,
 * ROT, SOG, COG, Heading, IMO, Callsign, Name, `Cargo type`, Width, Length, Draught,
 * Destination, ETA, and the antenna offsets A, B, C, D (to bow, stern, port, starboard).
 * "Unknown", "Undefined" and empty fields mean no value.
 */
import type { CsvFormatSpec } from "./csv-format.js";
import { dmyTimeParser } from "./csv-time.js";

export const DMA: CsvFormatSpec = {
  id: "dma",
  signature: ["timestamp", "typeofmobile", "mmsi"],
  columns: {
    mmsi: ["mmsi"],
    time: ["timestamp"],
    lat: ["latitude"],
    lon: ["longitude"],
    sog: ["sog"],
    cog: ["cog"],
    heading: ["heading"],
    status: ["navigationalstatus"],
    station: ["typeofmobile"],
    name: ["name"],
    imo: ["imo"],
    callsign: ["callsign"],
    shipType: ["shiptype"],
    cargo: ["cargotype"],
    length: ["length"],
    width: ["width"],
    toBow: ["a"],
    toStern: ["b"],
    toPort: ["c"],
    toStarboard: ["d"],
    draught: ["draught"],
    destination: ["destination"],
  },
  nullWords: new Set(["Unknown", "Undefined", "Unknown value", "Not available"]),
  timeParser: dmyTimeParser,
};
