/** Stored static rows for tests that write a store directly. */
import type { StaticRow } from "../../src/store/batch.js";

/** One half of a class B static report (type 24): only what `over` sets is known. */
export function typeBHalf(
  part: 0 | 1,
  over: Pick<StaticRow, "mmsi" | "t" | "sourceId" | "line"> & Partial<StaticRow>,
): StaticRow {
  return {
    msgType: 24,
    part,
    imo: null,
    callsign: null,
    name: null,
    shipType: null,
    toBow: null,
    toStern: null,
    toPort: null,
    toStarboard: null,
    draughtDm: null,
    destination: null,
    eta: null,
    ...over,
  };
}
