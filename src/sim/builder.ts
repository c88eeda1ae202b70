/**
 * The world under construction: its ships, truth and confounders, the random source, and
 * the helpers every behaviour uses to make ships, times, places and truth records.
 */
import { distanceM } from "../geo/distance.js";
import { isLand, shoreDistanceNm } from "../geo/land.js";
import {
  type Confounder,
  type ConfounderName,
  iso,
  type TruthDelivery,
  type TruthEvader,
  type TruthEvent,
  type TruthKind,
  type TruthVessel,
} from "../model/truth.js";
import { Prng } from "../util/prng.js";
import { makeCallsign, makeImo, makeMmsi, makeName } from "./identity.js";
import { Planner } from "./planner.js";
import { loadPorts, type Port } from "./ports.js";
import type { LatLon } from "./route.js";
import type { Box, ScenarioConfig } from "./scenario.js";
import { inForce, type Ship } from "./ship.js";

const H = 3_600_000;

/** Completed by the emitter from what receivers heard. */
export type Pending =
  | { kind: "gap"; event: TruthEvent; ship: Ship; t0: number; t1: number }
  | { kind: "spoof"; event: TruthEvent; ship: Ship; t0: number; t1: number; minHeard: number }
  | { kind: "firstStatic"; event: TruthEvent; ship: Ship }
  | { kind: "draught"; event: TruthEvent; ship: Ship; after: number; draught: number }
  /** A port call's exit shows only if a fix beyond the port's exit margin is heard before `t1` (the next entry, or the end). */
  | {
      kind: "portExit";
      event: TruthEvent;
      next: TruthEvent | null;
      ship: Ship;
      lat: number;
      lon: number;
      beyondM: number;
      t0: number;
      t1: number;
    };

/** Hours when the feed holds nothing from a region, or from anywhere (box null); the emitter names the vessels it silenced. */
export interface Silence {
  t0: number;
  t1: number;
  box: Box | null;
  confounder: Confounder;
}

export class Builder {
  readonly rng: Prng;
  readonly ports: Port[];
  readonly ships: Ship[] = [];
  readonly events: TruthEvent[] = [];
  readonly confounders: Confounder[] = [];
  readonly pending: Pending[] = [];
  readonly deliveries: TruthDelivery[] = [];
  readonly silences: Silence[] = [];
  /** The ships that evade sanctions, with their part (truth's evaders). */
  readonly evaders = new Map<Ship, Omit<TruthEvader, "vessels">>();
  readonly start: number;
  readonly end: number;
  private seq = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(
    readonly config: ScenarioConfig,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    this.ports = loadPorts();
    this.start = Date.parse(config.start);
    this.end = this.start + config.days * 24 * H;
  }

  /**
   * A number `make` has not given before: identities are unique unless a behaviour shares
   * one on purpose (a clone), so no "one IMO on two MMSIs" happens by chance.
   */
  unique(make: () => number): number {
    for (;;) {
      const v = make();
      if (!this.used.has(v)) {
        this.used.add(v);
        return v;
      }
    }
  }

  /** Claims a number a behaviour chose itself (a listed IMO): false when it is taken. */
  claim(v: number): boolean {
    if (this.used.has(v)) return false;
    this.used.add(v);
    return true;
  }

  uniqueMmsi(mid: number): number {
    return this.unique(() => makeMmsi(this.rng, mid));
  }

  range(lo: number, hi: number): number {
    return lo + this.rng.next() * (hi - lo);
  }

  portsOf(...countries: string[]): Port[] {
    return this.ports.filter((p) => countries.includes(p.country));
  }

  newShip(opts: {
    mid: number;
    shipType: number;
    cls?: "A" | "B";
    length?: number;
    draught: number;
    validImo?: boolean;
  }): Ship {
    const rng = this.rng;
    const length = opts.length ?? Math.round(this.range(80, 190));
    const bow = Math.round(length * 0.8);
    const beam = Math.round(length / 7);
    const ship: Ship = {
      index: this.ships.length,
      cls: opts.cls ?? "A",
      shipType: opts.shipType,
      dims: [bow, length - bow, Math.floor(beam / 2), beam - Math.floor(beam / 2)],
      identities: [
        {
          from: Number.NEGATIVE_INFINITY,
          mmsi: this.uniqueMmsi(opts.mid),
          imo: opts.cls === "B" ? 0 : this.unique(() => makeImo(rng, opts.validImo ?? true)),
          name: makeName(rng),
          callsign: makeCallsign(rng),
        },
      ],
      legs: [],
      draughts: [{ from: Number.NEGATIVE_INFINITY, draught: opts.draught }],
      dark: [],
      spoofs: [],
    };
    this.ships.push(ship);
    return ship;
  }

  /** A planner for a ship lying at `at`; plans may begin before the scenario so ships can be under way at its start. */
  planner(ship: Ship, at: LatLon, from = this.start - 48 * H): Planner {
    const p = new Planner(ship, this.rng, from);
    p.stayAt(at, from + 1, 5);
    return p;
  }

  vessel(ship: Ship, t: number): TruthVessel {
    const id = inForce(ship.identities, t);
    return id.imo > 0 ? { mmsi: id.mmsi, imo: id.imo, name: id.name } : { mmsi: id.mmsi, name: id.name };
  }

  /** Marks a ship as an evader (the first part given stays). */
  evader(ship: Ship, why: string, listed?: TruthEvader["listed"]): void {
    if (!this.evaders.has(ship)) this.evaders.set(ship, listed ? { why, listed } : { why });
  }

  nextId(kind: string): string {
    const n = (this.seq.get(kind) ?? 0) + 1;
    this.seq.set(kind, n);
    return `${kind}-${n}`;
  }

  truth(
    kind: TruthKind,
    ships: Ship[],
    t0: number,
    t1: number,
    at: LatLon,
    extra: Partial<TruthEvent> = {},
  ): TruthEvent {
    const e: TruthEvent = {
      id: this.nextId(kind),
      kind,
      vessels: ships.map((s) => this.vessel(s, t0)),
      start: iso(t0),
      end: iso(t1),
      lat: round(at.lat),
      lon: round(at.lon),
      ...extra,
    };
    this.events.push(e);
    return e;
  }

  /** A draught change at sea: truth from `t0`, ending when the new draught is first heard after `after`. */
  draughtChange(ship: Ship, t0: number, after: number, draught: number, at: LatLon, detail: string): void {
    ship.draughts.push({ from: after, draught });
    const event = this.truth("draught", [ship], t0, after + this.config.staticIntervalS * 1000, at, {
      detail,
    });
    this.pending.push({ kind: "draught", event, ship, after, draught });
  }

  confounder(
    name: ConfounderName,
    looksLike: TruthKind[],
    ships: Ship[],
    t0: number,
    t1: number,
    at: LatLon,
    detail?: string,
  ): Confounder {
    const c: Confounder = {
      id: this.nextId(name),
      name,
      looksLike,
      vessels: ships.map((s) => this.vessel(s, t0)),
      start: iso(t0),
      end: iso(t1),
      lat: round(at.lat),
      lon: round(at.lon),
      ...(detail === undefined ? {} : { detail }),
    };
    this.confounders.push(c);
    return c;
  }

  /** A random open-water point at least `shoreNm` from land and 20 km from every port. */
  seaPoint(shoreNm: number): LatLon {
    for (let k = 0; k < 10_000; k++) {
      const box: Box = this.rng.pick(this.config.seaAreas);
      const p = { lat: this.range(box.south, box.north), lon: this.range(box.west, box.east) };
      if (isLand(p.lat, p.lon) || shoreDistanceNm(p.lat, p.lon) < shoreNm) continue;
      if (this.ports.some((q) => distanceM(p.lat, p.lon, q.lat, q.lon) < 20_000)) continue;
      return p;
    }
    throw new Error("no open-water point found in the scenario's sea areas");
  }

  /** A random time in the scenario leaving `before` hours after start and `after` hours before the end. */
  time(before: number, after: number): number {
    return (
      this.start + before * H + this.rng.next() * Math.max(0, this.end - this.start - (before + after) * H)
    );
  }

  /** Ordinary trade from the planner's clock until the scenario ends: port stay, voyage, repeat. */
  trade(p: Planner, port: Port, ports: Port[], firstStayH?: number): void {
    let here = port;
    let stay = firstStayH ?? this.range(4, 40);
    for (;;) {
      p.portStay(here, stay);
      this.changeDraughtInPort(p.ship, p.clock - H);
      if (p.clock >= this.end) return;
      const next = this.rng.pick(ports.filter((q) => q !== here));
      p.sailToPort(next, this.range(10, 14));
      here = next;
      stay = this.range(6, 48);
    }
  }

  /** Cargo worked in port: laden and ballast alternate. */
  changeDraughtInPort(ship: Ship, t: number): void {
    const cur = inForce(ship.draughts, t).draught;
    const max = Math.max(4, ship.dims[0] / 16);
    ship.draughts.push({ from: t, draught: round1(cur > max * 0.75 ? max * 0.55 : max) });
  }
}

export const round = (x: number) => Math.round(x * 1e5) / 1e5;
export const round1 = (x: number) => Math.round(x * 10) / 10;
