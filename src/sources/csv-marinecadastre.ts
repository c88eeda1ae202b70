/**
 * The US MarineCadastre / NOAA "AIS Vessel Traffic" daily export. Up to 2023:
 * `MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,
 * Length,Width,Draft,Cargo,TransceiverClass`; from 2024 the same in snake_case with
 * longitude before latitude (`mmsi,base_date_time,longitude,latitude,...,transceiver`).
 * Both normalise to the names below. Times are UTC (`2023-01-01T00:00:03`), IMO is written
 * `IMO9234567`, Status and VesselType are AIS codes, and an empty field means no value.
 */
import type { CsvFormatSpec } from "./csv-format.js";
import { isoTimeParser } from "./csv-time.js";

export const MARINECADASTRE: CsvFormatSpec = {
  id: "marinecadastre",
  signature: ["mmsi", "basedatetime"],
  columns: {
    mmsi: ["mmsi"],
    time: ["basedatetime"],
    lat: ["lat", "latitude"],
    lon: ["lon", "longitude"],
    sog: ["sog"],
    cog: ["cog"],
    heading: ["heading"],
    name: ["vesselname"],
    imo: ["imo"],
    callsign: ["callsign"],
    shipType: ["vesseltype"],
    status: ["status"],
    length: ["length"],
    width: ["width"],
    draught: ["draft"],
    station: ["transceiverclass", "transceiver"],
  },
  nullWords: new Set(),
  timeParser: isoTimeParser,
};
