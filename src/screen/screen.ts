/**
 * Screening one vessel: "may we deal with this ship?". From the identifiers given (IMO,
 * MMSI, name, flag) and, with a store, every identity the store has seen for them (the
 * MMSIs that sent the IMO; for a name alone, the vessels whose latest name matches), it
 * finds watchlist hits (exact IMO and MMSI, current and former; names by fuzzy score),
 * runs the identity checks, and summarises the vessel's detected activity.
 */
import type { Event } from "../model/event.js";
import { listEvents } from "../store/events.js";
import { type IdentityRecord, identityHistory, mmsisForImo, vesselsSeen } from "../store/queries.js";
import type { Store } from "../store/store.js";
import type { FlagRisk } from "./flags.js";
import { type IdentityCheck, imoCheck, mmsiChecks, reflagCheck } from "./identity-checks.js";
import type { ListHit, Matcher } from "./matcher.js";
import { NameIndex } from "./name-index.js";

export interface ScreenQuery {
  imo?: number;
  mmsi?: number;
  name?: string;
  /** ISO alpha-2 flag the vessel is said to fly. */
  flag?: string;
}

export type Verdict = "listed" | "possible" | "none";

export interface ScreenHit {
  list: string;
  id: string;
  name: string;
  imo: number | null;
  mmsis: number[];
  programme: string;
  listed: string | null;
  /** The flag the list gives, if any. */
  flag: string | null;
  on: ListHit["on"];
  score: number;
  matched: string;
  kind?: string;
  /** Set when the hit came through the store (an identifier or name the vessel broadcast). */
  via?: string;
}

export interface Encounter {
  event: string;
  start: number;
  end: number;
  partner: number;
  partnerName: string | null;
  /** List entries ("OFAC SDN SDN-23163") the partner's IMO or MMSI is on. */
  partnerListed: string[];
  /** Gap events of the partner within a day of the encounter. */
  partnerDark: string[];
}

export interface Activity {
  /** Event count per kind. */
  events: Record<string, number>;
  darkHours: number;
  encounters: Encounter[];
  /** Calls at ports of the sanctioned state (the flag table's "state" rows: KP for the DPRK profile). */
  sanctionedPortCalls: { event: string; port: string; country: string; start: number; end: number }[];
  loitering: string[];
  spoofing: string[];
}

export interface ScreenResult {
  query: ScreenQuery;
  verdict: Verdict;
  hits: ScreenHit[];
  checks: IdentityCheck[];
  /** Every identity the store has seen for the vessel's MMSIs (and the MMSIs that sent its IMO). */
  history: IdentityRecord[];
  /** IMOs broadcast by more than one MMSI. */
  sharedImos: { imo: number; mmsis: number[] }[];
  activity: Activity | null;
}

const DAY_MS = 86_400_000;

function hit(h: ListHit, via?: string): ScreenHit {
  const e = h.entry;
  return {
    list: e.list,
    id: e.id,
    name: e.name,
    imo: e.imo,
    mmsis: e.mmsis,
    programme: e.programme,
    listed: e.listed,
    flag: e.flag,
    on: h.on,
    score: h.score,
    matched: h.matched,
    ...(h.kind ? { kind: h.kind } : {}),
    ...(via ? { via } : {}),
  };
}

/** Merges hits per list entry: an exact hit beats a name, a higher score a lower. */
function mergeHits(hits: ScreenHit[]): ScreenHit[] {
  const best = new Map<string, ScreenHit>();
  const rank = (h: ScreenHit) => (h.on === "name" ? 0 : 2) + h.score;
  for (const h of hits) {
    const k = `${h.list}\u0000${h.id}`;
    const prev = best.get(k);
    if (!prev || rank(h) > rank(prev)) best.set(k, h);
  }
  return [...best.values()].sort(
    (a, b) => rank(b) - rank(a) || a.list.localeCompare(b.list) || a.id.localeCompare(b.id),
  );
}

/** Reflag checks of each MMSI against the flags its exact hits' list entries give, those not in `have` yet. */
function reflagChecks(mmsis: Iterable<number>, hits: ScreenHit[], have: IdentityCheck[]): IdentityCheck[] {
  const out: IdentityCheck[] = [];
  for (const m of mmsis)
    for (const h of hits) {
      const c = h.on !== "name" && h.flag !== null ? reflagCheck(m, h.flag, `${h.list} ${h.id}`) : null;
      if (c && !have.some((x) => x.detail === c.detail) && !out.some((x) => x.detail === c.detail))
        out.push(c);
    }
  return out;
}

function verdictOf(hits: ScreenHit[]): Verdict {
  if (hits.some((h) => h.on !== "name")) return "listed";
  return hits.length > 0 ? "possible" : "none";
}

/** Screening from the identifiers alone (no store): list hits and identifier checks. */
export function screenOffline(
  q: ScreenQuery,
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
): ScreenResult {
  const hits: ScreenHit[] = [];
  if (q.imo !== undefined) hits.push(...matcher.byImoNumber(q.imo).map((h) => hit(h)));
  if (q.mmsi !== undefined) hits.push(...matcher.byMmsiNumber(q.mmsi).map((h) => hit(h)));
  if (q.name !== undefined) hits.push(...matcher.byName(q.name).map((h) => hit(h)));
  const checks: IdentityCheck[] = [];
  if (q.imo !== undefined) checks.push(imoCheck(q.imo));
  if (q.mmsi !== undefined) checks.push(...mmsiChecks(q.mmsi, flags, q.flag ?? null));
  const merged = mergeHits(hits);
  if (q.mmsi !== undefined) checks.push(...reflagChecks([q.mmsi], merged, checks));
  return {
    query: q,
    verdict: verdictOf(merged),
    hits: merged,
    checks,
    history: [],
    sharedImos: [],
    activity: null,
  };
}

/** Full screening: the offline checks, then everything the store knows about the vessel. */
export async function screen(
  q: ScreenQuery,
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
  store: Store,
): Promise<ScreenResult> {
  const base = screenOffline(q, matcher, flags);
  const mmsis = new Set<number>(q.mmsi !== undefined ? [q.mmsi] : []);
  // Why the store's other MMSIs belong to this vessel: they sent its IMO, or (a name alone
  // given) their latest name matches it.
  const found = new Map<number, string>();
  if (q.imo !== undefined)
    for (const m of await mmsisForImo(store, q.imo)) found.set(m, `broadcast IMO ${q.imo}`);
  if (q.name !== undefined && q.imo === undefined && q.mmsi === undefined) {
    const names = new NameIndex<number>();
    for (const v of await vesselsSeen(store))
      if (v.name !== null) names.add(v.mmsi, [{ raw: v.name, kind: "name" }]);
    for (const h of names.search(q.name))
      if (!found.has(h.item)) found.set(h.item, `broadcasts the name ${h.matched}`);
  }
  for (const m of found.keys()) mmsis.add(m);
  const history: IdentityRecord[] = [];
  for (const m of [...mmsis].sort((a, b) => a - b)) history.push(...(await identityHistory(store, m)));

  const hits = [...base.hits];
  const checks = [...base.checks];
  const seenImos = new Set<number>(q.imo !== undefined ? [q.imo] : []);
  const seenNames = new Set<string>(q.name !== undefined ? [q.name] : []);
  for (const m of mmsis) {
    if (m === q.mmsi) continue;
    hits.push(...matcher.byMmsiNumber(m).map((h) => hit(h, `MMSI ${m} ${found.get(m)}`)));
    checks.push(...mmsiChecks(m, flags, q.flag ?? null));
  }
  for (const r of history) {
    if (r.imo !== null && !seenImos.has(r.imo)) {
      seenImos.add(r.imo);
      checks.push(imoCheck(r.imo));
      hits.push(...matcher.byImoNumber(r.imo).map((h) => hit(h, `MMSI ${r.mmsi} broadcast IMO ${r.imo}`)));
    }
    if (r.name !== null && !seenNames.has(r.name)) {
      seenNames.add(r.name);
      hits.push(...matcher.byName(r.name).map((h) => hit(h, `MMSI ${r.mmsi} broadcast the name ${r.name}`)));
    }
  }
  const sharedImos: ScreenResult["sharedImos"] = [];
  for (const imo of [...seenImos].sort((a, b) => a - b)) {
    const senders = await mmsisForImo(store, imo);
    if (senders.length > 1) sharedImos.push({ imo, mmsis: senders });
  }
  const merged = mergeHits(hits);
  checks.push(
    ...reflagChecks(
      [...mmsis].sort((a, b) => a - b),
      merged,
      checks,
    ),
  );
  return {
    query: q,
    verdict: verdictOf(merged),
    hits: merged,
    checks,
    history,
    sharedImos,
    activity: await activity(
      store,
      [...mmsis].sort((a, b) => a - b),
      matcher,
      flags,
    ),
  };
}

async function activity(
  store: Store,
  mmsis: number[],
  matcher: Matcher,
  flags: ReadonlyMap<string, FlagRisk>,
): Promise<Activity> {
  const sanctioned = new Set([...flags.values()].filter((f) => f.kind === "state").map((f) => f.iso2));
  const events = new Map<string, Event>();
  for (const m of mmsis) for (const e of await listEvents(store, { mmsi: m })) events.set(e.id, e);
  const sorted = [...events.values()].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  const out: Activity = {
    events: {},
    darkHours: 0,
    encounters: [],
    sanctionedPortCalls: [],
    loitering: [],
    spoofing: [],
  };
  const own = new Set(mmsis);
  for (const e of sorted) {
    out.events[e.kind] = (out.events[e.kind] ?? 0) + 1;
    if (e.kind === "gap") out.darkHours += Number(e.attributes.durationH ?? 0);
    else if (e.kind === "loitering") out.loitering.push(e.id);
    else if (e.kind === "spoofing") out.spoofing.push(e.id);
    else if (e.kind === "port_call" && sanctioned.has(String(e.attributes.country))) {
      const [port, country] = [String(e.attributes.port), String(e.attributes.country)];
      out.sanctionedPortCalls.push({ event: e.id, port, country, start: e.start, end: e.end });
    } else if (e.kind === "encounter") {
      for (const v of e.vessels) {
        if (own.has(v.mmsi)) continue;
        const listed = [
          ...matcher.byMmsiNumber(v.mmsi),
          ...(v.imo !== undefined ? matcher.byImoNumber(v.imo) : []),
        ].map((h) => `${h.entry.list} ${h.entry.id}`);
        const dark = await listEvents(store, {
          mmsi: v.mmsi,
          kinds: ["gap"],
          from: e.start - DAY_MS,
          to: e.end + DAY_MS,
        });
        out.encounters.push({
          event: e.id,
          start: e.start,
          end: e.end,
          partner: v.mmsi,
          partnerName: v.name ?? null,
          partnerListed: [...new Set(listed)].sort(),
          partnerDark: dark.map((d) => d.id),
        });
      }
    }
  }
  out.darkHours = Math.round(out.darkHours * 100) / 100;
  return out;
}
