/**
 * Evaders drawn from the profile's watchlist, disguised the ways sanctions reporting
 * describes (UN Panel of Experts reports, OFAC advisories): a listed IMO broadcast under a
 * new name, a listed name broadcast with an IMO that is not the listed one, and a listed
 * ship under a flag other than the list's. Which entries and which disguise follow the
 * seed; the behaviour each then follows is world.ts's.
 */
import { flagOfMmsi } from "../model/mid.js";
import type { ListedMode, TruthEvader } from "../model/truth.js";
import type { WatchEntry } from "../model/watchlist.js";
import { profileWatchlist } from "../screen/lists.js";
import type { Builder } from "./builder.js";
import { COVER_FLAGS, makeImo, makeName } from "./identity.js";
import type { Ship } from "./ship.js";

export const LISTED_MODES: readonly ListedMode[] = [
  "listed_imo_new_name",
  "listed_name_wrong_imo",
  "reflagged",
];

/** Entries a simulated ship can wear: an IMO, and a name AIS can carry (20 six-bit characters). */
function wearable(entries: readonly WatchEntry[]): WatchEntry[] {
  return entries.filter((e) => e.imo !== null && /^[A-Z0-9 .-]{1,20}$/.test(e.name));
}

let cached: WatchEntry[] | null = null;

/** The dprk profile's snapshot, the entries a ship can wear, in file order. */
export function listedCandidates(): WatchEntry[] {
  cached ??= wearable(profileWatchlist("dprk"));
  return cached;
}

/**
 * `n` new ships, each a different listed entry in the k-th disguise (modes in turn), with
 * an MMSI under a flag of convenience other than the list's. Each is marked an evader;
 * `why` says what it does.
 */
export function listedShips(b: Builder, n: number, shipType: number, draught: number): Ship[] {
  const pool = [...listedCandidates()];
  const out: Ship[] = [];
  while (out.length < n && pool.length > 0) {
    const entry = pool.splice(b.rng.int(0, pool.length - 1), 1)[0];
    const mode = LISTED_MODES[out.length % LISTED_MODES.length];
    const imo = entry.imo as number;
    if (mode !== "listed_name_wrong_imo" && !b.claim(imo)) continue;
    const flags = COVER_FLAGS.filter((mid) => flagOfMmsi(mid * 1_000_000) !== entry.flag);
    const ship = b.newShip({ mid: b.rng.pick(flags), shipType, draught });
    const id = ship.identities[0];
    if (mode === "listed_imo_new_name") {
      id.imo = imo;
      while (id.name === entry.name) id.name = makeName(b.rng);
    } else if (mode === "listed_name_wrong_imo") {
      id.name = entry.name;
      // Another valid IMO: what a ship claiming to be some other hull would send.
      while (id.imo === imo) id.imo = b.unique(() => makeImo(b.rng));
    } else {
      id.imo = imo;
      id.name = entry.name;
    }
    const listed: TruthEvader["listed"] = { list: entry.list, id: entry.id, name: entry.name, imo, mode };
    b.evader(ship, `listed (${mode})`, listed);
    out.push(ship);
  }
  return out;
}
