/**
 * Risk scores: "which ships first, and why?". Every vessel gets a score from 0 to 100,
 * the sum of the points its reasons earn under the profile's rules (risk/config.ts),
 * each reason with its weight and evidence: list entries, event ids, the link it
 * inherited through. Findings count alone; context (rules marked so, open-registry flags)
 * counts only beside a finding or an inherited link, and is shown with 0 points otherwise,
 * so a flag of convenience or a passage through a transfer area alone ranks no vessel
 * above one with nothing. Service work (a tug alongside) counts for neither ship.
 * Network: after the own scores, a vessel that met another (through the events of the
 * rules in network.via) inherits share x the riskiest partner's own score, one hop only,
 * so risk does not echo back and forth.
 */
import type { Event } from "../model/event.js";
import { flagOfMmsi, midOf } from "../model/mid.js";
import type { FlagRisk } from "../screen/flags.js";
import type { Matcher } from "../screen/matcher.js";
import { type Condition, conditionsOf, type EventRule, type RiskConfig } from "./config.js";

export interface RiskVessel {
  mmsi: number;
  /** The latest identity it broadcast. */
  name: string | null;
  imo: number | null;
  /** The ship type it declares lately (null: none). */
  shipType?: number | null;
  /** Every name and IMO it has broadcast (identity history), the latest among them. */
  names?: readonly string[];
  imos?: readonly number[];
}

export interface Link {
  partner: number;
  partnerName: string | null;
  event: string;
  partnerScore: number;
}

export interface Reason {
  rule: string;
  points: number;
  why: string;
  /** Why a reason that applies earns nothing here (context without a finding, service craft at work). */
  uncounted?: string;
  /** Event ids, list entries ("OFAC SDN SDN-23163"), the matched name, the link. */
  events?: string[];
  lists?: string[];
  matched?: { name: string; listed: string; score: number };
  link?: Link;
}

export interface RiskRow extends Omit<RiskVessel, "names" | "imos"> {
  score: number;
  /** Score before the network share. */
  own: number;
  reasons: Reason[];
}

const cap = (n: number) => Math.min(100, Math.round(n));

/**
 * Attributes derived from an event's own, for rules to test: draughtChangeM, the largest
 * change between the draughts reported before and after an encounter (cargo moved).
 */
function attribute(e: Event, name: string): unknown {
  if (name === "draughtChangeM") {
    const before = e.attributes.draughtBefore;
    const after = e.attributes.draughtAfter;
    if (!Array.isArray(before) || !Array.isArray(after)) return undefined;
    let most: number | undefined;
    for (let i = 0; i < before.length; i++) {
      const [b, a] = [before[i], after[i]];
      if (typeof b === "number" && typeof a === "number") most = Math.max(most ?? 0, Math.abs(a - b));
    }
    return most === undefined ? undefined : Math.round(most * 100) / 100;
  }
  return e.attributes[name];
}

function holds(e: Event, w: Condition): boolean {
  const v = attribute(e, w.attribute);
  if (w.equals !== undefined) return v === w.equals;
  if (typeof v !== "number") return false;
  return w.below !== undefined ? v < w.below : v >= (w.atLeast as number);
}

export function matches(e: Event, r: EventRule): boolean {
  return e.kind === r.kind && conditionsOf(r).every((w) => holds(e, w));
}

function isServiceType(t: unknown, c: RiskConfig): boolean {
  return typeof t === "number" && c.serviceCraft.types.some(([a, b]) => t >= a && t <= b);
}

/**
 * Service work: the vessel declares a service type, or a ship in the event did when it
 * happened (an encounter's shipTypes): a tug alongside is no transfer for either ship.
 */
function serviceWork(v: RiskVessel, e: Event, c: RiskConfig): number | null {
  if (isServiceType(v.shipType, c)) return v.shipType as number;
  const types = e.attributes.shipTypes;
  if (!Array.isArray(types)) return null;
  const t = types.find((x) => isServiceType(x, c));
  return t === undefined ? null : (t as number);
}

/** A vessel's reasons: findings (count alone) and context (counts only beside a finding). */
interface Own {
  findings: Reason[];
  context: Reason[];
  /** Reasons that apply but earn nothing whatever else is found (service work). */
  idle: Reason[];
}

function ownReasons(
  v: RiskVessel,
  events: readonly Event[],
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
  c: RiskConfig,
): Own {
  const own: Own = { findings: [], context: [], idle: [] };
  const reasons = own.findings;
  // Identities the vessel showed: its latest, its identity history, and those its events recorded.
  const imos = new Set<number>([...(v.imo !== null ? [v.imo] : []), ...(v.imos ?? [])]);
  const names = new Set<string>([...(v.name !== null ? [v.name] : []), ...(v.names ?? [])]);
  for (const e of events)
    for (const ev of e.vessels)
      if (ev.mmsi === v.mmsi) {
        if (ev.imo !== undefined) imos.add(ev.imo);
        if (ev.name !== undefined) names.add(ev.name);
      }
  const exact = [
    ...matcher.byMmsiNumber(v.mmsi),
    ...[...imos].sort((a, b) => a - b).flatMap((i) => matcher.byImoNumber(i)),
  ];
  if (exact.length > 0) {
    const lists = [...new Set(exact.map((h) => `${h.entry.list} ${h.entry.id}`))].sort();
    reasons.push({ rule: "listed", points: c.listed.weight, why: c.listed.why, lists });
  } else {
    let best: Reason | null = null;
    for (const name of [...names].sort()) {
      const hits = matcher.byName(name);
      const h = hits[0];
      if (h && (best === null || h.score > (best.matched?.score ?? 0))) {
        const tied = hits.filter((x) => x.score === h.score).map((x) => `${x.entry.list} ${x.entry.id}`);
        best = {
          rule: "name_match",
          points: Math.round(c.nameMatch.weight * h.score),
          why: c.nameMatch.why,
          lists: [...new Set(tied)].sort(),
          matched: { name, listed: h.matched, score: h.score },
        };
      }
    }
    if (best) reasons.push(best);
  }
  const mid = midOf(v.mmsi);
  const flag = flagOfMmsi(v.mmsi);
  if (mid !== null && flag === null)
    reasons.push({
      rule: "mid_unallocated",
      points: c.midUnallocated.weight,
      why: `${c.midUnallocated.why} (MID ${mid})`,
    });
  const fr = flag === null ? undefined : flags.get(flag);
  if (fr)
    (c.context.flagKinds.includes(fr.kind) ? own.context : reasons).push({
      rule: "flag",
      points: fr.weight,
      why: `${c.flagWhy}: ${fr.flag}: ${fr.reason}`,
    });
  for (const r of c.events) {
    const hits = events.filter((e) => matches(e, r));
    const work = r.serviceWork ? hits.filter((e) => serviceWork(v, e, c) !== null) : [];
    const skip = new Set(work);
    const counted = hits.filter((e) => !skip.has(e)).map((e) => e.id);
    if (counted.length > 0)
      (r.context ? own.context : reasons).push({
        rule: r.id,
        points: Math.min(r.max, r.weight * counted.length),
        why: r.why,
        events: counted,
      });
    if (work.length > 0) {
      const types = [...new Set(work.map((e) => serviceWork(v, e, c)))].join(", ");
      own.idle.push({
        rule: r.id,
        points: 0,
        why: r.why,
        uncounted: `service craft (type ${types}): ${c.serviceCraft.why}`,
        events: work.map((e) => e.id),
      });
    }
  }
  return own;
}

const sum = (rs: readonly Reason[]) => rs.reduce((s, r) => s + r.points, 0);

const byPoints = (a: Reason, b: Reason) => b.points - a.points || a.rule.localeCompare(b.rule);

/** Scores every vessel; rows by score, then MMSI. Events are those in the window considered. */
export function scoreVessels(
  vessels: readonly RiskVessel[],
  events: readonly Event[],
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
  c: RiskConfig,
): RiskRow[] {
  const byVessel = new Map<number, Event[]>();
  const sorted = [...events].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  for (const e of sorted)
    for (const v of e.vessels) {
      const l = byVessel.get(v.mmsi);
      if (l) l.push(e);
      else byVessel.set(v.mmsi, [e]);
    }
  const rows = new Map<number, RiskRow & { found: number; own_: Own; vessel: RiskVessel }>();
  // Rows keep what the caller knows of the vessel (positions, times seen...), histories aside.
  for (const v of vessels) {
    const o = ownReasons(v, byVessel.get(v.mmsi) ?? [], matcher, flags, c);
    const found = sum(o.findings);
    const own = cap(found + (found > 0 ? sum(o.context) : 0));
    const { names: _n, imos: _i, ...seen } = v;
    rows.set(v.mmsi, {
      ...seen,
      score: own,
      own,
      reasons: [],
      found,
      own_: o,
      vessel: v,
    });
  }
  const via = c.events.filter((r) => c.network.via.includes(r.id));
  const out: RiskRow[] = [];
  for (const row of rows.values()) {
    let best: Link | null = null;
    for (const e of byVessel.get(row.mmsi) ?? []) {
      if (!via.some((r) => matches(e, r) && !(r.serviceWork && serviceWork(row.vessel, e, c) !== null)))
        continue;
      for (const p of e.vessels) {
        const partner = rows.get(p.mmsi);
        if (p.mmsi === row.mmsi || !partner) continue;
        if (
          best === null ||
          partner.own > best.partnerScore ||
          (partner.own === best.partnerScore && p.mmsi < best.partner)
        )
          best = { partner: p.mmsi, partnerName: partner.name, event: e.id, partnerScore: partner.own };
      }
    }
    const points =
      best === null ? 0 : Math.round(Math.min(c.network.max, c.network.share * best.partnerScore));
    const reasons = [...row.own_.findings];
    if (best !== null && points > 0)
      reasons.push({ rule: "network", points, why: c.network.why, link: best });
    // Context counts beside a finding of its own or an inherited one.
    const anything = row.found + points > 0;
    for (const r of row.own_.context)
      reasons.push(anything ? r : { ...r, points: 0, uncounted: c.context.why });
    reasons.push(...row.own_.idle);
    const { found: _f, own_: _o, vessel: _v, ...kept } = row;
    out.push({ ...kept, score: cap(sum(reasons)), reasons: reasons.sort(byPoints) });
  }
  return out.sort((a, b) => b.score - a.score || a.mmsi - b.mmsi);
}
