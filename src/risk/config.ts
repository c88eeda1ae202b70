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

export interface EventRule {
  id: string;
  kind: EventKind;
  /** When set, only events whose attributes[attribute] equals `equals`. */
  attribute?: string;
  equals?: string | number | boolean;
  weight: number;
  max: number;
  why: string;
}

export interface RiskConfig {
  listed: WeightRule;
  nameMatch: WeightRule;
  midUnallocated: WeightRule;
  flagWhy: string;
  events: EventRule[];
  network: { share: number; max: number; via: EventKind[]; why: string };
}

function check(cond: boolean, file: string, what: string): void {
  if (!cond) throw new Error(`${file}: ${what}`);
}

export function loadRiskConfig(profile: string): RiskConfig {
  const file = join(profileDir(profile), "risk.json");
  const c = JSON.parse(readFileSync(file, "utf8")) as RiskConfig;
  const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  for (const k of ["listed", "nameMatch", "midUnallocated"] as const)
    check(num(c[k]?.weight) && typeof c[k]?.why === "string", file, `${k} needs a weight and a why`);
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
  }
  check(
    num(c.network?.share) && c.network.share <= 1 && num(c.network.max),
    file,
    "network needs share (0-1) and max",
  );
  for (const k of c.network.via) check(EVENT_KINDS.includes(k), file, `network.via: unknown kind '${k}'`);
  return c;
}
