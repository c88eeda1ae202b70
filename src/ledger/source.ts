/** The ledger's reads from a store: events, tracks, draughts and hull facts, each vessel's once. */
import type { Port } from "../geo/zones.js";
import { listEvents } from "../store/events.js";
import {
  type DraughtReport,
  draughtReports,
  latestStatic,
  type TimeWindow,
  track,
} from "../store/queries.js";
import type { Store } from "../store/store.js";
import type { LedgerSource, VesselFacts } from "./deliveries.js";

export async function storeSource(store: Store, ports: Port[], w: TimeWindow): Promise<LedgerSource> {
  const events = (await listEvents(store, w)).filter((e) => e.status !== "retracted");
  const facts = new Map<number, Promise<VesselFacts | null>>();
  const draughts = new Map<number, Promise<DraughtReport[]>>();
  return {
    events,
    ports,
    vessel(mmsi) {
      let f = facts.get(mmsi);
      if (f === undefined) {
        f = latestStatic(store, mmsi).then((s) =>
          s === null
            ? null
            : {
                mmsi,
                imo: s.imo,
                name: s.name,
                shipType: s.shipType,
                lengthM: (s.toBow ?? 0) + (s.toStern ?? 0),
                beamM: (s.toPort ?? 0) + (s.toStarboard ?? 0),
              },
        );
        facts.set(mmsi, f);
      }
      return f;
    },
    track: (mmsi, from, to) => track(store, mmsi, { from, to }),
    draughts(mmsi) {
      let d = draughts.get(mmsi);
      if (d === undefined) {
        d = draughtReports(store, mmsi);
        draughts.set(mmsi, d);
      }
      return d;
    },
  };
}
