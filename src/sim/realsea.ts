/**
 * The real sea's look-alikes, each a confounder in truth that must raise nothing: traffic
 * on rivers (where the coastline file says land), ships queueing at outer anchorages with a
 * bunker barge and a tug alongside them, ferries lying at their berths, yachts in marinas,
 * and data holes (the whole feed or one receiver region silent for hours). Ship types are
 * the AIS codes real vessels broadcast (ITU-R M.1371 table 53), so type rules have
 * something to act on.
 */
import { isLand } from "../geo/land.js";
import { type Builder, round1 } from "./builder.js";
import { MID } from "./identity.js";
import { offset } from "./planner.js";
import { type LatLon, makeRoute, nearestSea, pointAlong } from "./route.js";
import type { Ship } from "./ship.js";
import {
  ANCHORAGES,
  type Anchorage,
  FERRY_ROUTES,
  type FerryRoute,
  MARINAS,
  type Marina,
  RECEIVER_REGIONS,
  RIVERS,
  type River,
} from "./waters.js";

const H = 3_600_000;

/** AIS ship types (ITU-R M.1371 table 53). */
export const SHIP_TYPE = {
  fishing: 30,
  dredger: 33,
  sailing: 36,
  pleasure: 37,
  pilot: 50,
  sar: 51,
  tug: 52,
  lawEnforcement: 55,
  passenger: 60,
  cargo: 70,
  tanker: 80,
} as const;

/** A sea point at or near `p` (the land mask's cells are 2' wide: a berth's chart point is often "land"). */
function sea(p: LatLon): LatLon {
  return nearestSea(p) ?? p;
}

/** Vessels shuttling between a river's mouth (at anchor) and its upstream berths, moored 150 m apart. */
export function riverTraffic(b: Builder, river: River, index: number): void {
  const course = makeRoute(river.course);
  const inner = river.course.slice(1, -1);
  const ships: Ship[] = [];
  for (let k = 0; k < b.config.riverVessels; k++) {
    const tanker = k % 3 === 2;
    const ship = b.newShip({
      mid: river.mid,
      shipType: tanker ? SHIP_TYPE.tanker : SHIP_TYPE.cargo,
      length: Math.round(b.range(40, 90)),
      draught: round1(b.range(2.5, 4.5)),
    });
    const berth = pointAlong(course, course.length - k * 150);
    const mouth = sea(offset(river.course[0], 700 * (k + 1), 90 * index + 45));
    const up = makeRoute([mouth, ...inner, { lat: berth.lat, lon: berth.lon }]);
    const down = makeRoute([...up.lat.map((lat, i) => ({ lat, lon: up.lon[i] }))].reverse());
    const p = b.planner(ship, mouth, b.start - b.range(0, 24) * H);
    p.stayAt(mouth, p.clock + b.range(1, 20) * H, 1);
    while (p.clock < b.end) {
      p.sail(up, b.range(6, 9));
      p.stayAt(berth, p.clock + b.range(8, 30) * H, 5);
      p.sail(down, b.range(7, 10));
      p.stayAt(mouth, p.clock + b.range(4, 20) * H, 1);
    }
    ships.push(ship);
  }
  if (ships.length > 0)
    b.confounder(
      "river_traffic",
      ["spoofing", "encounter", "loitering"],
      ships,
      b.start,
      b.end,
      berthOf(course),
      river.name,
    );
}

const berthOf = (course: ReturnType<typeof makeRoute>): LatLon => ({
  lat: course.lat[course.lat.length - 1],
  lon: course.lon[course.lon.length - 1],
});

/**
 * Ships waiting at an outer anchorage for their port, each at its own spot 400 m from its
 * neighbours, going in and coming back; a bunker barge (a small tanker) and a tug go
 * alongside them while they lie at anchor.
 */
export function anchorage(b: Builder, a: Anchorage): void {
  const port = b.ports.find((p) => p.name === a.port);
  if (port === undefined || b.config.anchorageShips === 0) return;
  const ships: Ship[] = [];
  const side = Math.ceil(Math.sqrt(b.config.anchorageShips));
  for (let k = 0; k < b.config.anchorageShips; k++) {
    const tanker = b.rng.next() < 0.3;
    const ship = b.newShip({
      mid: MID.china,
      shipType: tanker ? SHIP_TYPE.tanker : SHIP_TYPE.cargo,
      draught: round1(b.range(6, 11)),
    });
    const spot = sea(offset(offset(a.at, 400 * (k % side), 90), 400 * Math.floor(k / side), 0));
    const p = b.planner(ship, spot, b.start - b.range(0, 30) * H);
    p.stayAt(spot, p.clock + b.range(2, 40) * H, 1);
    while (p.clock < b.end) {
      p.sailToPort(port, 10);
      p.portStay(port, b.range(8, 24));
      p.sailTo(spot, 10);
      p.stayAt(spot, p.clock + b.range(12, 48) * H, 1);
    }
    ships.push(ship);
  }
  const stays = ships
    .flatMap((s) => s.legs.map((l) => ({ s, l })))
    .filter(({ l }) => l.kind === "stay" && l.status === 1 && l.t0 > b.start)
    .sort((x, y) => x.l.t0 - y.l.t0 || x.s.index - y.s.index);
  /** A boat going alongside the anchored ships (one stay in `every`), at their start or just before they leave. */
  const service = (
    name: "bunkering" | "tug_assist" | "harbour_craft",
    shipType: number,
    length: number,
    hours: [number, number],
    o: { beforeEnd: boolean; side: number; every: number },
  ) => {
    const boat = b.newShip({ mid: MID.china, shipType, length, draught: round1(b.range(2, 4.5)) });
    const p = b.planner(boat, sea(offset(a.at, 2_000, 225)));
    stays.forEach(({ s, l }, k) => {
      if (l.kind !== "stay" || k % o.every !== 0) return;
      const h = b.range(hours[0], hours[1]) * H;
      const t0 = o.beforeEnd ? l.t1 - h - 0.2 * H : l.t0 + H;
      const t1 = t0 + h;
      if (t0 < l.t0 || t1 > l.t1 || t1 > b.end) return;
      const at = offset(l, 40, o.side);
      if (isLand(at.lat, at.lon) || !p.arriveAt(at, t0, 6, 1)) return;
      p.stayAt(at, t1, 5);
      b.confounder(name, ["encounter"], [boat, s], t0, t1, l, a.name);
    });
    p.wait(b.end + H, 1);
    return boat;
  };
  const barge = service("bunkering", SHIP_TYPE.tanker, 65, [3, 5], { beforeEnd: false, side: 90, every: 1 });
  const tug = service("tug_assist", SHIP_TYPE.tug, 30, [0.7, 1.2], { beforeEnd: true, side: 90, every: 1 });
  b.confounder(
    "anchorage_queue",
    ["encounter", "loitering"],
    [...ships, barge, tug],
    b.start,
    b.end,
    a.at,
    a.name,
  );
  // Pilot boats alongside ships about to leave; patrols boarding one ship in four.
  const pilot = service("tug_assist", SHIP_TYPE.pilot, 18, [0.3, 0.6], {
    beforeEnd: true,
    side: 270,
    every: 1,
  });
  const patrol = service("harbour_craft", SHIP_TYPE.lawEnforcement, 45, [0.5, 1], {
    beforeEnd: false,
    side: 270,
    every: 4,
  });
  b.confounder(
    "harbour_craft",
    ["encounter", "loitering"],
    [pilot, patrol, dredger(b, a), standby(b, a)],
    b.start,
    b.end,
    a.at,
    a.name,
  );
}

/** A dredger working a channel beside the anchorage at 1-2 kn, day and night. */
function dredger(b: Builder, a: Anchorage): Ship {
  const ship = b.newShip({ mid: MID.china, shipType: SHIP_TYPE.dredger, length: 90, draught: 5 });
  const from = sea(offset(a.at, 2_500, 200));
  const to = sea(offset(from, 3_000, 110));
  const p = b.planner(ship, from);
  for (let there = false; p.clock < b.end; there = !there)
    p.sail(makeRoute(there ? [to, from] : [from, to]), b.range(1, 2));
  return ship;
}

/** A search and rescue vessel on standby off the anchorage: drifting, then back to its station. */
function standby(b: Builder, a: Anchorage): Ship {
  const ship = b.newShip({ mid: MID.china, shipType: SHIP_TYPE.sar, length: 50, draught: 3.5 });
  const station = sea(offset(a.at, 3_000, 45));
  const p = b.planner(ship, station);
  while (p.clock < b.end) {
    p.drift(b.range(4, 8), b.range(0.2, 0.5), b.range(0, 360));
    p.sail(makeRoute([p.at, station]), 8);
  }
  return ship;
}

/** Ferries crossing twice a day and lying overnight at their home terminal 60 m apart. */
export function ferryRoute(b: Builder, r: FerryRoute): void {
  const home = sea(r.from);
  const away = sea(r.to);
  const types = [SHIP_TYPE.passenger, 69, 61];
  const ships: Ship[] = [];
  for (let k = 0; k < b.config.ferries; k++) {
    const ship = b.newShip({ mid: MID.china, shipType: types[k % types.length], length: 90, draught: 4 });
    const at = (p: LatLon) => {
      const q = offset(p, 60 * k, 0);
      return isLand(q.lat, q.lon) ? p : q;
    };
    const day0 = Math.floor(b.start / (24 * H)) * 24 * H - 24 * H;
    const p = b.planner(ship, at(home), day0);
    for (let day = day0; day < b.end; day += 24 * H) {
      p.wait(day + (k * 1.5 + 0.5) * H, 5);
      for (let trip = 0; trip < 2; trip++) {
        p.sailTo(at(away), 14);
        p.stayAt(at(away), p.clock + b.range(1, 2) * H, 5);
        p.sailTo(at(home), 14);
        p.stayAt(at(home), p.clock + b.range(1, 2) * H, 5);
      }
    }
    ships.push(ship);
  }
  if (ships.length > 0)
    b.confounder("ferry_berth", ["encounter", "loitering"], ships, b.start, b.end, home, r.name);
}

/** Yachts (Class B) moored 25 m apart, out for a day sail now and then. */
export function marina(b: Builder, m: Marina): void {
  const base = sea(m.at);
  const boats: Ship[] = [];
  for (let k = 0; k < b.config.marinaBoats; k++) {
    const boat = b.newShip({
      mid: MID.korea,
      shipType: k % 2 === 0 ? SHIP_TYPE.sailing : SHIP_TYPE.pleasure,
      cls: "B",
      length: Math.round(b.range(8, 16)),
      draught: round1(b.range(1.2, 2.4)),
    });
    const q = offset(base, 25 * k, 90);
    const berth = isLand(q.lat, q.lon) ? base : q;
    const p = b.planner(boat, berth);
    for (let day = Math.floor(b.start / (24 * H)) * 24 * H; day < b.end; day += 24 * H) {
      if (b.rng.next() > 0.3) continue;
      const out = offset(berth, b.range(4_000, 10_000), b.range(0, 360));
      if (isLand(out.lat, out.lon)) continue;
      p.wait(day + b.range(0, 3) * H, 5);
      p.sailTo(out, b.range(4, 7));
      p.sailTo(berth, b.range(4, 7));
    }
    p.wait(b.end + H, 5);
    boats.push(boat);
  }
  if (boats.length > 0)
    b.confounder("marina", ["encounter", "loitering"], boats, b.start, b.end, base, m.name);
}

/**
 * Data holes: whole-feed outages (13-18 h) and regional dropouts (12-16 h), placed away
 * from the injected events (port calls aside: there are too many to avoid, and a call
 * goes on through a silence).
 */
export function silences(b: Builder): void {
  const busy = b.events
    .filter((e) => e.kind !== "port_call")
    .map((e) => [Date.parse(e.start) - 6 * H, Date.parse(e.end) + 6 * H]);
  const second = (t: number) => Math.floor(t / 1000) * 1000;
  const place = (hours: [number, number]): [number, number] | null => {
    for (let k = 0; k < 500; k++) {
      // Whole seconds, as the feed's c: times say.
      const t0 = second(b.time(24, 24));
      const t1 = second(t0 + b.range(hours[0], hours[1]) * H);
      const clash = (lo: number, hi: number) => lo < t1 && hi > t0;
      if (
        busy.some(([lo, hi]) => clash(lo, hi)) ||
        b.silences.some((s) => clash(s.t0 - 12 * H, s.t1 + 12 * H))
      )
        continue;
      return [t0, t1];
    }
    return null;
  };
  for (let k = 0; k < b.config.outages; k++) {
    const span = place([13, 18]);
    if (span === null) continue;
    const c = b.confounder(
      "feed_outage",
      ["gap", "encounter"],
      [],
      span[0],
      span[1],
      { lat: 0, lon: 0 },
      "whole feed silent",
    );
    b.silences.push({ t0: span[0], t1: span[1], box: null, confounder: c });
  }
  for (let k = 0; k < b.config.dropouts; k++) {
    const region = b.rng.pick(RECEIVER_REGIONS);
    const span = place([12, 16]);
    if (span === null) continue;
    const box = region.box;
    const mid = { lat: (box.south + box.north) / 2, lon: (box.west + box.east) / 2 };
    const c = b.confounder(
      "receiver_dropout",
      ["gap", "encounter"],
      [],
      span[0],
      span[1],
      mid,
      `region ${region.name}`,
    );
    b.silences.push({ t0: span[0], t1: span[1], box, confounder: c });
  }
  b.silences.sort((x, y) => x.t0 - y.t0);
}

/** Every look-alike of the real sea the scenario asks for. */
export function realSea(b: Builder): void {
  for (const [k, r] of RIVERS.entries()) riverTraffic(b, r, k);
  for (const a of ANCHORAGES) anchorage(b, a);
  for (const r of FERRY_ROUTES) ferryRoute(b, r);
  for (const m of MARINAS) marina(b, m);
}
