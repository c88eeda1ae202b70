/**
 * The cap ledger: deliveries turned into barrels in each laden scenario and summed per month
 * and per 12 months beside the cap. A delivery measured by its draught change counts its
 * low / mid / high tonnes (hull fullness and draught rounding, see volume.ts) in the low /
 * mid / high scenario; one without a usable draught change counts its estimated deadweight
 * times the scenario's laden fraction (the UN Panel of Experts' one third, one half and 90
 * per cent, and the user's own). A delivery with no dimensions is listed, not summed.
 */
import type { Delivery } from "./deliveries.js";

export interface Scenario {
  name: string;
  /** Laden fraction of deadweight, for deliveries sized by capacity. */
  fraction: number;
  /** Which draught-band estimate (0 low, 1 mid, 2 high) deliveries sized by draught count. */
  band: 0 | 1 | 2;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "low", fraction: 1 / 3, band: 0 },
  { name: "mid", fraction: 1 / 2, band: 1 },
  { name: "high", fraction: 0.9, band: 2 },
];

export interface ScenarioTotal {
  barrels: number;
  deliveries: number;
}

export interface LedgerDelivery extends Delivery {
  /** Barrels per scenario name. */
  barrels: Record<string, number>;
}

export interface LedgerMonth {
  /** YYYY-MM (UTC). */
  month: string;
  scenarios: Record<string, ScenarioTotal>;
  /** The 12 months ending with this one. */
  rolling12: Record<string, ScenarioTotal>;
}

export interface Ledger {
  /** The cap in barrels per year. */
  cap: number;
  capItem: string;
  capSource: string;
  from: string;
  to: string;
  product: string;
  barrelsPerTonne: number;
  /** low, mid, high (and custom when set): the window's totals. */
  scenarios: Record<string, ScenarioTotal & { fraction: number; overCap: boolean; capShare: number | null }>;
  months: LedgerMonth[];
  deliveries: LedgerDelivery[];
  /** Deliveries counted but not sized (no dimensions reported). */
  unsized: number;
}

export interface LedgerOptions {
  cap: number;
  capItem: string;
  capSource: string;
  from: number;
  to: number;
  product: string;
  barrelsPerTonne: number;
  /** An extra laden fraction (`custom` scenario). */
  fraction?: number;
}

export function scenariosFor(fraction?: number): Scenario[] {
  return fraction === undefined ? [...SCENARIOS] : [...SCENARIOS, { name: "custom", fraction, band: 1 }];
}

/** Barrels a delivery counts in a scenario (0 when it could not be sized). */
export function barrelsIn(d: Delivery, s: Scenario, bblPerTonne: number): number {
  const c = d.cargo;
  if (c.method === "draught") return Math.round(c.tonnes[s.band] * bblPerTonne);
  if (c.method === "capacity") return Math.round(c.deadweightT * s.fraction * bblPerTonne);
  return 0;
}

const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);

/** Months from `from`'s to the one before `to`'s end, YYYY-MM. */
function monthsBetween(from: number, to: number): string[] {
  const out: string[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const start = Date.UTC(y, m, 1);
    if (start >= to) return out;
    out.push(new Date(start).toISOString().slice(0, 7));
    [y, m] = m === 11 ? [y + 1, 0] : [y, m + 1];
  }
}

const empty = (names: string[]): Record<string, ScenarioTotal> =>
  Object.fromEntries(names.map((n) => [n, { barrels: 0, deliveries: 0 }]));

export function buildLedger(all: Delivery[], o: LedgerOptions): Ledger {
  const scenarios = scenariosFor(o.fraction);
  const names = scenarios.map((s) => s.name);
  const deliveries: LedgerDelivery[] = all
    .filter((d) => d.t >= o.from && d.t < o.to)
    .map((d) => ({
      ...d,
      barrels: Object.fromEntries(scenarios.map((s) => [s.name, barrelsIn(d, s, o.barrelsPerTonne)])),
    }));
  const perMonth = new Map(monthsBetween(o.from, o.to).map((m) => [m, empty(names)]));
  for (const d of deliveries) {
    if (d.cargo.method === "unknown") continue;
    const m = perMonth.get(monthOf(d.t));
    if (m === undefined) continue;
    for (const n of names) {
      m[n].barrels += d.barrels[n];
      m[n].deliveries += 1;
    }
  }
  const keys = [...perMonth.keys()];
  const months: LedgerMonth[] = keys.map((month, i) => {
    const rolling12 = empty(names);
    for (const k of keys.slice(Math.max(0, i - 11), i + 1)) {
      for (const n of names) {
        rolling12[n].barrels += perMonth.get(k)![n].barrels;
        rolling12[n].deliveries += perMonth.get(k)![n].deliveries;
      }
    }
    return { month, scenarios: perMonth.get(month)!, rolling12 };
  });
  const totals = Object.fromEntries(
    scenarios.map((s) => {
      const barrels = months.reduce((a, m) => a + m.scenarios[s.name].barrels, 0);
      const count = months.reduce((a, m) => a + m.scenarios[s.name].deliveries, 0);
      return [
        s.name,
        {
          fraction: s.fraction,
          barrels,
          deliveries: count,
          overCap: barrels > o.cap,
          capShare: o.cap > 0 ? Math.round((barrels / o.cap) * 10_000) / 10_000 : null,
        },
      ];
    }),
  );
  return {
    cap: o.cap,
    capItem: o.capItem,
    capSource: o.capSource,
    from: new Date(o.from).toISOString(),
    to: new Date(o.to).toISOString(),
    product: o.product,
    barrelsPerTonne: o.barrelsPerTonne,
    scenarios: totals,
    months,
    deliveries,
    unsized: deliveries.filter((d) => d.cargo.method === "unknown").length,
  };
}
