/**
 * The DuckDB schema, as an ordered list of migrations. A file records the version it is
 * at in `schema_version`; opening an older file applies the missing steps in one
 * transaction, opening a newer one is refused (see store.ts).
 *
 * Positions are stored compactly, close to the AIS wire units, because they are almost
 * all of the data: lat/lon as integers in 1/600000 degree (the AIS unit, 1/10000 minute,
 * so values round-trip exactly), speed and course in tenths, and "not available" as the
 * AIS sentinels (1023, 3600, 511, 60) rather than NULL: no validity masks to write on the
 * append path, and values stay within the AIS field widths so DuckDB bit-packs them
 * tightly. Receive time is whole seconds (t, which delta-packs to a bit or two per row in
 * a time-ordered feed) plus milliseconds (t_ms, almost always 0). Measured on a 2M-line
 * mix: µs timestamps alone cost 2.7 bytes per position, seconds + ms about 0.3.
 * Vessels are numbered in order of first appearance (the vessels table) and positions
 * carry that number, which packs into about 15 bits where a raw MMSI takes 32.
 * The `positions_v` view turns them back into MMSI, a TIMESTAMP, degrees, knots and NULLs.
 */

import { COURSE, HEADING, LAT, SECOND_NA, SPEED } from "../ais/units.js";

/** AIS "not available" values, as stored (the raw codes of ais/units.ts). */
export const NA_SOG = SPEED.na;
export const NA_COG = COURSE.na;
export const NA_HEADING = HEADING.na;
export const NA_SECOND = SECOND_NA;
/** No navigational status (Class B and others that do not send one). */
export const NA_STATUS = 0xff;
/** Scale of the integer lat/lon columns: units per degree. */
export const LATLON_SCALE = LAT.scale;

const V1 = [
  `CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)`,
  // One row per ingested source: where it got to, and what was counted on the way.
  `CREATE TABLE ingest_log (
     source_id UINTEGER PRIMARY KEY,
     name VARCHAR NOT NULL,
     kind VARCHAR NOT NULL,
     fingerprint VARCHAR,
     byte_offset BIGINT NOT NULL,
     line BIGINT NOT NULL,
     status VARCHAR NOT NULL,
     counts VARCHAR NOT NULL,
     started_at TIMESTAMP NOT NULL,
     updated_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE decode_errors (source_id UINTEGER NOT NULL, reason VARCHAR NOT NULL, count BIGINT NOT NULL)`,
  `CREATE TABLE vessels (vid UINTEGER PRIMARY KEY, mmsi UINTEGER NOT NULL UNIQUE)`,
  `CREATE TABLE positions (
     vid UINTEGER NOT NULL,
     t TIMESTAMP_S NOT NULL,
     t_ms USMALLINT NOT NULL,
     lat INTEGER NOT NULL,
     lon INTEGER NOT NULL,
     sog USMALLINT NOT NULL,
     cog USMALLINT NOT NULL,
     heading USMALLINT NOT NULL,
     nav_status UTINYINT NOT NULL,
     msg_type UTINYINT NOT NULL,
     second UTINYINT NOT NULL,
     source_id UINTEGER NOT NULL,
     line UINTEGER NOT NULL)`,
  // One row per static message (types 5, 19, 24A, 24B); fields a type does not carry are NULL.
  `CREATE TABLE statics (
     mmsi UINTEGER NOT NULL,
     t TIMESTAMP NOT NULL,
     msg_type UTINYINT NOT NULL,
     part UTINYINT,
     imo UINTEGER,
     callsign VARCHAR,
     name VARCHAR,
     ship_type UTINYINT,
     to_bow USMALLINT,
     to_stern USMALLINT,
     to_port UTINYINT,
     to_starboard UTINYINT,
     draught_dm UTINYINT,
     destination VARCHAR,
     eta VARCHAR,
     source_id UINTEGER NOT NULL,
     line UINTEGER NOT NULL)`,
];

const V2 = [
  `CREATE VIEW positions_v AS
     SELECT v.mmsi, t::TIMESTAMP + to_milliseconds(t_ms) AS t, lat / ${LATLON_SCALE}.0 AS lat, lon / ${LATLON_SCALE}.0 AS lon,
       NULLIF(sog, ${NA_SOG}) / ${SPEED.scale}.0 AS sog,
       NULLIF(cog, ${NA_COG}) / ${COURSE.scale}.0 AS cog,
       NULLIF(heading, ${NA_HEADING}) AS heading,
       NULLIF(nav_status, ${NA_STATUS}) AS nav_status,
       msg_type, source_id, line
     FROM positions p JOIN vessels v USING (vid)`,
  // Class B identity comes in halves (24A name, 24B callsign and type): each static row is
  // completed with the vessel's last known value of every field before grouping.
  `CREATE VIEW identity_history AS
     WITH filled AS (
       SELECT mmsi, t,
         last_value(NULLIF(imo, 0) IGNORE NULLS) OVER w AS imo,
         last_value(NULLIF(name, '') IGNORE NULLS) OVER w AS name,
         last_value(NULLIF(callsign, '') IGNORE NULLS) OVER w AS callsign,
         last_value(NULLIF(ship_type, 0) IGNORE NULLS) OVER w AS ship_type
       FROM statics
       WINDOW w AS (PARTITION BY mmsi ORDER BY t, source_id, line ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
     SELECT mmsi, imo, name, callsign, ship_type,
       CASE WHEN mmsi BETWEEN 200000000 AND 799999999 THEN (mmsi // 1000000)::USMALLINT END AS mid,
       min(t) AS first_seen, max(t) AS last_seen, count(*) AS messages
     FROM filled
     GROUP BY ALL`,
];

// Detected events, one row per id (store/events.ts upserts: a final replaces its open
// emission, a retraction deletes). mmsis repeats the vessels' MMSIs as a list to filter on;
// vessels, attributes and evidence are kept as the event's JSON.
const V3 = [
  `CREATE TABLE events (
     id VARCHAR PRIMARY KEY,
     kind VARCHAR NOT NULL,
     status VARCHAR NOT NULL,
     start_time TIMESTAMP NOT NULL,
     end_time TIMESTAMP NOT NULL,
     mmsis UINTEGER[] NOT NULL,
     vessels JSON NOT NULL,
     lat DOUBLE NOT NULL,
     lon DOUBLE NOT NULL,
     attributes JSON NOT NULL,
     evidence JSON NOT NULL,
     detector VARCHAR NOT NULL,
     config_hash VARCHAR NOT NULL)`,
];

// Watchlist entries imported by `darkfleet lists import` (store/watchlist.ts): one row per
// listed vessel, the entry kept as JSON (screen/watchlist.ts WatchEntry); a re-import of a
// list replaces its rows.
const V4 = [
  `CREATE TABLE watchlist (
     list VARCHAR NOT NULL,
     id VARCHAR NOT NULL,
     entry JSON NOT NULL,
     file VARCHAR NOT NULL)`,
];

// An event may have no place (issue 15: an identity event of a vessel never placed is
// null, not 0,0 on every map).
const V5 = [
  `ALTER TABLE events ALTER COLUMN lat DROP NOT NULL`,
  `ALTER TABLE events ALTER COLUMN lon DROP NOT NULL`,
];

// Anchorages learned from the positions (store/anchorages.ts): cells in units of the
// anchorage cell size, their centres in degrees, and what the table was computed from.
const V6 = [
  `CREATE TABLE anchorages (
     cell_lat BIGINT NOT NULL,
     cell_lon BIGINT NOT NULL,
     lat DOUBLE NOT NULL,
     lon DOUBLE NOT NULL,
     vessels UINTEGER NOT NULL,
     PRIMARY KEY (cell_lat, cell_lon))`,
  `CREATE TABLE anchorages_basis (basis VARCHAR NOT NULL)`,
];

// Bus messages a worker has stored (bus/apply.ts), written in the transaction of their
// rows: a message delivered again, or published again past the bus's duplicate window,
// adds nothing. A source's end marker is written once the detectors have run over it.
const V7 = [
  `CREATE TABLE bus_applied (msg_id VARCHAR PRIMARY KEY, source_id UINTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)`,
];

/** Migration i (0-based) takes a file from version i to version i + 1. */
export const MIGRATIONS: readonly (readonly string[])[] = [V1, V2, V3, V4, V5, V6, V7];

export const SCHEMA_VERSION = MIGRATIONS.length;
