/**
 * The PostgreSQL/PostGIS schema, as an ordered list of migrations recorded in
 * `schema_version` like the DuckDB file's (store/schema.ts), applied in one transaction
 * under an advisory lock so that several processes opening a fresh database at once
 * migrate it once.
 *
 * Values are the DuckDB store's stored units (lat/lon in 1/600000 degree, speed and
 * course in tenths, the AIS "not available" codes), so both read back the same numbers;
 * times are timestamptz (exact to the millisecond). Each position also carries a PostGIS
 * point (spatially indexed: SP-GiST from V3) for spatial queries. Positions are
 * range-partitioned by month of t; a partition is created when the first row for its month
 * is written (writer.ts).
 *
 * Message identity: a position is (source_id, line, t), keyed with its MMSI first from V3,
 * and a static row (source_id, line, msg_type, part): a retried commit or a redelivered
 * batch inserts nothing twice (the writer inserts with ON CONFLICT DO NOTHING). Events are
 * keyed by id (upserted).
 */

export const PG_MIGRATIONS: readonly (readonly string[])[] = [
  [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    "CREATE TABLE schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL)",
    `CREATE TABLE ingest_log (
       source_id integer PRIMARY KEY,
       name text NOT NULL,
       kind text NOT NULL,
       fingerprint text UNIQUE,
       byte_offset bigint NOT NULL,
       line bigint NOT NULL,
       status text NOT NULL,
       counts text NOT NULL,
       started_at timestamptz NOT NULL,
       updated_at timestamptz NOT NULL)`,
    `CREATE TABLE decode_errors (
       source_id integer NOT NULL, reason text NOT NULL, count bigint NOT NULL, PRIMARY KEY (source_id, reason))`,
    // MMSIs with at least one position (the DuckDB store's vessels table, without its numbering).
    "CREATE TABLE vessels (mmsi integer PRIMARY KEY)",
    `CREATE TABLE positions (
       mmsi integer NOT NULL,
       t timestamptz NOT NULL,
       lat integer NOT NULL,
       lon integer NOT NULL,
       sog smallint NOT NULL,
       cog smallint NOT NULL,
       heading smallint NOT NULL,
       nav_status smallint NOT NULL,
       msg_type smallint NOT NULL,
       second smallint NOT NULL,
       source_id integer NOT NULL,
       line bigint NOT NULL,
       geom geometry(Point, 4326) NOT NULL,
       PRIMARY KEY (source_id, line, t)
     ) PARTITION BY RANGE (t)`,
    "CREATE INDEX positions_mmsi_t ON positions (mmsi, t)",
    "CREATE INDEX positions_geom ON positions USING gist (geom)",
    `CREATE TABLE statics (
       mmsi integer NOT NULL,
       t timestamptz NOT NULL,
       msg_type smallint NOT NULL,
       part smallint,
       imo integer,
       callsign text,
       name text,
       ship_type smallint,
       to_bow smallint,
       to_stern smallint,
       to_port smallint,
       to_starboard smallint,
       draught_dm smallint,
       destination text,
       eta text,
       source_id integer NOT NULL,
       line bigint NOT NULL)`,
    "CREATE UNIQUE INDEX statics_identity ON statics (source_id, line, msg_type, part) NULLS NOT DISTINCT",
    "CREATE INDEX statics_mmsi_t ON statics (mmsi, t)",
    // vessels, attributes and evidence as json (not jsonb): the text is kept as written, so
    // an event reads back byte for byte.
    `CREATE TABLE events (
       id text PRIMARY KEY,
       kind text NOT NULL,
       status text NOT NULL,
       start_time timestamptz NOT NULL,
       end_time timestamptz NOT NULL,
       mmsis integer[] NOT NULL,
       vessels json NOT NULL,
       lat double precision,
       lon double precision,
       geom geometry(Point, 4326),
       attributes json NOT NULL,
       evidence json NOT NULL,
       detector text NOT NULL,
       config_hash text NOT NULL)`,
    "CREATE INDEX events_time ON events (start_time, end_time)",
    "CREATE INDEX events_mmsis ON events USING gin (mmsis)",
    "CREATE INDEX events_geom ON events USING gist (geom)",
  ],
  // V2: the bus workers' message ledger (the DuckDB file's V7): a message's id is written in
  // the transaction that stores its rows, so a redelivered message is skipped.
  [
    "CREATE TABLE bus_applied (msg_id text PRIMARY KEY, source_id integer NOT NULL, applied_at timestamptz NOT NULL)",
    "CREATE INDEX bus_applied_source ON bus_applied (source_id)",
  ],
  // V3: detection over PostgreSQL. The replay reads positions a time range at a time
  // (postgres/replay.ts): an index on t keeps each window from scanning its whole month.
  // The anchorages learned from the positions (store/anchorages.ts), as the DuckDB file's V6.
  [
    "CREATE INDEX positions_t ON positions (t)",
    `CREATE TABLE anchorages (
       cell_lat bigint NOT NULL,
       cell_lon bigint NOT NULL,
       lat double precision NOT NULL,
       lon double precision NOT NULL,
       vessels bigint NOT NULL,
       PRIMARY KEY (cell_lat, cell_lon))`,
    "CREATE TABLE anchorages_basis (basis text NOT NULL)",
  ],
  // V4: cheaper positions to write (bench bus-pg). One key, (mmsi, t, source_id, line), is
  // both the dedup key and the track index, where (source_id, line, t) and (mmsi, t) were
  // two b-trees: the same rows are unique, since a source's line holds one position. A
  // BRIN on source_id (a few bytes a million rows) finds a resumed source's recent rows.
  // Points get SP-GiST (a quad-tree) instead of GiST: the same && queries, cheaper inserts.
  [
    "ALTER TABLE positions DROP CONSTRAINT positions_pkey",
    "DROP INDEX positions_mmsi_t",
    "ALTER TABLE positions ADD PRIMARY KEY (mmsi, t, source_id, line)",
    "CREATE INDEX positions_source ON positions USING brin (source_id)",
    "DROP INDEX positions_geom",
    "CREATE INDEX positions_geom ON positions USING spgist (geom)",
  ],
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** Months are the partitions: [start, next start) of the UTC month holding `ms`. */
export function monthOf(ms: number): { name: string; from: number; to: number } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    name: `positions_y${y}m${String(m + 1).padStart(2, "0")}`,
    from: Date.UTC(y, m, 1),
    to: Date.UTC(y, m + 1, 1),
  };
}
