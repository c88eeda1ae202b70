/**
 * Static rows packed for the decode worker's postMessage come back as they went, and the
 * writer's data-chunk path stores them as they are (nulls, strings, more than one chunk).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packStatics, type StaticRow, unpackStatics } from "../../src/store/batch.js";
import { createSource } from "../../src/store/ingest-log.js";
import { Store } from "../../src/store/store.js";
import { StoreWriter } from "../../src/store/writer.js";

const dir = mkdtempSync(join(tmpdir(), "darkfleet-batch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (over: Partial<StaticRow>): StaticRow => ({
  mmsi: 412345678,
  t: 1704067200123,
  msgType: 5,
  part: null,
  imo: 9123456,
  callsign: "BXYZ",
  name: "GOLDEN STAR",
  shipType: 80,
  toBow: 120,
  toStern: 30,
  toPort: 12,
  toStarboard: 10,
  draughtDm: 95,
  destination: "NAMPO",
  eta: "03-14T06:00",
  sourceId: 3,
  line: 4_000_000_000,
  ...over,
});

const variants = (): StaticRow[] => [
  row({}),
  row({
    msgType: 24,
    part: 0,
    imo: null,
    callsign: null,
    shipType: null,
    toBow: null,
    destination: null,
    eta: null,
  }),
  row({ msgType: 24, part: 1, name: null, imo: 0, toPort: 0, draughtDm: null }),
  row({ msgType: 19, part: null, toStarboard: null, toStern: null }),
];

describe("packStatics", () => {
  it("round-trips every field, nulls and zeros included", () => {
    const rows = [...variants(), row({ callsign: "" })];
    const packed = packStatics(rows);
    expect(unpackStatics(structuredClone(packed))).toEqual(rows);
    expect(unpackStatics(packStatics([]))).toEqual([]);
  });
});

describe("StoreWriter.appendStatics", () => {
  it("stores rows as given across data chunks", async () => {
    const store = await Store.open(join(dir, "statics.duckdb"));
    const { sourceId } = await createSource(store, "x", "file", "fp");
    const rows = Array.from({ length: 5000 }, (_, i) => ({ ...variants()[i % 4], sourceId, line: i }));
    const writer = await StoreWriter.create(store);
    await writer.begin();
    writer.appendStatics(rows);
    await writer.commit(sourceId, { offset: 0, line: 0, status: "done", counts: {} });
    await writer.close();
    const back = await store.rows<Record<string, unknown>>(
      `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type AS msgType, part, imo, callsign, name, ship_type AS shipType,
         to_bow AS toBow, to_stern AS toStern, to_port AS toPort, to_starboard AS toStarboard,
         draught_dm AS draughtDm, destination, eta, source_id AS sourceId, line
       FROM statics ORDER BY line`,
    );
    store.close();
    expect(back).toEqual(rows);
  });
});
