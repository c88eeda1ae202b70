/**
 * Builds a scenario's ships and what is true about them: ordinary trade between the
 * region's ports, the behaviours to detect (transfers, dark periods, loitering, spoofing,
 * identity changes, DPRK port calls and export voyages) and the confounders that look like
 * them. Each behaviour is one function that plans its ships' legs and writes its truth.
 * Events whose visibility depends on reception (gaps, spoofed fixes, first static reports)
 * are completed by the emitter, which knows what was heard.
 */

import { distanceM } from "../geo/distance.js";
import { isLand, shoreDistanceNm } from "../geo/land.js";
import { type Confounder, iso, type TruthDelivery, type TruthEvent } from "../model/truth.js";
import { Builder, type Pending, round1, type Silence } from "./builder.js";
import { COVER_FLAGS, MID, makeCallsign, makeName, TRADE_FLAGS } from "./identity.js";
import { listedShips } from "./listed.js";
import { offset } from "./planner.js";
import type { Port } from "./ports.js";
import { realSea, silences } from "./realsea.js";
import { inBox } from "./reception.js";
import { clearLine, type LatLon } from "./route.js";
import type { ScenarioConfig } from "./scenario.js";
import { type Fix, fixAt, inForce, type Leg, legAt, type Ship } from "./ship.js";

const H = 3_600_000;

export interface World {
  config: ScenarioConfig;
  start: number;
  end: number;
  ships: Ship[];
  events: TruthEvent[];
  confounders: Confounder[];
  pending: Pending[];
  ports: Port[];
  silences: Silence[];
  deliveries: TruthDelivery[];
  evaders: Builder["evaders"];
}

function traders(b: Builder): Ship[] {
  const trade = b.portsOf("CN", "KR", "RU");
  const out: Ship[] = [];
  for (let k = 0; k < b.config.traders; k++) {
    const tanker = b.rng.next() < 0.3;
    const ship = b.newShip({
      mid: b.rng.pick(TRADE_FLAGS),
      shipType: tanker ? 80 : 70,
      draught: round1(b.range(5, 10)),
    });
    const port = b.rng.pick(trade);
    b.trade(b.planner(ship, port.berth), port, trade, b.range(1, 30));
    out.push(ship);
  }
  return out;
}

/** Two tankers meet in open water and lie alongside; the DPRK-flagged one may be dark. */
function transfer(b: Builder, dark: boolean): void {
  const china = b.portsOf("CN");
  const dprkWest = b.ports.filter((p) => p.country === "KP" && p.lon < 127);
  const giver = b.newShip({ mid: b.rng.pick(COVER_FLAGS), shipType: 80, length: 110, draught: 7.5 });
  const taker = b.newShip({ mid: MID.dprk, shipType: 80, length: 95, draught: 3.8 });
  const from = b.rng.pick(china);
  const home = b.rng.pick(dprkWest);
  b.evader(giver, dark ? "STS giver to a dark tanker" : "STS giver");
  b.evader(taker, dark ? "dark STS taker" : "STS taker");
  const meet = b.seaPoint(dark ? 25 : 15);
  const t = b.time(24, 18);
  const hours = b.range(dark ? 5 : 3, 9);
  const pg = b.planner(giver, from.berth);
  const pt = b.planner(taker, home.berth);
  // Wait in port, sail out to arrive together, lie alongside 60 m apart drifting with the current.
  if (!pg.arriveAt(meet, t, 11, 5) || !pt.arriveAt(offset(meet, 60, 90), t, 10, 5)) {
    b.ships.splice(-2, 2);
    b.evaders.delete(giver);
    b.evaders.delete(taker);
    return;
  }
  const driftKn = b.range(0.2, 0.8);
  const driftDeg = b.range(0, 360);
  pg.drift(hours, driftKn, driftDeg);
  pt.drift(hours, driftKn, driftDeg);
  const t1 = t + hours * H;
  const tons = b.range(1500, 3000);
  const volumeBbl = Math.round(tons * 7.45);
  // The taker sinks by the cargo's weight over its waterplane (block coefficient 0.8, sea water 1.025 t/m3).
  const laden = round1(
    3.8 + tons / (1.025 * 0.8 * (taker.dims[0] + taker.dims[1]) * (taker.dims[2] + taker.dims[3])),
  );
  b.draughtChange(giver, t, t1, 4.6, meet, "unloaded at sea");
  if (dark) {
    const off = t - b.range(6, 9) * H;
    const on = t1 + b.range(3, 6) * H;
    taker.dark.push({ t0: off, t1: on });
    b.truth("loitering", [giver], t, t1, meet, { detail: "STS with a dark partner", volumeBbl });
    const gap = b.truth("gap", [taker], off, on, meet, { detail: "dark STS" });
    b.pending.push({ kind: "gap", event: gap, ship: taker, t0: off, t1: on });
    b.draughtChange(taker, t, t1, laden, meet, "loaded while dark");
  } else {
    b.truth("encounter", [giver, taker], t, t1, meet, { volumeBbl, detail: "STS transfer" });
    b.draughtChange(taker, t, t1, laden, meet, "loaded at sea");
  }
  pg.sailToPort(from, 11);
  b.trade(pg, from, china);
  pt.sailToPort(home, 10);
  b.deliveries.push({
    id: b.nextId("delivery"),
    vessel: b.vessel(taker, t),
    port: home.name,
    loaded: iso(t),
    arrived: iso(pt.clock),
    volumeBbl,
    detail: dark ? "dark STS" : "STS",
  });
  pt.portStay(home, (b.end - pt.clock) / H + 1);
}

/** A tanker drifting alone far from shore, waiting for a partner that never shows (on AIS). */
function loiterer(b: Builder): void {
  const china = b.portsOf("CN");
  const ship = b.newShip({ mid: b.rng.pick(COVER_FLAGS), shipType: 80, draught: 6 });
  const port = b.rng.pick(china);
  const p = b.planner(ship, port.berth);
  const at = b.seaPoint(25);
  const t = b.time(6, 14);
  if (!p.arriveAt(at, t, 11, 5)) return void b.ships.pop();
  b.evader(ship, "loiters waiting for a transfer");
  const hours = b.range(5, 10);
  p.drift(hours, b.range(0.2, 1.2), b.range(0, 360));
  b.truth("loitering", [ship], t, t + hours * H, at, { detail: "alone" });
  p.sailToPort(port, 11);
  b.trade(p, port, china);
}

/** A bulk carrier that switches off, calls at a DPRK port unseen, and reappears at sea laden. */
function darkExport(b: Builder): void {
  const china = b.portsOf("CN");
  const dprk = b.ports.filter((p) => p.country === "KP" && p.lon < 127);
  const ship = b.newShip({ mid: b.rng.pick(COVER_FLAGS), shipType: 70, draught: 4.5 });
  b.evader(ship, "dark DPRK port call");
  const port = b.rng.pick(china);
  const kp = b.rng.pick(dprk);
  const p = b.planner(ship, port.berth);
  p.wait(b.time(12, 24 * 8), 5);
  // Off half-way out, on again half-way back: the gap spans the whole DPRK call.
  const out = p.clock;
  p.sailToPort(kp, 10);
  const off = (out + p.clock) / 2;
  p.portStay(kp, b.range(30, 80));
  const loaded = p.clock - H;
  const back = p.clock;
  p.sailToPort(port, 10);
  const on = (back + p.clock) / 2;
  ship.dark.push({ t0: off, t1: on });
  const gap = b.truth("gap", [ship], off, on, kp.berth, { detail: `dark call at ${kp.name}` });
  b.pending.push({ kind: "gap", event: gap, ship, t0: off, t1: on });
  // Loaded in port unseen: the change first shows at sea when the transponder is back on.
  b.draughtChange(ship, off, loaded, 8.5, kp.berth, "loaded while dark");
  b.trade(p, port, china);
}

/**
 * A bulk carrier loading at a DPRK port in plain sight and sailing to China or Russia:
 * DPRK-flagged, or `listed`, a watchlist vessel in disguise.
 */
function exportVoyage(b: Builder, listed?: Ship): void {
  const dprk = b.ports.filter((p) => p.country === "KP");
  const kp = b.rng.pick(dprk);
  const buyers = b.portsOf(kp.lon < 127 ? "CN" : "RU");
  const ship = listed ?? b.newShip({ mid: MID.dprk, shipType: 70, draught: 4 });
  b.evader(ship, "DPRK export voyage");
  const p = b.planner(ship, kp.berth);
  const [s0, s1] = p.portStay(kp, b.range(12, 24 * 10));
  ship.draughts.push({ from: s1 - 2 * H, draught: 8 });
  if (s1 - Math.max(s0, b.start) >= 3 * H)
    b.truth("port_call", [ship], Math.max(s0, b.start), s1, kp.berth, {
      detail: `export voyage from ${kp.name}`,
    });
  const dest = b.rng.pick(buyers);
  p.sailToPort(dest, 9);
  b.trade(p, dest, buyers);
}

/** Watchlist vessels in disguise: odd ones export from a DPRK port, even ones trade as any bulk carrier would. */
function listedEvaders(b: Builder): void {
  const trade = b.portsOf("CN", "KR", "RU");
  for (const [k, ship] of listedShips(b, b.config.listed, 70, 4).entries()) {
    if (k % 2 === 1) exportVoyage(b, ship);
    else {
      const port = b.rng.pick(trade);
      b.trade(b.planner(ship, port.berth), port, trade, b.range(1, 30));
    }
  }
}

/** Position jumps, fixes on land, and one MMSI cloned on a second hull. */
function spoofing(b: Builder, victims: Ship[]): void {
  const f: Fix = { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 };
  const sailingAt = (ship: Ship, t: number) => {
    const leg = ship.legs[legAt(ship, t)];
    return leg.kind === "sail" && leg.t1 > t + 2 * H ? fixAt(leg, t, f) : null;
  };
  const pickSailing = (): [Ship, number, Fix] | null => {
    for (let k = 0; k < 200; k++) {
      const ship = b.rng.pick(victims);
      const t = b.time(6, 6);
      const fix = sailingAt(ship, t);
      if (fix && ship.dark.length === 0 && ship.spoofs.length === 0 && inArea(b, fix))
        return [ship, t, { ...fix }];
    }
    return null;
  };
  for (let k = 0; k < b.config.spoofJumps; k++) {
    const hit = pickSailing();
    if (!hit) continue;
    const [ship, t, at] = hit;
    const fake = offset(at, b.range(100_000, 200_000), b.range(0, 360));
    if (!inArea(b, fake)) continue;
    const t1 = t + b.range(0.7, 1.2) * H;
    ship.spoofs.push({ t0: t, t1, lat: fake.lat, lon: fake.lon });
    b.evader(ship, "spoofs its position");
    const e = b.truth("spoofing", [ship], t, t1, fake, { detail: "position jump and back" });
    b.pending.push({ kind: "spoof", event: e, ship, t0: t, t1, minHeard: 2 });
  }
  for (let k = 0; k < b.config.spoofLand; k++) {
    const hit = pickSailing();
    if (!hit) continue;
    const [ship, t, at] = hit;
    const fake = inland(b, at);
    if (!fake) continue;
    const t1 = t + b.range(1.5, 2.5) * H;
    ship.spoofs.push({ t0: t, t1, lat: fake.lat, lon: fake.lon });
    b.evader(ship, "spoofs its position");
    const e = b.truth("spoofing", [ship], t, t1, fake, { detail: "positions on land" });
    b.pending.push({ kind: "spoof", event: e, ship, t0: t, t1, minHeard: 3 });
  }
  const cloned = new Set<Ship>();
  for (let k = 0; k < b.config.clones; k++) {
    const victim = b.rng.pick(victims);
    // One spoofing behaviour per ship, as for jumps and land: findings of one MMSI close in
    // time are one episode to the detector, so a clone over a jump would be one event.
    if (victim.spoofs.length > 0 || cloned.has(victim)) continue;
    const t0 = b.time(6, 30);
    const t1 = Math.min(b.end, t0 + b.range(24, 60) * H);
    const a = b.seaPoint(15);
    const far = [t0, (t0 + t1) / 2, t1].every((t) => {
      const v = fixAt(victim.legs[legAt(victim, t)], t, f);
      return distanceM(v.lat, v.lon, a.lat, a.lon) > 300_000;
    });
    const z = b.seaPoint(15);
    if (!far || !clearLine(a, z)) continue;
    const clone = b.newShip({ mid: MID.china, shipType: victim.shipType, draught: 6 });
    // The victim's identity and draught as broadcast then: only the position gives the clone away.
    clone.identities = [{ ...inForce(victim.identities, t0), from: Number.NEGATIVE_INFINITY }];
    clone.draughts = victim.draughts;
    const p = b.planner(clone, a, t0);
    // Back and forth between two open-water points at trading speed.
    for (let there = false; p.clock < t1; there = !there) p.sailTo(there ? a : z, 11);
    clone.legs[clone.legs.length - 1].t1 = t1;
    cloned.add(victim);
    // The hull that sails under another ship's MMSI; the victim is no evader, but its MMSI is now used by one.
    b.evader(clone, "sails under a cloned MMSI");
    const e = b.truth("spoofing", [victim], t0, t1, a, { detail: "MMSI cloned on a second ship" });
    b.pending.push({ kind: "spoof", event: e, ship: clone, t0, t1, minHeard: 3 });
  }
}

/** A land point well inland near `p` (every cell within ~20 km is land), or null. */
function inland(b: Builder, p: LatLon): LatLon | null {
  for (let k = 0; k < 2000; k++) {
    const q = offset(p, b.range(50_000, 400_000), b.range(0, 360));
    const around = [0, 90, 180, 270].map((d) => offset(q, 20_000, d));
    if (isLand(q.lat, q.lon) && around.every((x) => isLand(x.lat, x.lon)) && inArea(b, q)) return q;
  }
  return null;
}

/** In the export's area (everywhere when the export is not clipped): where the feed can show a behaviour. */
function inArea(b: Builder, p: LatLon): boolean {
  const area = b.config.exportArea;
  return area === null || inBox(area, p.lat, p.lon);
}

/** Renames and reflags (new MMSI, same IMO) in port, and IMO numbers with a wrong check digit. */
function identities(b: Builder, victims: Ship[]): void {
  const moored = (ship: Ship) =>
    ship.legs.filter(
      (l) =>
        l.kind === "stay" &&
        l.status === 5 &&
        l.t0 > b.start + 6 * H &&
        l.t1 < b.end - 6 * H &&
        // In the export's area, so the feed shows the change when it happens.
        inArea(b, l),
    );
  const change = (reflag: boolean) => {
    for (let k = 0; k < 100; k++) {
      const ship = b.rng.pick(victims);
      const stays = moored(ship);
      if (ship.identities.length > 1 || stays.length === 0) continue;
      const leg = b.rng.pick(stays);
      if (leg.kind !== "stay") continue;
      const t = (leg.t0 + leg.t1) / 2;
      const old = ship.identities[0];
      const next = {
        ...old,
        from: t,
        name: makeNameUnlike(b, old.name),
        ...(reflag ? { mmsi: b.uniqueMmsi(b.rng.pick(COVER_FLAGS)), callsign: makeCallsign(b.rng) } : {}),
      };
      ship.identities.push(next);
      // A rename alone is ordinary (ships change owners); a new flag and MMSI under a flag of convenience hides a history.
      if (reflag) b.evader(ship, "reflagged to a flag of convenience");
      const vessels = reflag ? [b.vessel(ship, t - 1), b.vessel(ship, t)] : [b.vessel(ship, t)];
      b.truth("identity", [], t, t + b.config.staticIntervalS * 1000, leg, {
        vessels,
        detail: reflag ? `reflag ${old.mmsi} -> ${next.mmsi}` : `rename ${old.name} -> ${next.name}`,
      });
      return;
    }
  };
  for (let k = 0; k < b.config.renames; k++) change(false);
  for (let k = 0; k < b.config.reflags; k++) change(true);
  const trade = b.portsOf("CN", "KR", "RU");
  for (let k = 0; k < b.config.badImos; k++) {
    const ship = b.newShip({ mid: b.rng.pick(COVER_FLAGS), shipType: 70, draught: 6, validImo: false });
    b.evader(ship, "broadcasts a false IMO");
    const port = b.rng.pick(trade);
    b.trade(b.planner(ship, port.berth), port, trade);
    const e = b.truth("identity", [ship], b.start, b.start, port.berth, {
      detail: "IMO fails its check digit",
    });
    b.pending.push({ kind: "firstStatic", event: e, ship });
  }
}

function makeNameUnlike(b: Builder, name: string): string {
  for (;;) {
    const n = makeName(b.rng);
    if (n !== name) return n;
  }
}

/** Fishing vessels working a ground together at trawling speed, a few hundred metres apart. */
function fishingFleet(b: Builder): void {
  const home = b.rng.pick(b.portsOf("CN"));
  const a = b.seaPoint(25);
  const z = offset(a, b.range(12_000, 20_000), b.range(0, 360));
  const lanes = Array.from({ length: b.config.fleetSize }, (_, k) => [
    offset(a, k * 400, 90),
    offset(z, k * 400, 90),
  ]);
  if (
    !lanes.every(([p, q]) => !isLand(q.lat, q.lon) && clearLine(p, q) && shoreDistanceNm(q.lat, q.lon) > 20)
  )
    return;
  const t0 = b.time(6, 24);
  const hours = Math.min(b.range(24, 60), (b.end - t0) / H);
  const ships = lanes.map(([p, q]) => {
    const ship = b.newShip({ mid: MID.china, shipType: 30, cls: "B", length: 35, draught: 3 });
    const pl = b.planner(ship, home.berth);
    pl.arriveAt(p, t0, 9, 5);
    let there = true;
    while (pl.clock < t0 + hours * H) {
      pl.sailTo(there ? q : p, 3.2);
      there = !there;
    }
    pl.sailToPort(home, 9);
    pl.portStay(home, (b.end - pl.clock) / H + 1);
    return ship;
  });
  b.confounder("fishing_fleet", ["encounter", "loitering"], ships, t0, t0 + hours * H, a);
}

/** Two ships leaving port together and keeping station 300-400 m apart at full speed. */
function convoy(b: Builder): void {
  const trade = b.portsOf("CN", "KR");
  const from = b.rng.pick(trade);
  const to = b.rng.pick(trade.filter((p) => p !== from));
  const t = b.time(6, 24);
  const speed = b.range(11, 14);
  const ships = [0, 1].map((k) => {
    const ship = b.newShip({ mid: b.rng.pick(TRADE_FLAGS), shipType: 70, draught: 7 });
    const p = b.planner(ship, from.berth);
    p.wait(t + k * 60_000, 5);
    p.sailToPort(to, speed);
    b.trade(p, to, trade);
    return ship;
  });
  const leg = ships[0].legs[2];
  b.confounder("lane_pass", ["encounter"], ships, t, leg.t1, from.berth);
}

/** A tug meeting ships on the approach to its port and escorting them in alongside. */
function tugs(b: Builder, port: Port): void {
  const tug = b.newShip({ mid: MID.china, shipType: 52, length: 30, draught: 3 });
  const tp = b.planner(tug, port.berth);
  // Arrivals at this port by ships planned so far, in time order.
  const arrivals = b.ships
    .flatMap((s) => s.legs.map((l) => ({ s, l })))
    .filter(
      ({ l }) =>
        l.kind === "sail" &&
        l.t0 > b.start + 2 * H &&
        distanceM(l.route.lat.at(-1)!, l.route.lon.at(-1)!, port.berth.lat, port.berth.lon) < 2_000,
    )
    .sort((x, y) => x.l.t1 - y.l.t1);
  for (const { s, l } of arrivals.slice(0, 30)) {
    if (l.kind !== "sail" || l.t1 - 3 * H < tp.clock) continue;
    // Escort the last 40 minutes of the approach, 50 m off the ship's side.
    const meetT = l.t1 - 40 * 60_000;
    const f = fixAt(l, meetT, { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 });
    const side = offset(f, 50, f.cog + 90);
    if (isLand(side.lat, side.lon) || !tp.arriveAt(side, meetT, 10, 5)) continue;
    tp.sailToPort(port, l.speedKn * 0.95);
    b.confounder("tug_assist", ["encounter"], [tug, s], meetT, l.t1, f);
    tp.portStay(port, 1);
  }
  tp.wait(b.end + H, 5);
}

/** A call ends when the ship is this far beyond the port's circle (GFW: enter 3 km, exit 4 km), so moves along its edge do not split it. */
const PORT_EXIT_MARGIN_M = 1_000;
/** Step at which sail legs are walked to find when a ship crosses a port's circle. */
const CROSSING_STEP_MS = 60_000;

/**
 * Port calls of at least 3 h at every profile port (truth), and ships lying close in port
 * (confounders). A call is a visit as GFW and the detector count one: from crossing into
 * the port's circle on the way in (not from the first stop) until passing `PORT_EXIT_MARGIN_M`
 * beyond it on the way out, with every stay and move in between inside that margin.
 */
function portCalls(b: Builder): void {
  type Stay = { ship: Ship; t0: number; t1: number; lat: number; lon: number; status: number };
  const f: Fix = { lat: 0, lon: 0, sog: 0, cog: 0, status: 0 };
  const area = b.config.exportArea;
  // A port outside the export's area is not in the data: no calls there, nothing lying close.
  for (const port of b.ports.filter((p) => area === null || inBox(area, p.lat, p.lon))) {
    const r = port.radiusKm * 1000;
    const from = (leg: Leg, t: number) => {
      const x = fixAt(leg, t, f);
      return distanceM(x.lat, x.lon, port.lat, port.lon);
    };
    /** The first instant in (lo, hi] on `leg` at which `beyond(distance)` turns to `state`, to the second. */
    const crossing = (leg: Leg, lo: number, hi: number, beyond: (d: number) => boolean, state: boolean) => {
      while (hi - lo > 1_000) {
        const mid = (lo + hi) / 2;
        if (beyond(from(leg, mid)) === state) hi = mid;
        else lo = mid;
      }
      return hi;
    };
    const outside = (d: number) => d >= r;
    const gone = (d: number) => d > r + PORT_EXIT_MARGIN_M;
    /**
     * When the ship entered the circle before stay leg k: back along the sail legs leading
     * to it, to the first entry since it was last beyond the exit margin (an approach that
     * grazes the circle's edge enters once).
     */
    const entry = (legs: Leg[], k: number) => {
      let first = legs[k].t0;
      let firstLeg: Leg | null = null;
      /** The sample just before `first`, outside the circle: the entry lies between. */
      let lo = Number.NaN;
      walk: for (let j = k - 1; j >= 0 && legs[j].kind === "sail"; j--) {
        const leg = legs[j];
        for (let t = leg.t1; ; t = Math.max(leg.t0, t - CROSSING_STEP_MS)) {
          const d = from(leg, t);
          if (!outside(d)) [first, firstLeg, lo] = [t, leg, Number.NaN];
          else if (firstLeg === leg && Number.isNaN(lo)) lo = t;
          if (gone(d)) break walk;
          if (t === leg.t0) break;
        }
      }
      return firstLeg === null || Number.isNaN(lo) ? first : crossing(firstLeg, lo, first, outside, false);
    };
    /** When a leg first goes beyond the exit margin, or null if it stays within it. */
    const exit = (leg: Leg) => {
      if (leg.kind === "stay") return gone(from(leg, leg.t0)) ? leg.t0 : null;
      for (let t = leg.t0; t < leg.t1; t += CROSSING_STEP_MS) {
        const next = Math.min(leg.t1, t + CROSSING_STEP_MS);
        if (gone(from(leg, next))) return crossing(leg, t, next, gone, true);
      }
      return null;
    };
    const stays: Stay[] = [];
    for (const ship of b.ships) {
      let callT0: number | null = null;
      let last: Extract<Pending, { kind: "portExit" }> | null = null;
      ship.legs.forEach((l, k) => {
        if (l.kind === "stay" && distanceM(l.lat, l.lon, port.lat, port.lon) < r) {
          stays.push({ ship, t0: l.t0, t1: l.t1, lat: l.lat, lon: l.lon, status: l.status });
          if (callT0 === null) callT0 = entry(ship.legs, k);
        } else if (callT0 !== null) {
          const out = exit(l);
          if (out === null) return;
          const event = recordCall(b, port, ship, callT0, out);
          callT0 = null;
          if (event === null) return;
          if (last !== null) [last.next, last.t1] = [event, Date.parse(event.start)];
          const beyondM = r + PORT_EXIT_MARGIN_M;
          last = {
            kind: "portExit",
            event,
            next: null,
            ship,
            lat: port.lat,
            lon: port.lon,
            beyondM,
            t0: out,
            t1: b.end,
          };
          b.pending.push(last);
        }
      });
      // A call still going on when the plan ends has no exit: not an event.
    }
    stays.sort((x, y) => x.t0 - y.t0);
    for (let i = 0; i < stays.length; i++) {
      for (let j = i + 1; j < stays.length && stays[j].t0 < stays[i].t1; j++) {
        const x = stays[i];
        const y = stays[j];
        if (x.ship === y.ship) continue;
        const t0 = Math.max(x.t0, y.t0, b.start);
        const t1 = Math.min(x.t1, y.t1, b.end);
        if (t1 - t0 < 2 * H || distanceM(x.lat, x.lon, y.lat, y.lon) > 500) continue;
        const both = x.status === 5 && y.status === 5;
        b.confounder(
          both ? "alongside_in_port" : "anchorage_cluster",
          ["encounter"],
          [x.ship, y.ship],
          t0,
          t1,
          x,
        );
      }
    }
  }
}

/**
 * Records the call from `enter` to `leave` as the feed can show it: only the part with the
 * transponder on (a ship that goes dark in port and reappears at sea is seen leaving at its
 * last fix in port), and under every MMSI the ship used during it (a reflag in port).
 */
function recordCall(b: Builder, port: Port, ship: Ship, enter: number, leave: number): TruthEvent | null {
  let t0 = Math.max(enter, b.start);
  let t1 = leave;
  // Unheard: the transponder off, or a data hole over the port.
  const holes = b.silences.filter((s) => s.box === null || inBox(s.box, port.lat, port.lon));
  for (const d of [...ship.dark, ...holes]) {
    if (d.t0 <= t0 && d.t1 > t0) t0 = d.t1;
    if (d.t0 < t1 && d.t1 >= t1) t1 = d.t0;
  }
  // A call still going on when the data ends has no exit yet: not an event.
  if (t1 >= b.end || t1 - t0 < 3 * H) return null;
  const vessels = [b.vessel(ship, t0)];
  for (const id of ship.identities) {
    if (id.from > t0 && id.from < t1 && !vessels.some((v) => v.mmsi === id.mmsi))
      vessels.push(b.vessel(ship, id.from));
  }
  // Export voyages already carry their own port-call truth: it takes the visit's span.
  const same = b.events.find(
    (e) =>
      e.kind === "port_call" &&
      e.detail === `export voyage from ${port.name}` &&
      e.vessels.some((v) => vessels.some((w) => w.mmsi === v.mmsi)) &&
      Date.parse(e.start) < t1 &&
      Date.parse(e.end) > t0,
  );
  if (same === undefined) return b.truth("port_call", [ship], t0, t1, port, { detail: port.name, vessels });
  [same.start, same.end] = [iso(t0), iso(t1)];
  return same;
}

/** Builds the scenario's world from its settings and a seed: same inputs, same world. */
export function buildWorld(config: ScenarioConfig, seed: number): World {
  const b = new Builder(config, seed);
  const plain = traders(b);
  for (let k = 0; k < config.sts; k++) transfer(b, false);
  for (let k = 0; k < config.darkSts; k++) transfer(b, true);
  for (let k = 0; k < config.loiterers; k++) loiterer(b);
  for (let k = 0; k < config.darkExports; k++) darkExport(b);
  for (let k = 0; k < config.exports; k++) exportVoyage(b);
  listedEvaders(b);
  for (let k = 0; k < config.fishingFleets; k++) fishingFleet(b);
  for (let k = 0; k < config.convoys; k++) convoy(b);
  // Identity changes first, so truth about a spoofed ship names the MMSI it used then.
  identities(b, plain);
  spoofing(b, plain);
  const tugPorts = b.portsOf("CN", "KR").slice(0, config.tugPorts);
  for (const port of tugPorts) tugs(b, port);
  realSea(b);
  // Before port calls, which the feed shows only where it is not silent.
  silences(b);
  portCalls(b);
  b.events.sort((x, y) => x.start.localeCompare(y.start) || x.id.localeCompare(y.id));
  return {
    config,
    start: b.start,
    end: b.end,
    ships: b.ships,
    events: b.events,
    confounders: b.confounders,
    pending: b.pending,
    ports: b.ports,
    silences: b.silences,
    deliveries: b.deliveries,
    evaders: b.evaders,
  };
}
