/**
 * Risk scores: "which ships first, and why?". Every vessel gets a score from 0 to 100,
 * the sum of the points its reasons earn under the profile's rules (risk/config.ts),
 * each reason with its weight and evidence: list entries, event ids, the link it
 * inherited through. Network: after the own scores, a vessel that met another (through
 * the event kinds in network.via) inherits share x the riskiest partner's own score, one
 * hop only, so risk does not echo back and forth.
 */
import type { Event } from "../model/event.js";
import { flagOfMmsi, midOf } from "../model/mid.js";
import type { FlagRisk } from "../screen/flags.js";
import type { Matcher } from "../screen/matcher.js";
import type { RiskConfig } from "./config.js";

export interface RiskVessel {
  mmsi: number;
  name: string | null;
  imo: number | null;
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
  /** Event ids, list entries ("OFAC SDN SDN-23163"), the matched name, the link. */
  events?: string[];
  lists?: string[];
  matched?: { name: string; listed: string; score: number };
  link?: Link;
}

export interface RiskRow extends RiskVessel {
  score: number;
  /** Score before the network share. */
  own: number;
  reasons: Reason[];
}

const cap = (n: number) => Math.min(100, Math.round(n));

function ownReasons(
  v: RiskVessel,
  events: readonly Event[],
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
  c: RiskConfig,
): Reason[] {
  const reasons: Reason[] = [];
  // Identities the vessel showed: its latest, and those its events recorded.
  const imos = new Set<number>(v.imo !== null ? [v.imo] : []);
  const names = new Set<string>(v.name !== null ? [v.name] : []);
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
  if (fr) reasons.push({ rule: "flag", points: fr.weight, why: `${c.flagWhy}: ${fr.flag}: ${fr.reason}` });
  for (const r of c.events) {
    const ids = events
      .filter(
        (e) => e.kind === r.kind && (r.attribute === undefined || e.attributes[r.attribute] === r.equals),
      )
      .map((e) => e.id);
    if (ids.length > 0)
      reasons.push({ rule: r.id, points: Math.min(r.max, r.weight * ids.length), why: r.why, events: ids });
  }
  return reasons;
}

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
  const rows = new Map<number, RiskRow>();
  for (const v of vessels) {
    const reasons = ownReasons(v, byVessel.get(v.mmsi) ?? [], matcher, flags, c).sort(byPoints);
    const own = cap(reasons.reduce((s, r) => s + r.points, 0));
    rows.set(v.mmsi, { ...v, score: own, own, reasons });
  }
  const via = new Set(c.network.via);
  for (const row of rows.values()) {
    let best: Link | null = null;
    for (const e of byVessel.get(row.mmsi) ?? []) {
      if (!via.has(e.kind)) continue;
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
    if (best !== null && points > 0) {
      row.reasons.push({ rule: "network", points, why: c.network.why, link: best });
      row.reasons.sort(byPoints);
      row.score = cap(row.own + points);
    }
  }
  return [...rows.values()].sort((a, b) => b.score - a.score || a.mmsi - b.mmsi);
}
