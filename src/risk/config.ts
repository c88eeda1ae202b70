/**
 * The risk rules of a profile (profiles/NAME/risk.json): weights, caps and reasons, all
 * in one documented file. A malformed file is an error naming the file and the field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EVENT_KINDS, type EventKind } from "../model/event.js";
import { profileDir } from "../profile/load.js";

export interface WeightRule {
  weight: number;
  why: string;
}

/** A test on one attribute of an event (or a derived one, risk/score.ts): equal, below, or at least. */
export interface Condition {
  attribute: string;
  equals?: string | number | boolean;
  below?: number;
  atLeast?: number;
}

export interface EventRule {
  id: string;
  kind: EventKind;
  /** When set, only events whose attributes[attribute] equals `equals` (shorthand for one condition). */
  attribute?: string;
  equals?: string | number | boolean;
  /** Every condition must hold. */
  where?: Condition[];
  weight: number;
  max: number;
  why: string;
  /** Context, not a finding: counts only for a vessel with a finding of its own. */
  context?: boolean;
  /** What service craft do as their work: not counted for a vessel declaring a service type. */
  serviceWork?: boolean;
}

export interface RiskConfig {
  listed: WeightRule;
  nameMatch: WeightRule;
  midUnallocated: WeightRule;
  flagWhy: string;
  /** Flag kinds (flags.csv) that are context, not findings, and why. */
  context: { flagKinds: string[]; why: string };
  /** Ship types (inclusive ranges) whose declared work is going alongside other ships. */
  serviceCraft: { types: [number, number][]; why: string };
  events: EventRule[];
  /** `via`: the event rules whose events pass risk on (rule ids). */
  network: { share: number; max: number; via: string[]; why: string };
}

function check(cond: boolean, file: string, what: string): void {
  if (!cond) throw new Error(`${file}: ${what}`);
}

/** The conditions of a rule, its `attribute`/`equals` shorthand included. */
export function conditionsOf(r: EventRule): Condition[] {
  const one = r.attribute === undefined ? [] : [{ attribute: r.attribute, equals: r.equals }];
  return [...one, ...(r.where ?? [])];
}

export function loadRiskConfig(profile: string): RiskConfig {
  const file = join(profileDir(profile), "risk.json");
  const c = JSON.parse(readFileSync(file, "utf8")) as RiskConfig;
  const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  for (const k of ["listed", "nameMatch", "midUnallocated"] as const)
    check(num(c[k]?.weight) && typeof c[k]?.why === "string", file, `${k} needs a weight and a why`);
  check(
    Array.isArray(c.context?.flagKinds) && typeof c.context.why === "string",
    file,
    "context needs flagKinds and a why",
  );
  check(
    Array.isArray(c.serviceCraft?.types) &&
      c.serviceCraft.types.every((t) => Array.isArray(t) && t.length === 2 && num(t[0]) && t[0] <= t[1]) &&
      typeof c.serviceCraft.why === "string",
    file,
    "serviceCraft needs types ([from, to] ranges) and a why",
  );
  check(Array.isArray(c.events), file, "events must be a list");
  const ids = new Set<string>();
  for (const r of c.events) {
    check(typeof r.id === "string" && !ids.has(r.id), file, `event rule id '${r.id}' missing or repeated`);
    ids.add(r.id);
    check(EVENT_KINDS.includes(r.kind), file, `event rule ${r.id}: unknown kind '${r.kind}'`);
    check(
      num(r.weight) && num(r.max) && typeof r.why === "string",
      file,
      `event rule ${r.id} needs weight, max and why`,
    );
    for (const w of conditionsOf(r))
      check(
        typeof w.attribute === "string" &&
          [w.equals, w.below, w.atLeast].filter((x) => x !== undefined).length === 1 &&
          (w.below === undefined || typeof w.below === "number") &&
          (w.atLeast === undefined || typeof w.atLeast === "number"),
        file,
        `event rule ${r.id}: a condition needs an attribute and one of equals, below, atLeast`,
      );
  }
  check(
    num(c.network?.share) && c.network.share <= 1 && num(c.network.max),
    file,
    "network needs share (0-1) and max",
  );
  for (const k of c.network.via) check(ids.has(k), file, `network.via: unknown event rule '${k}'`);
  return c;
}
