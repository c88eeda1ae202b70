/**
 * Port calls and zone visits. Rule: a track enters a port when a fix lies inside the
 * port's radius (the profile's port circle, standing in for GFW's 3 km anchorage test)
 * and leaves when a fix lies more than `portExitMarginM` beyond it (GFW: enter 3 km,
 * exit 4 km; the margin stops a vessel on the edge from flickering in and out). Visits
 * shorter than `portMinVisitMs` (3 h, GFW) are passages, not calls, and are dropped. Only
 * ports of the profile's `portCallCountries` give events (the others still mark where
 * encounters and loitering are ignored). World ports and learned anchorages
 * (ctx.harbours) give no calls: the profile names the ports whose calls matter, with
 * radii drawn for them, while a WPI point's radius is a guess by harbour size and calls
 * at all 3,802 would bury those few. Unlike GFW, a stop below 0.2 kn is not required
 * but reported (`stoppedH`), so a call spent drifting off a roadstead still counts.
 * Moves inside the port (berth shifts) stay within one call. A call is reported when the
 * vessel leaves: one still open when the stream (or the track) ends has no end yet and
 * is not reported.
 * Zone visits (profile areas) use the same entry/stay/exit shape with `zoneMinStayMs`.
 */
import { distanceM } from "../../geo/distance.js";
import { type Port, ZoneRaster } from "../../geo/zones.js";
import type { Position } from "../../model/records.js";
import { type DetectContext, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import { rowPart } from "../engine/state-rows.js";
import type { Track, Vessel } from "../engine/track.js";

export const PORT_CALL_DETECTOR = "port_call@1";
export const ZONE_DETECTOR = "zone@1";

/**
 * The port state's numbers in its track's row; `cell` is the port index cell of the last
 * fix (the ports near it cached in `near`: ships stay in a cell for a while). The entry
 * and last times of each profile zone follow them (zone i at 2i and 2i + 1; NaN entry:
 * outside).
 */
const PORT_NUMBERS = ["enterT", "lastInT", "stoppedMs", "prevT", "cell"] as const;

export class PortTrackState extends rowPart(PORT_NUMBERS) {
  private readonly zonesAt: number;
  port: Port | null = null;
  near: readonly Port[] | undefined = undefined;

  constructor(
    track: Track,
    at: number,
    private readonly zones: number,
  ) {
    super(track, at);
    this.zonesAt = this.o + PORT_NUMBERS.length;
    this.cell = Number.NaN;
    this.leaveZones();
  }

  /** When the track entered zone `i` (NaN when outside). */
  zoneEnter(i: number): number {
    return this.f[this.zonesAt + 2 * i];
  }

  setZoneEnter(i: number, t: number): void {
    this.f[this.zonesAt + 2 * i] = t;
  }

  /** The track's last fix inside zone `i`. */
  zoneLast(i: number): number {
    return this.f[this.zonesAt + 2 * i + 1];
  }

  setZoneLast(i: number, t: number): void {
    this.f[this.zonesAt + 2 * i + 1] = t;
  }

  /** Marks the track outside every zone. */
  leaveZones(): void {
    for (let i = 0; i < this.zones; i++) this.setZoneEnter(i, Number.NaN);
  }
}

/** The settings this rule reads (config.ts). */
export type PortCallConfig = ConfigSlice<
  | "draughtPortMarginM"
  | "evidenceMaxPoints"
  | "placeCheckMs"
  | "portExitMarginM"
  | "portMinVisitMs"
  | "portStopSpeedKn"
  | "zoneMinStayMs"
>;

export const portCallRule: DetectorFactory<PortCallDetector> = (ctx) => new PortCallDetector(ctx);

export class PortCallDetector implements Detector {
  private readonly config: PortCallConfig;
  private readonly callPort: (p: Port) => boolean;
  private readonly zones: ZoneRaster[];
  private readonly state: Slot<PortTrackState>;
  /** Where the state lies in a track row, and the vessel's near-port time in its row. */
  private readonly at: number;
  private readonly nearPortAt: number;

  constructor(private readonly ctx: DetectContext) {
    this.config = ctx.config;
    const countries = new Set(ctx.portCallCountries);
    this.callPort = (p) => countries.has(p.country);
    this.zones = ctx.zones.map((z) => new ZoneRaster(z));
    this.state = ctx.trackSlot();
    this.at = ctx.trackLayout.reserve(PORT_NUMBERS.length + 2 * ctx.zones.length);
    this.nearPortAt = ctx.vesselLayout.reserve(1, Number.NEGATIVE_INFINITY);
  }

  /**
   * The vessel's last fix within `draughtPortMarginM` of a port (checked with this
   * rule's cadence, `placeCheckMs`); −∞ if none.
   */
  nearPortT(v: Vessel): number {
    return v.f[v.o + this.nearPortAt];
  }

  private setNearPortT(v: Vessel, t: number): void {
    v.f[v.o + this.nearPortAt] = t;
  }

  onFix(track: Track, p: Position): void {
    const c = this.config;
    // Visits last hours: places are checked at most once per `placeCheckMs` of a track
    // (the time kept on the track, so that a fix between checks reaches no more state).
    if (p.t - track.placeCheckT < c.placeCheckMs) return;
    track.placeCheckT = p.t;
    let st = this.state.get(track);
    if (st === null) {
      st = new PortTrackState(track, this.at, this.ctx.zones.length);
      this.state.set(track, st);
    }
    if (st.port !== null) {
      const edge = distanceM(p.lat, p.lon, st.port.lat, st.port.lon) - st.port.radiusM;
      if (edge > c.portExitMarginM) this.leavePort(track, st);
      else {
        this.setNearPortT(track.vessel, p.t);
        if (p.sog !== null && p.sog < c.portStopSpeedKn) st.stoppedMs += p.t - st.prevT;
        st.lastInT = p.t;
        st.prevT = p.t;
      }
    }
    if (st.port === null) {
      const index = this.ctx.portIndex;
      const cell = index.cellOf(p.lat, p.lon);
      if (cell !== st.cell) {
        st.cell = cell;
        st.near = index.portsIn(cell);
      }
      const port = st.near === undefined ? null : index.within(p.lat, p.lon, 0, st.near);
      if (st.near !== undefined && index.within(p.lat, p.lon, c.draughtPortMarginM, st.near) !== null) {
        this.setNearPortT(track.vessel, p.t);
      }
      if (port !== null) this.enterPort(st, port, p.t);
    }
    const zones = this.zones;
    for (let i = 0; i < zones.length; i++) {
      const inside = zones[i].contains(p.lat, p.lon);
      const was = !Number.isNaN(st.zoneEnter(i));
      if (inside) {
        if (!was) st.setZoneEnter(i, p.t);
        st.setZoneLast(i, p.t);
      } else if (was) this.leaveZone(track, st, i);
    }
  }

  private enterPort(st: PortTrackState, port: Port, t: number): void {
    st.port = port;
    st.enterT = t;
    st.lastInT = t;
    st.prevT = t;
    st.stoppedMs = 0;
  }

  /** Forgets open visits (end of track or stream): they have not ended, so they are not calls yet. */
  onTrackEnd(track: Track): void {
    const st = this.state.get(track);
    if (st === null) return;
    st.port = null;
    st.leaveZones();
  }

  private leavePort(track: Track, st: PortTrackState): void {
    const port = st.port!;
    st.port = null;
    const c = this.config;
    if (st.lastInT - st.enterT < c.portMinVisitMs || !this.callPort(port)) return;
    this.ctx.emit({
      kind: "port_call",
      detector: PORT_CALL_DETECTOR,
      status: "final",
      start: st.enterT,
      end: st.lastInT,
      mmsis: [track.mmsi],
      attributes: {
        port: port.name,
        unlocode: port.unlocode,
        country: port.country,
        durationH: round((st.lastInT - st.enterT) / 3_600_000, 2),
        stoppedH: round(st.stoppedMs / 3_600_000, 2),
      },
      evidence: track.trail.slice(st.enterT, st.lastInT, c.evidenceMaxPoints, track.mmsi),
      discriminator: port.name,
      at: [port.lat, port.lon],
    });
  }

  private leaveZone(track: Track, st: PortTrackState, i: number): void {
    const zone = this.ctx.zones[i];
    const enter = st.zoneEnter(i);
    const last = st.zoneLast(i);
    st.setZoneEnter(i, Number.NaN);
    const c = this.config;
    if (last - enter < c.zoneMinStayMs) return;
    this.ctx.emit({
      kind: "zone",
      detector: ZONE_DETECTOR,
      status: "final",
      start: enter,
      end: last,
      mmsis: [track.mmsi],
      attributes: {
        zone: zone.name,
        zoneKind: zone.kind,
        durationH: round((last - enter) / 3_600_000, 2),
      },
      evidence: track.trail.slice(enter, last, c.evidenceMaxPoints, track.mmsi),
      discriminator: zone.name,
    });
  }
}
