/**
 * The ledger scored against the simulator's deliveries: each true delivery matched to the
 * ledger's delivery by the same vessel between its loading and 12 h after its arrival;
 * per scenario, the barrels counted on the matched ones against the barrels delivered, and
 * whether the truth lies inside each delivery's low-high band.
 */
import type { ExportVoyage } from "../ledger/exports.js";
import type { Ledger } from "../ledger/ledger.js";
import type { TruthDelivery, TruthEvent } from "../model/truth.js";

const SLACK_MS = 12 * 3_600_000;

export interface LedgerScore {
  truth: number;
  matched: number;
  missed: string[];
  /** Ledger deliveries no true delivery explains (ids). */
  false: string[];
  truthBarrels: number;
  /** Per scenario: the ledger's barrels (all deliveries) and its error against the truth, a fraction. */
  scenarios: Record<string, { barrels: number; error: number }>;
  /** Matched deliveries whose true barrels fall inside the ledger's low-high band. */
  inBand: number;
}

export function scoreLedger(ledger: Ledger, truth: TruthDelivery[]): LedgerScore {
  const used = new Set<string>();
  const missed: string[] = [];
  let inBand = 0;
  for (const t of truth) {
    const from = Date.parse(t.loaded) - SLACK_MS;
    const to = Date.parse(t.arrived) + SLACK_MS;
    const d = ledger.deliveries.find(
      (x) => !used.has(x.id) && x.vessel.mmsi === t.vessel.mmsi && x.t >= from && x.t <= to,
    );
    if (d === undefined) {
      missed.push(t.id);
      continue;
    }
    used.add(d.id);
    if (d.barrels.low <= t.volumeBbl && t.volumeBbl <= d.barrels.high) inBand++;
  }
  const truthBarrels = truth.reduce((a, t) => a + t.volumeBbl, 0);
  const scenarios = Object.fromEntries(
    Object.entries(ledger.scenarios).map(([name, s]) => [
      name,
      { barrels: s.barrels, error: truthBarrels > 0 ? (s.barrels - truthBarrels) / truthBarrels : 0 },
    ]),
  );
  return {
    truth: truth.length,
    matched: used.size,
    missed,
    false: ledger.deliveries.filter((d) => !used.has(d.id)).map((d) => d.id),
    truthBarrels,
    scenarios,
    inBand,
  };
}

/** Truth's export loadings: export-voyage port calls and dark calls, by the vessel's MMSI. */
export function truthExports(events: TruthEvent[]): TruthEvent[] {
  return events.filter(
    (e) =>
      (e.kind === "port_call" && e.detail?.startsWith("export voyage from")) ||
      (e.kind === "gap" && e.detail?.startsWith("dark call at")),
  );
}

/** Export voyages against the truth: a voyage matches a loading of the same vessel it left after. */
export function scoreExports(voyages: ExportVoyage[], truth: TruthEvent[]) {
  const used = new Set<string>();
  const missed: string[] = [];
  for (const t of truthExports(truth)) {
    const v = voyages.find(
      (x) =>
        !used.has(x.id) &&
        x.vessel.mmsi === t.vessels[0].mmsi &&
        Math.abs(x.left - Date.parse(t.end)) <= SLACK_MS,
    );
    if (v === undefined) missed.push(t.id);
    else used.add(v.id);
  }
  return { matched: used.size, missed, false: voyages.filter((v) => !used.has(v.id)).map((v) => v.id) };
}
